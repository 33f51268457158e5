package dev.cairn.plan;

import dev.cairn.migration.Timeouts;
import java.time.Duration;

/**
 * One migrate or rollback call. {@code lockWait} null means the configured default; {@code strictOrder} refuses
 * a plan that would apply a migration older than the current version; {@code timeouts} bound its statements;
 * {@code set} names the migration set to run instead of the repo's own migrations; {@code requestId} is the
 * {@code X-Request-ID} of the call that asked, null when none did; {@code atomic} runs the whole plan in one
 * transaction with its ledger rows.
 */
public record RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder,
                         Duration lockWait, String actor, Timeouts timeouts, String set, String requestId,
                         boolean atomic) {

    public RunRequest {
        timeouts = timeouts == null ? Timeouts.NONE : timeouts;
    }

    /** A run whose migrations each commit on their own. */
    public RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder, Duration lockWait,
                      String actor, Timeouts timeouts, String set, String requestId) {
        this(direction, strategy, dryRun, strictOrder, lockWait, actor, timeouts, set, requestId, false);
    }

    /** A run of the repo's own migrations. */
    public RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder, Duration lockWait,
                      String actor, Timeouts timeouts) {
        this(direction, strategy, dryRun, strictOrder, lockWait, actor, timeouts, null, null);
    }

    /** The same run, of the set's migrations instead of the repo's own. */
    public RunRequest ofSet(String setId) {
        return new RunRequest(direction, strategy, dryRun, strictOrder, lockWait, actor, timeouts, setId, requestId,
                atomic);
    }

    /** A request with the configured timeouts. */
    public RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder, Duration lockWait,
                      String actor) {
        this(direction, strategy, dryRun, strictOrder, lockWait, actor, Timeouts.NONE);
    }
}
