package dev.cairn.engine;

import java.time.LocalDateTime;

/** One ledger row. {@code name} and {@code checksum} are null for rows written by Ecto or older tools. */
public record Applied(long version, LocalDateTime insertedAt, String name, String checksum) {}
