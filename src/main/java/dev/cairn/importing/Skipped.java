package dev.cairn.importing;

/** A file of the archive that is not a migration, and why. */
public record Skipped(String file, String reason) {}
