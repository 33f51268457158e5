package dev.cairn.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.store.AtomicFiles;
import dev.cairn.store.StoreFolder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Repos' migration scripts as plain files, so people and git can read and edit them:
 * {@code <store>/<repo>/<version>_<name>/} ({@link MigrationFolders}). Scripts dropped in or edited by hand count
 * at once: what is cached is checked against the files' modification times before every use ({@link ScriptCache}).
 */
@ApplicationScoped
public class ScriptStore {

    private final Path root;
    private final String kind;
    private final ScriptCache cache = new ScriptCache();
    private final MigrationFolders folders;
    private final Map<String, Object> writeGuards = new ConcurrentHashMap<>();

    /** The repos' scripts, at the top of the store. */
    @Inject
    public ScriptStore(StoreFolder store, ObjectMapper json) {
        this(store.root(), json, "repo");
    }

    /** Scripts kept by {@code <root>/<owner>/}; {@code kind} names what an owner is (repo, set) in messages. */
    public ScriptStore(Path root, ObjectMapper json, String kind) {
        this.root = root;
        this.kind = kind;
        this.folders = new MigrationFolders(json, cache);
    }

    /** The repo's folder as the source of its runs. */
    public MigrationSource source(String repoId) {
        return () -> list(repoId);
    }

    /** Every migration of the repo, by version then name; duplicates on disk are kept so a plan can refuse them. */
    public List<ListedMigration> list(String repoId) {
        Path folder = repoFolder(repoId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try {
            return cache.migrations(folder, folders::list);
        } catch (IOException e) {
            throw storeFailure("read the scripts of " + kind + " '" + repoId + "'", e);
        }
    }

    public Optional<ListedMigration> find(String repoId, long version) {
        return list(repoId).stream().filter(m -> m.version() == version).findFirst();
    }

    public ListedMigration get(String repoId, long version) {
        return find(repoId, version).orElseThrow(() -> Problem.MIGRATION_NOT_FOUND.raise(
                kind + " '" + repoId + "' has no migration with version " + version).with("version", version));
    }

    /** Stores a new migration; without a version it gets the current UTC timestamp, as mix ecto.gen.migration does. */
    public Migration create(String repoId, Long version, String name, String up, String down, Boolean transaction) {
        return create(repoId, version, name, up, down, transaction, Timeouts.NONE);
    }

    /** As {@link #create(String, Long, String, String, String, Boolean)}, with the migration's own timeouts. */
    public Migration create(String repoId, Long version, String name, String up, String down, Boolean transaction,
                            Timeouts timeouts) {
        return create(repoId, version, name, up, down, transaction, timeouts, null, null);
    }

    /** Stores a {@link SetPin}: its scripts are comments, its migration.json names the set and the version. */
    public Migration createPin(String repoId, Long version, String name, SetPin pin) {
        return create(repoId, version, name, pin.upComment(), pin.downComment(), null, Timeouts.NONE, pin, null);
    }

    /** Replaces a migration with a {@link SetPin}. */
    public Migration replaceWithPin(String repoId, long version, String name, SetPin pin) {
        return replace(repoId, version, name, pin.upComment(), pin.downComment(), null, Timeouts.NONE, pin, null);
    }

    /**
     * Stores scripts Cairn wrote, with {@code change} (JSON: the request they were written from) kept beside them
     * as {@code change.json}, so a person sees where the SQL came from.
     */
    public Migration createAuthored(String repoId, Long version, String name, String up, String down,
                                    Boolean transaction, Timeouts timeouts, String change) {
        return create(repoId, version, name, up, down, transaction, timeouts, null, change);
    }

    /** Replaces a migration with scripts Cairn wrote, as {@link #createAuthored}. */
    public Migration replaceAuthored(String repoId, long version, String name, String up, String down,
                                     Boolean transaction, Timeouts timeouts, String change) {
        return replace(repoId, version, name, up, down, transaction, timeouts, null, change);
    }

    private Migration create(String repoId, Long version, String name, String up, String down, Boolean transaction,
                             Timeouts timeouts, SetPin pin, String change) {
        validate(name, up);
        synchronized (guard(repoId)) {
            List<ListedMigration> existing = list(repoId);
            long v = version != null ? version : VersionClock.freeTimestamp(existing);
            checkVersion(v);
            for (ListedMigration m : existing) {
                if (m.version() == v) {
                    throw conflict(kind + " '" + repoId + "'", m, "version " + v);
                }
            }
            Migration migration = new Migration(v, name, up, down, transaction, timeouts, pin);
            Path folder = repoFolder(repoId);
            Path temp = folder.resolve(".new-" + UUID.randomUUID());
            try {
                Files.createDirectories(temp);
                folders.writeNew(temp, migration, change);
                Files.move(temp, folder.resolve(v + "_" + name), StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.syncFolder(folder);
            } catch (IOException e) {
                throw storeFailure("store migration " + v + "_" + name, e);
            } finally {
                deleteQuietly(temp);
                cache.forget(folder);
            }
            return migration;
        }
    }

    /** Replaces the scripts of an existing version, possibly under a new name; it then declares no timeouts. */
    public Migration replace(String repoId, long version, String name, String up, String down, Boolean transaction) {
        return replace(repoId, version, name, up, down, transaction, Timeouts.NONE);
    }

    /** Replaces the scripts and settings of an existing version, possibly under a new name. */
    public Migration replace(String repoId, long version, String name, String up, String down, Boolean transaction,
                             Timeouts timeouts) {
        return replace(repoId, version, name, up, down, transaction, timeouts, null, null);
    }

    private Migration replace(String repoId, long version, String name, String up, String down, Boolean transaction,
                              Timeouts timeouts, SetPin pin, String change) {
        validate(name, up);
        synchronized (guard(repoId)) {
            ListedMigration current = get(repoId, version);
            Migration migration = new Migration(version, name, up, down, transaction, timeouts, pin);
            Path folder = repoFolder(repoId).resolve(version + "_" + current.name());
            try {
                folders.overwrite(folder, migration, change);
                if (!current.name().equals(name)) {
                    Files.move(folder, folder.resolveSibling(version + "_" + name), StandardCopyOption.ATOMIC_MOVE);
                    AtomicFiles.syncFolder(folder.getParent());
                }
            } catch (IOException e) {
                throw storeFailure("replace migration " + version, e);
            } finally {
                cache.forget(folder.getParent());
            }
            return migration;
        }
    }

    public void delete(String repoId, long version) {
        synchronized (guard(repoId)) {
            ListedMigration current = get(repoId, version);
            Path folder = repoFolder(repoId).resolve(version + "_" + current.name());
            Path doomed = folder.resolveSibling(".deleted-" + UUID.randomUUID());
            try {
                Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.deleteTree(doomed);
            } catch (IOException e) {
                throw storeFailure("delete migration " + version, e);
            } finally {
                cache.forget(folder.getParent());
            }
        }
    }

    /** Whether the owner has a folder, even an empty one. */
    public boolean exists(String owner) {
        return Files.isDirectory(repoFolder(owner));
    }

    /** Makes the owner's folder; false when it was there already. */
    public boolean createFolder(String owner) {
        Path folder = repoFolder(owner);
        try {
            if (Files.isDirectory(folder)) {
                return false;
            }
            Files.createDirectories(folder);
            AtomicFiles.syncFolder(root);
            return true;
        } catch (IOException e) {
            throw storeFailure("create the folder of " + kind + " '" + owner + "'", e);
        }
    }

    /** Removes the owner's folder and every script in it. */
    public void deleteFolder(String owner) {
        Path folder = repoFolder(owner);
        Path doomed = folder.resolveSibling(".deleted-" + UUID.randomUUID());
        try {
            Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteTree(doomed);
        } catch (IOException e) {
            throw storeFailure("delete the folder of " + kind + " '" + owner + "'", e);
        } finally {
            cache.forget(folder);
        }
    }

    /** The owners with a folder, by name; hidden folders are not owners. */
    public List<String> owners() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw storeFailure("list the " + kind + "s", e);
        }
    }

    private Path repoFolder(String repoId) {
        Path folder = root.resolve(repoId).normalize();
        if (!folder.getParent().equals(root)) {
            throw CairnException.invalid(kind + " id '" + repoId + "' does not name a folder inside the store");
        }
        return folder;
    }

    private Object guard(String repoId) {
        return writeGuards.computeIfAbsent(repoId, k -> new Object());
    }

    private static void validate(String name, String up) {
        if (name == null || !Migration.NAME.matcher(name).matches()) {
            throw CairnException.invalid("name must be snake_case: 1 to 100 of a-z, 0-9 and _ (got "
                    + (name == null ? "nothing" : "'" + abbreviate(name) + "'") + ")").with("field", "name");
        }
        if (up == null) {
            throw CairnException.invalid("up is required: the up script (it may be empty, for a no-op migration)")
                    .with("field", "up");
        }
    }

    static void checkVersion(long version) {
        if (version < 0) {
            throw CairnException.invalid("version must be 0 or more, such as 20240101120000 (got " + version + ")")
                    .with("field", "version");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static CairnException conflict(String owner, ListedMigration existing, String what) {
        return Problem.MIGRATION_EXISTS.raise(owner + " already has " + what + ": migration "
                + existing.version() + "_" + existing.name())
                .with("existingVersion", existing.version()).with("existingName", existing.name());
    }

    static CairnException storeFailure(String action, IOException e) {
        return Problem.STORE_FAILURE.raise("could not " + action + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                + "; nothing was changed. Check the free space and permissions of the store folder.", e);
    }

    private static void deleteQuietly(Path p) {
        try {
            AtomicFiles.deleteTree(p);
        } catch (IOException ignored) {
            // a leftover hidden temp folder is never read as a migration
        }
    }
}
