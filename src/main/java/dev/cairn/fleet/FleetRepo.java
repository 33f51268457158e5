package dev.cairn.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One repo of a fleet run as it stands: a value, replaced as the repo's run moves on.
 *
 * @param runId  the repo's own run, readable at {@code GET /runs/{runId}} once it started
 * @param error  why it failed, the detail of the run's problem
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetRepo(String repo, State state, boolean canary, String runId, String error, Long durationMs) {

    /**
     * {@code skipped}: never started because the fleet run stopped (a failure under {@code onError: stop}, a failed
     * canary, a cancel); {@code interrupted}: in flight when Cairn stopped.
     */
    public enum State { notStarted, running, succeeded, failed, skipped, interrupted }

    static FleetRepo waiting(String repo, boolean canary) {
        return new FleetRepo(repo, State.notStarted, canary, null, null, null);
    }

    FleetRepo running(String run) {
        return new FleetRepo(repo, State.running, canary, run, null, null);
    }

    FleetRepo ended(State end, String run, String why, long ms) {
        return new FleetRepo(repo, end, canary, run, why, ms);
    }

    FleetRepo as(State other) {
        return new FleetRepo(repo, other, canary, runId, error, durationMs);
    }

    boolean left() {
        return state == State.notStarted || state == State.interrupted;
    }
}
