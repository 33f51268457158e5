package dev.cairn.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.problem.Problem;
import dev.cairn.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's layout of one migration: a folder {@code <version>_<name>} holding {@code up.sql}, {@code down.sql}
 * when there is one, {@code migration.json} only when the author chose the transaction mode or timeouts
 * ({@link MigrationSettings}), and {@code change.json} when Cairn wrote the scripts from a request (read by people
 * only: the scripts are what runs).
 */
final class MigrationFolders {

    static final Pattern FOLDER = Pattern.compile("^(\\d{1,19})_([a-z0-9_]{1,100})$");
    private static final String UP = "up.sql", DOWN = "down.sql", META = "migration.json", CHANGE = "change.json";

    private final ObjectMapper json;
    private final ScriptCache cache;

    MigrationFolders(ObjectMapper json, ScriptCache cache) {
        this.json = json;
        this.cache = cache;
    }

    /** The migration folders inside a repo's folder, by version then name, none of their files read. */
    List<ListedMigration> list(Path repoFolder) throws IOException {
        List<ListedMigration> migrations = new ArrayList<>();
        try (var listing = Files.newDirectoryStream(repoFolder)) {
            for (Path entry : listing) {
                Matcher m = FOLDER.matcher(entry.getFileName().toString());
                if (m.matches() && Versions.fits(m.group(1))) {
                    long version = Long.parseLong(m.group(1));
                    String name = m.group(2);
                    migrations.add(new ListedMigration(version, name, () -> read(entry, version, name),
                            () -> cache.checksum(entry, () -> Migration.checksumOf(readUp(entry)))));
                }
            }
        }
        migrations.sort(Comparator.comparingLong(ListedMigration::version).thenComparing(ListedMigration::name));
        return migrations;
    }

    /** Writes a migration into a new, empty folder that nobody reads yet; {@code change} may be null. */
    void writeNew(Path folder, Migration m, String change) throws IOException {
        if (change != null) {
            AtomicFiles.writeSynced(folder.resolve(CHANGE), change);
        }
        AtomicFiles.writeSynced(folder.resolve(UP), m.up());
        if (m.hasDown()) {
            AtomicFiles.writeSynced(folder.resolve(DOWN), m.down());
        }
        if (MigrationSettings.any(m)) {
            AtomicFiles.writeSynced(folder.resolve(META), MigrationSettings.write(json, m));
        }
    }

    /**
     * Replaces the files of an existing folder. Every new file is written in full before the first one is
     * published, so a full or read-only disk fails the call with nothing changed. Down script and metadata are
     * published first: a crash part-way leaves the old up script, which is what the ledger knows. Scripts not
     * written from a {@code change} (null) lose the old change.json, which no longer tells where they came from.
     */
    void overwrite(Path folder, Migration m, String change) throws IOException {
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            if (change != null) {
                staged.put(folder.resolve(CHANGE), AtomicFiles.stage(folder.resolve(CHANGE), change));
            }
            if (m.hasDown()) {
                staged.put(folder.resolve(DOWN), AtomicFiles.stage(folder.resolve(DOWN), m.down()));
            }
            if (MigrationSettings.any(m)) {
                staged.put(folder.resolve(META), AtomicFiles.stage(folder.resolve(META),
                        MigrationSettings.write(json, m)));
            }
            staged.put(folder.resolve(UP), AtomicFiles.stage(folder.resolve(UP), m.up()));
            if (!m.hasDown()) {
                Files.deleteIfExists(folder.resolve(DOWN));
            }
            if (!MigrationSettings.any(m)) {
                Files.deleteIfExists(folder.resolve(META));
            }
            if (change == null) {
                Files.deleteIfExists(folder.resolve(CHANGE));
            }
            for (Map.Entry<Path, Path> file : staged.entrySet()) {
                AtomicFiles.publish(file.getValue(), file.getKey());
            }
            AtomicFiles.syncFolder(folder);
        } finally {
            staged.values().forEach(AtomicFiles::deleteQuietly);
        }
    }

    /** Reads a listed migration's files as they are now. */
    private Migration read(Path folder, long version, String name) {
        String up = readUp(folder);
        try {
            Path downFile = folder.resolve(DOWN);
            String down = Files.isRegularFile(downFile) ? Files.readString(downFile, StandardCharsets.UTF_8) : null;
            Path metaFile = folder.resolve(META);
            MigrationSettings settings = Files.isRegularFile(metaFile)
                    ? MigrationSettings.read(json, Files.readString(metaFile, StandardCharsets.UTF_8),
                    folder.getParent().getFileName() + "/" + folder.getFileName() + "/" + META)
                    : MigrationSettings.NONE;
            return new Migration(version, name, up, down, settings.transaction(), settings.timeouts(),
                    settings.pin());
        } catch (IOException e) {
            throw ScriptStore.storeFailure("read " + folder.getFileName(), e);
        }
    }

    private static String readUp(Path folder) {
        try {
            return Files.readString(folder.resolve(UP), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw Problem.SCRIPT_INCOMPLETE.raise("the store folder " + folder.getParent().getFileName() + "/"
                    + folder.getFileName() + " has no up.sql (or it vanished while being read); add it or remove "
                    + "the folder");
        } catch (IOException e) {
            throw ScriptStore.storeFailure("read " + folder.getFileName(), e);
        }
    }
}
