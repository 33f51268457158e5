package dev.cairn.migration;

import java.util.function.Supplier;

/**
 * A migration as a {@link MigrationSource} lists it: its version and name, with its scripts left where they are, so
 * planning a run over a long history costs a listing rather than reading every script. {@link #load()} reads them
 * as they are now; a listing can be kept and reused while the files change underneath.
 */
public final class ListedMigration {

    private final long version;
    private final String name;
    private final Supplier<Migration> loader;
    private final Supplier<String> checksum;

    public ListedMigration(long version, String name, Supplier<Migration> loader, Supplier<String> checksum) {
        this.version = version;
        this.name = name;
        this.loader = loader;
        this.checksum = checksum;
    }

    public long version() {
        return version;
    }

    public String name() {
        return name;
    }

    /** The scripts as they are now, read once into a value, so a run applies and records exactly what it read. */
    public Migration load() {
        return loader.get();
    }

    /** The up script's checksum; may be up to a second behind a hand edit (see the source's cache). */
    public String checksum() {
        return checksum.get();
    }

    @Override
    public String toString() {
        return version + "_" + name;
    }
}
