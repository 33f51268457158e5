package dev.cairn.migration;

import dev.cairn.problem.CairnException;
import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;

/**
 * How long statements may wait for a lock and run, and how often a migration that timed out waiting for a lock is
 * tried again. A migration waiting behind a long transaction holds its own lock request in the queue, and every
 * other query on the table queues behind it; giving up quickly and retrying keeps the table usable. A run asks for
 * them (its body, else {@code cairn.run.*}), and a migration may declare its own in {@code migration.json}, which
 * win for that migration: its author knows that it rewrites a big table. Null fields mean "as the next level says"
 * (and at the bottom: no limit, no retry).
 */
public record Timeouts(Duration lockTimeout, Integer lockRetries, Duration statementTimeout) {

    public static final Timeouts NONE = new Timeouts(null, null, null);
    static final int MAX_RETRIES = 100;
    private static final Duration LONGEST = Duration.ofDays(1);

    /**
     * Timeouts as written in a run's body or a {@code migration.json}: durations as in Cairn's configuration
     * ({@code "500ms"}, {@code "2s"}, {@code "1m"}), positive and at most a day; retries 0 to 100.
     *
     * @throws CairnException naming the field that is wrong
     */
    public static Timeouts parse(String lockTimeout, Integer lockRetries, String statementTimeout) {
        if (lockRetries != null && (lockRetries < 0 || lockRetries > MAX_RETRIES)) {
            throw CairnException.invalid("lockRetries must be between 0 and " + MAX_RETRIES)
                    .with("field", "lockRetries");
        }
        return new Timeouts(duration(lockTimeout, "lockTimeout"), lockRetries,
                duration(statementTimeout, "statementTimeout"));
    }

    private static Duration duration(String text, String field) {
        if (text == null) {
            return null;
        }
        Duration d;
        try {
            d = DurationConverter.parseDuration(text.trim());
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) {
            throw CairnException.invalid(field + " must be a duration such as \"500ms\", \"2s\" or \"1m\", at "
                    + "most a day").with("field", field);
        }
        return d;
    }

    /** A duration the way {@link #parse} reads it back, in the largest whole unit: {@code "90s"}, {@code "2h"}. */
    public static String text(Duration d) {
        if (d == null) {
            return null;
        }
        long ms = d.toMillis();
        return ms % 3_600_000 == 0 ? ms / 3_600_000 + "h" : ms % 60_000 == 0 ? ms / 60_000 + "m"
                : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** These, with {@code defaults} where these say nothing. */
    public Timeouts or(Timeouts defaults) {
        return new Timeouts(lockTimeout != null ? lockTimeout : defaults.lockTimeout,
                lockRetries != null ? lockRetries : defaults.lockRetries,
                statementTimeout != null ? statementTimeout : defaults.statementTimeout);
    }

    public int retries() {
        return lockRetries == null ? 0 : lockRetries;
    }

    /** Whether a lock or statement limit is set, that is, something the session must be told. */
    public boolean any() {
        return lockTimeout != null || statementTimeout != null;
    }

    /** Whether anything at all is set, retries included. */
    public boolean declared() {
        return any() || lockRetries != null;
    }
}
