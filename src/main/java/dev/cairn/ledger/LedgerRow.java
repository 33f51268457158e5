package dev.cairn.ledger;

import java.time.LocalDateTime;

/**
 * One row of the ledger: a version applied, and when. {@code name} and {@code checksum} are Cairn's columns, null
 * for rows written by Ecto or older tools.
 */
public record LedgerRow(long version, LocalDateTime insertedAt, String name, String checksum) {}
