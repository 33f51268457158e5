package dev.cairn.repo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.security.PasswordCipher;
import dev.cairn.set.MigrationSets;
import dev.cairn.store.AtomicFiles;
import dev.cairn.store.StoreFolder;
import dev.cairn.target.TargetAccess;
import dev.cairn.target.TargetPools;
import dev.cairn.target.TargetUrl;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** The registered repos, kept as one JSON file each under {@code <store>/.cairn/repos/} so they survive restarts. */
@ApplicationScoped
public class RepoRegistry {

    private static final Logger LOG = Logger.getLogger(RepoRegistry.class);
    public static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
    private static final Pattern PREFIX = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,62}$");
    private static final Pattern LEDGER_TABLE = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,53}$");
    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    // Cairn's own secrets (CAIRN_SECRET_KEY, CAIRN_AUTH_TOKENS, QUARKUS_*): the environment maps to its configuration
    // in any case, so a registration naming one would send it as a password to a server of the caller's choosing.
    private static final Pattern OWN_ENV = Pattern.compile("(?i)^(CAIRN|QUARKUS)_.*");
    // A credential inside the URL would be echoed by drivers and shown by GET /repos.
    private static final Pattern URL_CREDENTIAL = Pattern.compile("(?i)([?&;]password=|//[^/?#]*@)");

    private final Path folder;
    private final ObjectMapper json;
    private final PasswordCipher cipher;
    private final TargetPools pools;
    private final TargetAccess access;
    private final MigrationSets sets;
    // Sorted by id: lists and pages come out in one stable order without sorting 10,000 repos per call.
    private final NavigableMap<String, Repo> repos = new ConcurrentSkipListMap<>();

    public RepoRegistry(StoreFolder store, ObjectMapper json, PasswordCipher cipher, TargetPools pools,
                        TargetAccess access, MigrationSets sets) {
        this.folder = store.state("repos");
        this.json = json;
        this.cipher = cipher;
        this.pools = pools;
        this.access = access;
        this.sets = sets;
        load();
    }

    public List<Repo> list() {
        return List.copyOf(repos.values());
    }

    /** The repos after {@code after} (an id; null from the start), by id, that {@code wanted} keeps. */
    public Stream<Repo> listAfter(String after, Predicate<Repo> wanted) {
        return (after == null ? repos : repos.tailMap(after, false)).values().stream().filter(wanted);
    }

    public Optional<Repo> find(String id) {
        return Optional.ofNullable(repos.get(id));
    }

    public Repo get(String id) {
        checkId(id);
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** The answer for an id no repo is registered as, or one the caller may not see: the two read the same. */
    public static CairnException notFound(String id) {
        return Problem.REPO_NOT_FOUND.raise("no repo is registered as '" + id + "'; register it first")
                .with("repo", id);
    }

    public synchronized Repo register(RepoRegistration r) {
        return register(r, repo -> {});
    }

    /** {@code admit} refuses (by throwing) a valid registration the caller may not make, before its id is checked. */
    public synchronized Repo register(RepoRegistration r, Consumer<Repo> admit) {
        Repo repo = validate(r, r.id());
        admit.accept(repo);
        if (repos.containsKey(repo.id())) {
            throw Problem.REPO_EXISTS.raise("a repo is already registered as '" + repo.id()
                    + "'; replace that registration to change it").with("repo", repo.id());
        }
        save(repo);
        return repo;
    }

    /**
     * Registers all of them or none: every entry is checked first, and any invalid one (or an id registered
     * already or twice in the list) refuses the lot, naming each bad entry. The files are then written and the
     * folder synced once, which keeps a thousand registrations to seconds. An entry {@code admit} refuses (by
     * throwing) is one of the invalid ones.
     */
    public synchronized List<Repo> registerAll(List<RepoRegistration> registrations, Consumer<Repo> admit) {
        List<Repo> valid = new ArrayList<>();
        List<Map<String, Object>> invalid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < registrations.size(); i++) {
            RepoRegistration r = registrations.get(i);
            try {
                if (r == null) {
                    throw CairnException.invalid("the entry is null; give a registration");
                }
                Repo repo = validate(r, r.id());
                admit.accept(repo);
                if (repos.containsKey(repo.id()) || !seen.add(repo.id())) {
                    throw Problem.REPO_EXISTS.raise("'" + repo.id() + "' is registered already or given twice");
                }
                valid.add(repo);
            } catch (CairnException e) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", i);
                entry.put("id", r == null ? null : r.id());
                entry.putAll(e.describe());
                invalid.add(entry);
            }
        }
        if (!invalid.isEmpty()) {
            throw Problem.REGISTRATIONS_INVALID.raise(invalid.size() + " of " + registrations.size()
                    + " registrations are invalid; none was registered").with("invalid", invalid);
        }
        saveAll(valid);
        return valid;
    }

    /**
     * The repo a registration would make, checked as registering checks it but under an id no registered repo can
     * have (ids have no dots), so a pool opened for it is nobody else's. Registers nothing.
     */
    public Repo preview(RepoRegistration r) {
        return checked(r, "preview." + UUID.randomUUID());
    }

    /** Replaces a registration (or creates it); the repo's pool is rebuilt on next use with the new settings. */
    public synchronized Repo replace(String id, RepoRegistration r) {
        return replace(id, r, repo -> {});
    }

    /** As {@link #replace(String, RepoRegistration)}; {@code admit} may refuse the new registration. */
    public synchronized Repo replace(String id, RepoRegistration r, Consumer<Repo> admit) {
        if (r.id() != null && !r.id().equals(id)) {
            throw CairnException.invalid("the body's id '" + r.id() + "' differs from the path's '" + id + "'")
                    .with("field", "id");
        }
        Repo repo = validate(r, id);
        admit.accept(repo);
        save(repo);
        pools.release(id);
        return repo;
    }

    public synchronized void delete(String id) {
        get(id);
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw Problem.STORE_FAILURE.raise("could not delete the registration of '" + id + "': "
                    + e.getMessage(), e);
        }
        repos.remove(id);
        pools.release(id);
    }

    private Repo validate(RepoRegistration r, String id) {
        checkId(id);
        return checked(r, id);
    }

    private Repo checked(RepoRegistration r, String id) {
        if (r.url() == null || r.url().isBlank()) {
            throw CairnException.invalid("url is required, e.g. jdbc:postgresql://db.example.com:5432/app")
                    .with("field", "url");
        }
        TargetUrl.dialectOf(r.url());
        if (URL_CREDENTIAL.matcher(r.url()).find()) {
            throw CairnException.invalid("url must not carry credentials; send them as username and password "
                    + "(or passwordEnv) so they are never shown").with("field", "url");
        }
        access.checkRegistration(r.url().strip(), r.tls());
        if (r.password() != null && r.passwordEnv() != null) {
            throw CairnException.invalid("give either password or passwordEnv, not both").with("field", "password");
        }
        if (r.passwordEnv() != null && !ENV_NAME.matcher(r.passwordEnv()).matches()) {
            throw CairnException.invalid("passwordEnv must be an environment variable name such as APP_DB_PASSWORD")
                    .with("field", "passwordEnv");
        }
        if (r.passwordEnv() != null && OWN_ENV.matcher(r.passwordEnv()).matches()) {
            throw CairnException.invalid("passwordEnv must not name one of Cairn's own variables (CAIRN_*, QUARKUS_*): "
                    + "they hold Cairn's secrets; put the target's password in a variable of its own")
                    .with("field", "passwordEnv");
        }
        if (r.prefix() != null && !PREFIX.matcher(r.prefix()).matches()) {
            throw CairnException.invalid("prefix must be an identifier: a letter or _, then letters, digits or _, "
                    + "at most 63 characters").with("field", "prefix");
        }
        if (r.ledgerTable() != null && !LEDGER_TABLE.matcher(r.ledgerTable()).matches()) {
            throw CairnException.invalid("ledgerTable must be an identifier: a letter or _, then letters, digits or "
                    + "_, at most 54 characters (its dirty marks go in <ledgerTable>_progress)")
                    .with("field", "ledgerTable");
        }
        sets.checkInstallable(r.sets(), r.ledgerTable() == null ? EctoLedger.TABLE : r.ledgerTable());
        String encrypted = r.password() == null ? null : cipher.encrypt(r.password());
        return new Repo(id, r.url().strip(), r.username(), encrypted, r.passwordEnv(), r.prefix(),
                r.createSchema() == null || r.createSchema(), r.labels(), r.ledgerTable(), r.tls(), r.sets());
    }

    static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw CairnException.invalid("repo id must match ^[a-z0-9][a-z0-9_-]{0,62}$").with("field", "id");
        }
    }

    private void save(Repo repo) {
        try {
            Files.createDirectories(folder);
            AtomicFiles.write(file(repo.id()), json.writerWithDefaultPrettyPrinter().writeValueAsString(repo));
        } catch (IOException e) {
            throw Problem.STORE_FAILURE.raise("could not save the registration of '" + repo.id() + "': "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                    + "; nothing was changed. Check the free space and permissions of the store folder.", e);
        }
        repos.put(repo.id(), repo);
    }

    private void saveAll(List<Repo> batch) {
        List<Path> staged = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (Repo repo : batch) {
                staged.add(AtomicFiles.stage(file(repo.id()), json.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(repo)));
            }
            for (int i = 0; i < batch.size(); i++) {
                AtomicFiles.publish(staged.get(i), file(batch.get(i).id()));
            }
            AtomicFiles.syncFolder(folder);
        } catch (IOException e) {
            staged.forEach(AtomicFiles::deleteQuietly);
            batch.forEach(r -> AtomicFiles.deleteQuietly(file(r.id())));
            throw Problem.STORE_FAILURE.raise("could not save the registrations: " + e.getClass().getSimpleName()
                    + "; none was registered. Check the free space and permissions of the store folder.", e);
        }
        batch.forEach(r -> repos.put(r.id(), r));
    }

    private Path file(String id) {
        return folder.resolve(id + ".json");
    }

    private void load() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path f : files) {
                try {
                    Repo repo = json.readValue(f.toFile(), Repo.class);
                    repos.put(repo.id(), repo);
                } catch (IOException e) {
                    LOG.errorf("Skipping unreadable repo registration %s: %s", f.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the repo registry at " + folder, e);
        }
        LOG.infof("Loaded %d repo registration(s) from %s", repos.size(), folder);
    }
}
