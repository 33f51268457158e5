package dev.cairn.scripts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Cairn last read from the store, so a run over a long history costs one look at the repo folder instead of
 * listing thousands of folders, and status does not re-read and re-hash unchanged scripts. Every cached fact is
 * checked against the file system's modification times before use, so files changed by hand still count at once.
 * A read taken within {@link #SETTLE_MILLIS} of the change it saw is not trusted: file times are coarse, and a
 * second change in the same tick would not move them (git treats its index the same way).
 */
final class ScriptCache {

    static final long SETTLE_MILLIS = 1_000;

    /** A migration folder as listed: {@code <version>_<name>}. */
    record Entry(long version, String name, Path folder) {}

    private record Listing(FileTime folderTime, List<Entry> entries) {}

    /** Modification time and size of up.sql, down.sql and migration.json (-1 when absent). */
    private record Stamp(long[] times, long[] sizes, long newest) {
        boolean same(Stamp other) {
            return Arrays.equals(times, other.times) && Arrays.equals(sizes, other.sizes);
        }
    }

    private record Loaded(Stamp stamp, Migration.Scripts scripts) {}

    interface Lister {
        List<Entry> list(Path folder) throws IOException;
    }

    interface Reader {
        Migration.Scripts read(Path folder);
    }

    private final Map<Path, Listing> listings = new ConcurrentHashMap<>();
    private final Map<Path, Loaded> scripts = new ConcurrentHashMap<>();

    /** The repo folder's entries, listed again only when the folder changed. */
    List<Entry> entries(Path repoFolder, Lister lister) throws IOException {
        FileTime time = Files.getLastModifiedTime(repoFolder);
        Listing cached = listings.get(repoFolder);
        if (cached != null && cached.folderTime().equals(time)) {
            return cached.entries();
        }
        long listedAt = System.currentTimeMillis();
        List<Entry> entries = List.copyOf(lister.list(repoFolder));
        if (settled(time, listedAt)) {
            listings.put(repoFolder, new Listing(time, entries));
            Set<Path> folders = new HashSet<>();
            entries.forEach(e -> folders.add(e.folder()));
            scripts.keySet().removeIf(f -> f.getParent().equals(repoFolder) && !folders.contains(f));
        } else {
            listings.remove(repoFolder);
        }
        return entries;
    }

    /** A migration folder's scripts, read again only when one of its files changed. */
    Migration.Scripts scripts(Path folder, Reader reader) {
        Stamp before = stamp(folder);
        Loaded cached = scripts.get(folder);
        if (cached != null && cached.stamp().same(before)) {
            return cached.scripts();
        }
        long readAt = System.currentTimeMillis();
        Migration.Scripts read = reader.read(folder);
        if (before.newest() >= 0 && readAt - before.newest() > SETTLE_MILLIS && before.same(stamp(folder))) {
            scripts.put(folder, new Loaded(before, read));
        } else {
            scripts.remove(folder);
        }
        return read;
    }

    void forget(Path repoFolder) {
        listings.remove(repoFolder);
        scripts.keySet().removeIf(f -> f.getParent().equals(repoFolder));
    }

    private static boolean settled(FileTime changed, long readAt) {
        return readAt - changed.toMillis() > SETTLE_MILLIS;
    }

    private static Stamp stamp(Path folder) {
        String[] files = {"up.sql", "down.sql", "migration.json"};
        long[] times = new long[files.length], sizes = new long[files.length];
        long newest = -1;
        for (int i = 0; i < files.length; i++) {
            try {
                BasicFileAttributes a = Files.readAttributes(folder.resolve(files[i]), BasicFileAttributes.class);
                times[i] = a.lastModifiedTime().toMillis();
                sizes[i] = a.size();
                newest = Math.max(newest, times[i]);
            } catch (NoSuchFileException e) {
                times[i] = sizes[i] = -1;
            } catch (IOException e) {
                // Unreadable attributes: never matches a cached stamp, so the read itself reports the problem.
                return new Stamp(new long[] {System.nanoTime()}, new long[0], -1);
            }
        }
        return new Stamp(times, sizes, newest);
    }
}
