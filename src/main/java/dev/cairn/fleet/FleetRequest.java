package dev.cairn.fleet;

import dev.cairn.plan.RunRequest;
import java.util.List;

/**
 * One fleet call: the same {@code run} on each of {@code repos}, in that order. The first {@code canary} run alone,
 * one after the other; then up to {@code concurrency} at once. {@code stopOnError}: after a failure no new repo
 * starts, those in flight finish.
 */
public record FleetRequest(List<String> repos, RunRequest run, int concurrency, int canary, boolean stopOnError) {

    public FleetRequest {
        repos = List.copyOf(repos);
    }
}
