package dev.cairn.migration;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What Cairn last read from the store, so a run over a long history costs one look at the repo folder instead of
 * listing thousands of folders, and status does not re-read and re-hash every up script. Every cached fact is
 * checked against the file system's modification times before use, so files changed by hand still count at once.
 * A read taken within {@link #SETTLE_MILLIS} of the change it saw is not trusted: file times are coarse, and a
 * second change in the same tick would not move them (git treats its index the same way).
 */
final class ScriptCache {

    static final long SETTLE_MILLIS = 1_000;
    static final long RECHECK_NANOS = 1_000_000_000L;

    private record Listing(FileTime folderTime, List<ListedMigration> migrations) {}

    /** An up script's checksum, the file's time and size it belongs to, and when they were last compared. */
    private record Checksum(long modified, long size, String value, long checkedAt) {}

    interface Lister {
        List<ListedMigration> list(Path folder) throws IOException;
    }

    private final Map<Path, Listing> listings = new ConcurrentHashMap<>();
    private final Map<Path, Checksum> checksums = new ConcurrentHashMap<>();

    /**
     * The repo folder's migrations, listed again only when the folder changed. The same list is handed out while
     * nothing changed: its migrations keep nothing of their files, so it stays true as scripts are edited.
     */
    List<ListedMigration> migrations(Path repoFolder, Lister lister) throws IOException {
        FileTime time = Files.getLastModifiedTime(repoFolder);
        Listing cached = listings.get(repoFolder);
        if (cached != null && cached.folderTime().equals(time)) {
            return cached.migrations();
        }
        long listedAt = System.currentTimeMillis();
        List<ListedMigration> migrations = List.copyOf(lister.list(repoFolder));
        if (listedAt - time.toMillis() > SETTLE_MILLIS) {
            listings.put(repoFolder, new Listing(time, migrations));
        } else {
            listings.remove(repoFolder);
        }
        return migrations;
    }

    /**
     * The checksum of a migration folder's up script, computed again only when the file changed. The file is
     * compared at most every {@link #RECHECK_NANOS}: with 20 migrations per repo and thousands of status calls a
     * second, looking at every file on every call was 40 % of a status call's CPU. So status notices a hand edit
     * of an applied script within a second; runs read the scripts they execute afresh, and writes through the API
     * forget the cache at once. java.io.File answers a missing file with 0 instead of an exception.
     */
    String checksum(Path folder, Supplier<String> compute) {
        long now = System.nanoTime();
        Checksum cached = checksums.get(folder);
        if (cached != null && now - cached.checkedAt() < RECHECK_NANOS) {
            return cached.value();
        }
        File up = folder.resolve("up.sql").toFile();
        long modified = up.lastModified(), size = up.length();
        if (cached != null && cached.modified() == modified && cached.size() == size && modified != 0) {
            checksums.put(folder, new Checksum(modified, size, cached.value(), now));
            return cached.value();
        }
        long readAt = System.currentTimeMillis();
        String value = compute.get();
        if (modified != 0 && readAt - modified > SETTLE_MILLIS && up.lastModified() == modified
                && up.length() == size) {
            checksums.put(folder, new Checksum(modified, size, value, now));
        } else {
            checksums.remove(folder);
        }
        return value;
    }

    void forget(Path repoFolder) {
        listings.remove(repoFolder);
        checksums.keySet().removeIf(f -> f.getParent().equals(repoFolder));
    }
}
