package dev.cairn.plan;

import dev.cairn.migration.Timeouts;
import java.time.Duration;

/**
 * One migrate or rollback call. {@code lockWait} null means the configured default; {@code strictOrder} refuses
 * a plan that would apply a migration older than the current version; {@code timeouts} bound its statements.
 */
public record RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder,
                         Duration lockWait, String actor, Timeouts timeouts) {

    public RunRequest {
        timeouts = timeouts == null ? Timeouts.NONE : timeouts;
    }

    /** A request with the configured timeouts. */
    public RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder, Duration lockWait,
                      String actor) {
        this(direction, strategy, dryRun, strictOrder, lockWait, actor, Timeouts.NONE);
    }
}
