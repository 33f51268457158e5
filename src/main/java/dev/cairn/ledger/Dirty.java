package dev.cairn.ledger;

import java.time.LocalDateTime;

/**
 * A migration that ran outside a transaction and did not finish: the database may hold part of it.
 * {@code statementsDone} of its statements are known to have completed.
 */
public record Dirty(long version, String direction, int statementsDone, LocalDateTime since) {}
