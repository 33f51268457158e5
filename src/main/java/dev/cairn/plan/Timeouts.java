package dev.cairn.plan;

import java.time.Duration;

/**
 * How long a run's statements may wait for a lock and run, and how often a migration that timed out waiting for a
 * lock is tried again. A migration waiting behind a long transaction holds its own lock request in the queue, and
 * every other query on the table queues behind it; giving up quickly and retrying keeps the table usable. Null
 * fields mean "as configured" (and unset there: no limit, no retry).
 */
public record Timeouts(Duration lockTimeout, Integer lockRetries, Duration statementTimeout) {

    public static final Timeouts NONE = new Timeouts(null, null, null);

    /** These, with {@code defaults} where these say nothing. */
    public Timeouts or(Timeouts defaults) {
        return new Timeouts(lockTimeout != null ? lockTimeout : defaults.lockTimeout,
                lockRetries != null ? lockRetries : defaults.lockRetries,
                statementTimeout != null ? statementTimeout : defaults.statementTimeout);
    }

    public int retries() {
        return lockRetries == null ? 0 : lockRetries;
    }

    public boolean any() {
        return lockTimeout != null || statementTimeout != null;
    }
}
