package dev.cairn.scripts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.CairnException;
import dev.cairn.config.CairnConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Migration scripts as plain files, so people and git can read and edit them:
 * {@code <root>/<repo>/<version>_<name>/up.sql}, {@code down.sql}, and {@code migration.json} only when the
 * author chose the transaction mode. Scripts dropped in or edited by hand count at once: what is cached is checked
 * against the files' modification times before every use ({@link ScriptCache}).
 */
@ApplicationScoped
public class ScriptStore {

    private static final Pattern FOLDER = Pattern.compile("^(\\d{1,18})_([a-z0-9_]{1,100})$");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String UP = "up.sql", DOWN = "down.sql", META = "migration.json";

    private final Path root;
    private final ObjectMapper json;
    private final Map<String, Object> writeGuards = new ConcurrentHashMap<>();
    private final ScriptCache cache = new ScriptCache();

    public ScriptStore(CairnConfig config, ObjectMapper json) {
        this.root = Path.of(config.store().path()).toAbsolutePath().normalize();
        this.json = json;
    }

    public Path root() {
        return root;
    }

    /** Every migration of the repo, by version then name; duplicates on disk are kept so a plan can refuse them. */
    public List<Migration> list(String repoId) {
        Path folder = repoFolder(repoId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try {
            return cache.migrations(folder, this::listFolder);
        } catch (IOException e) {
            throw storeFailure("read the scripts of repo '" + repoId + "'", e);
        }
    }

    private List<Migration> listFolder(Path folder) throws IOException {
        List<Migration> migrations = new ArrayList<>();
        try (var listing = Files.newDirectoryStream(folder)) {
            for (Path entry : listing) {
                Matcher m = FOLDER.matcher(entry.getFileName().toString());
                if (m.matches()) {
                    migrations.add(new Migration(Long.parseLong(m.group(1)), m.group(2), () -> read(entry),
                            () -> cache.checksum(entry, () -> Migration.checksumOf(readUp(entry)))));
                }
            }
        }
        migrations.sort(Comparator.comparingLong(Migration::version).thenComparing(Migration::name));
        return migrations;
    }

    public Optional<Migration> find(String repoId, long version) {
        return list(repoId).stream().filter(m -> m.version() == version).findFirst();
    }

    public Migration get(String repoId, long version) {
        return find(repoId, version).orElseThrow(() -> CairnException.notFound("migration",
                "repo '" + repoId + "' has no migration with version " + version).with("version", version));
    }

    /** Stores a new migration; without a version it gets the current UTC timestamp, as mix ecto.gen.migration does. */
    public Migration create(String repoId, Long version, String name, String up, String down, Boolean transaction) {
        validate(name, up);
        synchronized (guard(repoId)) {
            List<Migration> existing = list(repoId);
            long v = version != null ? version : freeTimestamp(existing);
            checkVersion(v);
            for (Migration m : existing) {
                if (m.version() == v || m.name().equals(name)) {
                    throw conflict(repoId, m, m.version() == v ? "version " + v : "name '" + name + "'");
                }
            }
            Migration migration = new Migration(v, name, up, down, transaction);
            Path folder = repoFolder(repoId);
            Path temp = folder.resolve(".new-" + UUID.randomUUID());
            try {
                Files.createDirectories(temp);
                writeFiles(temp, migration, true);
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

    /** Replaces the scripts of an existing version, possibly under a new name. */
    public Migration replace(String repoId, long version, String name, String up, String down, Boolean transaction) {
        validate(name, up);
        synchronized (guard(repoId)) {
            Migration current = get(repoId, version);
            for (Migration m : list(repoId)) {
                if (m.version() != version && m.name().equals(name)) {
                    throw conflict(repoId, m, "name '" + name + "'");
                }
            }
            Migration migration = new Migration(version, name, up, down, transaction);
            Path folder = repoFolder(repoId).resolve(version + "_" + current.name());
            try {
                writeFiles(folder, migration, false);
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
            Migration current = get(repoId, version);
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

    /** True when the store folder can be listed and written, for the readiness check. */
    public boolean writable() {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void writeFiles(Path folder, Migration m, boolean fresh) throws IOException {
        if (fresh) {
            AtomicFiles.writeSynced(folder.resolve(UP), m.up());
            if (m.hasDown()) {
                AtomicFiles.writeSynced(folder.resolve(DOWN), m.down());
            }
            if (m.transaction() != null) {
                AtomicFiles.writeSynced(folder.resolve(META), metadata(m));
            }
            return;
        }
        // Every new file is written in full before the first one is published, so a full or read-only disk fails
        // the call with nothing changed. Down script and metadata are published first: a crash part-way leaves the
        // old up script, which is what the ledger knows.
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            if (m.hasDown()) {
                staged.put(folder.resolve(DOWN), AtomicFiles.stage(folder.resolve(DOWN), m.down()));
            }
            if (m.transaction() != null) {
                staged.put(folder.resolve(META), AtomicFiles.stage(folder.resolve(META), metadata(m)));
            }
            staged.put(folder.resolve(UP), AtomicFiles.stage(folder.resolve(UP), m.up()));
            if (!m.hasDown()) {
                Files.deleteIfExists(folder.resolve(DOWN));
            }
            if (m.transaction() == null) {
                Files.deleteIfExists(folder.resolve(META));
            }
            for (Map.Entry<Path, Path> file : staged.entrySet()) {
                AtomicFiles.publish(file.getValue(), file.getKey());
            }
            AtomicFiles.syncFolder(folder);
        } finally {
            staged.values().forEach(AtomicFiles::deleteQuietly);
        }
    }

    private String metadata(Migration m) throws IOException {
        return json.writeValueAsString(Map.of("transaction", m.transaction())) + "\n";
    }

    /** Reads a listed migration's files; each call reads them as they are now. */
    private Migration.Scripts read(Path folder) {
        String up = readUp(folder);
        try {
            Path downFile = folder.resolve(DOWN);
            String down = Files.isRegularFile(downFile) ? Files.readString(downFile, StandardCharsets.UTF_8) : null;
            Path metaFile = folder.resolve(META);
            Boolean transaction = null;
            if (Files.isRegularFile(metaFile)) {
                var meta = json.readTree(metaFile.toFile());
                if (meta.hasNonNull("transaction")) {
                    transaction = meta.get("transaction").asBoolean(true);
                }
            }
            return new Migration.Scripts(up, down, transaction);
        } catch (IOException e) {
            throw storeFailure("read " + folder.getFileName(), e);
        }
    }

    private String readUp(Path folder) {
        try {
            return Files.readString(folder.resolve(UP), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CairnException(CairnException.Kind.CONFLICT, "script-incomplete", "Script incomplete",
                    "the store folder " + folder.getParent().getFileName() + "/" + folder.getFileName()
                            + " has no up.sql (or it vanished while being read); add it or remove the folder");
        } catch (IOException e) {
            throw storeFailure("read " + folder.getFileName(), e);
        }
    }

    private long freeTimestamp(List<Migration> existing) {
        LocalDateTime t = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        while (true) {
            long candidate = Long.parseLong(t.format(TIMESTAMP));
            if (existing.stream().noneMatch(m -> m.version() == candidate)) {
                return candidate;
            }
            t = t.plusSeconds(1);
        }
    }

    private Path repoFolder(String repoId) {
        Path folder = root.resolve(repoId).normalize();
        if (!folder.getParent().equals(root)) {
            throw CairnException.invalid("repo id '" + repoId + "' does not name a folder inside the store");
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
        if (up == null || up.isBlank()) {
            throw CairnException.invalid("the up script is empty").with("field", "up");
        }
    }

    static void checkVersion(long version) {
        if (version <= 0) {
            throw CairnException.invalid("version must be a positive number such as 20240101120000 (got " + version + ")")
                    .with("field", "version");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static CairnException conflict(String repoId, Migration existing, String what) {
        return new CairnException(CairnException.Kind.CONFLICT, "migration-exists", "Migration already exists",
                "repo '" + repoId + "' already has " + what + ": migration " + existing.version() + "_" + existing.name())
                .with("existingVersion", existing.version()).with("existingName", existing.name());
    }

    private static CairnException storeFailure(String action, IOException e) {
        return new CairnException(CairnException.Kind.INTERNAL, "store-failure", "Script store failure",
                "could not " + action + ": " + e.getClass().getSimpleName()
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
