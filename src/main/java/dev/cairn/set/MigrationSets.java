package dev.cairn.set;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.store.StoreFolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sets: named, versioned lists of migrations stored once and installed into many repos, as a library ships its own
 * migrations (PhoenixKit). Each set's scripts are plain files in {@code <store>/.sets/<id>/}, laid out as a repo's.
 */
@ApplicationScoped
public class MigrationSets {

    /** Short, so the set's ledger table name ({@link #ledgerTable}) stays an identifier every engine takes. */
    public static final Pattern ID = Pattern.compile("^[a-z][a-z0-9_]{0,29}$");

    private final ScriptStore scripts;

    public MigrationSets(StoreFolder store, ObjectMapper json) {
        this.scripts = new ScriptStore(store.root().resolve(".sets"), json, "set");
    }

    /** The sets' scripts, written and read as a repo's are. */
    public ScriptStore scripts() {
        return scripts;
    }

    public void create(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw CairnException.invalid("set id must match " + ID.pattern() + ": a letter, then up to 29 of a-z, "
                    + "0-9 and _").with("field", "id");
        }
        if (!scripts.createFolder(id)) {
            throw Problem.SET_EXISTS.raise("set '" + id + "' exists already").with("set", id);
        }
    }

    public List<String> ids() {
        return scripts.owners();
    }

    /** Deletes the set and its scripts; the caller checked that no repo installs it. */
    public void delete(String id) {
        require(id);
        scripts.deleteFolder(id);
    }

    /** Refuses a set that does not exist. */
    public void require(String id) {
        if (id == null || !ID.matcher(id).matches() || !scripts.exists(id)) {
            throw Problem.SET_NOT_FOUND.raise("there is no set '" + id + "'").with("set", id);
        }
    }

    /** The set's migrations, by version. */
    public List<ListedMigration> list(String id) {
        require(id);
        return scripts.list(id);
    }

    /**
     * Refuses a registration's list of sets naming a set twice or one that does not exist, or whose ledger name
     * ({@link #ledgerTable}) would be too long beside the repo's ledger {@code ledger}.
     */
    public void checkInstallable(List<String> installed, String ledger) {
        if (installed == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String set : installed) {
            if (set == null || !seen.add(set)) {
                throw CairnException.invalid("sets lists each set once, by id").with("field", "sets");
            }
            if (!ID.matcher(set).matches() || !scripts.exists(set)) {
                throw CairnException.invalid("sets names '" + set + "', which does not exist; create the set "
                        + "first").with("field", "sets");
            }
            if (ledgerTable(ledger, set).length() > 54) {
                throw CairnException.invalid("the ledger of set '" + set + "' would be " + ledgerTable(ledger, set)
                        + ", longer than the 54 characters an identifier may have here; use a shorter ledgerTable")
                        .with("field", "sets");
            }
        }
    }

    /** The table where a set's applied versions are kept, beside the repo's ledger {@code ledger}. */
    public static String ledgerTable(String ledger, String set) {
        return ledger + "__" + set;
    }

    /** Refuses a run of a set the repo does not install. */
    public static void requireInstalled(Repo repo, String set) {
        if (!repo.sets().contains(set)) {
            throw Problem.SET_NOT_INSTALLED.raise("repo '" + repo.id() + "' does not install set '" + set
                    + "'; add it to the registration's sets first").with("set", set);
        }
    }
}
