package dev.cairn.migration;

/**
 * A repo migration that, instead of SQL of its own, brings an installed set to a version: applying it migrates the
 * set up to and including {@code version}, reverting it rolls the set back through {@code version}, as a host
 * application's migration calls {@code PhoenixKit.Migrations.up(version: 2)} and {@code down(version: 2)}.
 */
public record SetPin(String set, long version) {

    /** The up script a pin is stored with: a comment, so the folder reads like any other and its checksum is its. */
    public String upComment() {
        return "-- brings set " + set + " up to version " + version + " (a set pin: see migration.json)\n";
    }

    public String downComment() {
        return "-- rolls set " + set + " back through version " + version + " (a set pin: see migration.json)\n";
    }
}
