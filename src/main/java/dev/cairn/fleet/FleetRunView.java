package dev.cairn.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import dev.cairn.run.Run;
import java.util.List;
import java.util.function.Predicate;

/**
 * A fleet run as it stands, a value. {@code estimatedSecondsLeft}: the mean time of the repos done so far, times
 * those left, divided by the concurrency; null until one repo finished. {@code notifications}: the webhook
 * deliveries about its end, added by the API.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetRunView(String fleetRunId, String set, String direction, String strategy, String actor,
                           Instant startedAt, Instant finishedAt, FleetRun.Status status, int concurrency, int canary, String onError,
                           Counts counts, double elapsedSeconds, Double estimatedSecondsLeft,
                           List<FleetRepo> repos, List<Run.Notification> notifications) {

    /** This view with the deliveries about the fleet run; none leaves the field out. */
    public FleetRunView notified(List<Run.Notification> deliveries) {
        return new FleetRunView(fleetRunId, set, direction, strategy, actor, startedAt, finishedAt, status, concurrency,
                canary, onError, counts, elapsedSeconds, estimatedSecondsLeft, repos,
                deliveries.isEmpty() ? null : List.copyOf(deliveries));
    }

    /** The view with only the repos {@code shown} keeps, counted over those; for a caller who may see no others. */
    public FleetRunView only(Predicate<String> shown) {
        List<FleetRepo> kept = repos.stream().filter(r -> shown.test(r.repo())).toList();
        return kept.size() == repos.size() ? this : new FleetRunView(fleetRunId, set, direction, strategy,
                actor, startedAt, finishedAt, status, concurrency, canary, onError, Counts.of(kept), elapsedSeconds,
                estimatedSecondsLeft, kept, notifications);
    }

    public record Counts(int planned, int running, int succeeded, int failed, int skipped, int notStarted,
                         int interrupted) {

        static Counts of(List<FleetRepo> repos) {
            int[] n = new int[FleetRepo.State.values().length];
            repos.forEach(r -> n[r.state().ordinal()]++);
            return new Counts(repos.size(), n[FleetRepo.State.running.ordinal()],
                    n[FleetRepo.State.succeeded.ordinal()], n[FleetRepo.State.failed.ordinal()],
                    n[FleetRepo.State.skipped.ordinal()], n[FleetRepo.State.notStarted.ordinal()],
                    n[FleetRepo.State.interrupted.ordinal()]);
        }
    }
}
