package dev.cairn.importing;

import java.util.List;

/**
 * A migration read from an archive in another tool's layout, as Cairn will store it; {@code files} are the names
 * it had there, {@code transaction} null where the tool left the choice to the database.
 */
public record ImportedMigration(long version, String name, List<String> files, String up, String down,
                                Boolean transaction) {}
