package dev.cairn.plan;

import dev.cairn.migration.Timeouts;
import java.time.Duration;

/**
 * One migrate or rollback call. {@code lockWait} null means the configured default; {@code strictOrder} refuses
 * a plan that would apply a migration older than the current version; {@code timeouts} bound its statements;
 * {@code requestId} is the {@code X-Request-ID} of the call that asked, null when none did.
 */
public record RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder,
                         Duration lockWait, String actor, Timeouts timeouts, String requestId) {

    public RunRequest {
        timeouts = timeouts == null ? Timeouts.NONE : timeouts;
    }

    public RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder, Duration lockWait,
                      String actor, Timeouts timeouts) {
        this(direction, strategy, dryRun, strictOrder, lockWait, actor, timeouts, null);
    }

    /** A request with the configured timeouts. */
    public RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder, Duration lockWait,
                      String actor) {
        this(direction, strategy, dryRun, strictOrder, lockWait, actor, Timeouts.NONE);
    }
}
