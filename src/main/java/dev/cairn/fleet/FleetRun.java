package dev.cairn.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet run in progress or ended: each repo's state, and whether it was asked to stop. Changed by the threads
 * running its repos, read by callers through {@link #view()}.
 */
public final class FleetRun {

    /** {@code interrupted}: Cairn stopped while it ran; {@code POST …/resume} runs the repos left. */
    public enum Status { running, succeeded, failed, cancelled, interrupted }

    private final String id;
    private final FleetRequest request;
    private final Instant startedAt;
    private final Map<String, FleetRepo> repos = new LinkedHashMap<>();
    private Status status = Status.running;
    private Instant finishedAt;
    private volatile boolean cancelled;
    private volatile boolean halted;

    FleetRun(String id, FleetRequest request, Instant startedAt) {
        this.id = id;
        this.request = request;
        this.startedAt = startedAt;
        for (int i = 0; i < request.repos().size(); i++) {
            String repo = request.repos().get(i);
            repos.put(repo, FleetRepo.waiting(repo, i < request.canary()));
        }
    }

    public String id() {
        return id;
    }

    public FleetRequest request() {
        return request;
    }

    public Instant startedAt() {
        return startedAt;
    }

    synchronized void update(FleetRepo repo) {
        repos.put(repo.repo(), repo);
    }

    synchronized FleetRepo repo(String id) {
        return repos.get(id);
    }

    /** The repos still to run, in the request's order; canaries first. */
    synchronized List<FleetRepo> left() {
        return repos.values().stream().filter(FleetRepo::left).toList();
    }

    synchronized boolean anyFailed() {
        return repos.values().stream().anyMatch(r -> r.state() == FleetRepo.State.failed);
    }

    void cancel() {
        cancelled = true;
    }

    /** A canary failed: nothing else starts, whatever {@code onError} says. */
    void halt() {
        halted = true;
    }

    /** Whether no further repo may start. */
    boolean stopping() {
        return cancelled || halted || (request.stopOnError() && anyFailed());
    }

    synchronized boolean running() {
        return status == Status.running;
    }

    /** Marks what never started as skipped and ends the run; the status follows from the repos. */
    synchronized Status end(Instant at) {
        repos.replaceAll((k, r) -> r.left() ? r.as(FleetRepo.State.skipped) : r);
        status = cancelled ? Status.cancelled : anyFailed() ? Status.failed : Status.succeeded;
        finishedAt = at;
        return status;
    }

    /** As found in the journal after a restart. */
    synchronized void restored(Status ended, Instant at) {
        status = ended;
        finishedAt = at;
        if (ended == Status.interrupted) {
            repos.replaceAll((k, r) -> r.state() == FleetRepo.State.running ? r.as(FleetRepo.State.interrupted) : r);
        }
    }

    synchronized void resumed() {
        status = Status.running;
        finishedAt = null;
        cancelled = false;
        halted = false;
    }

    public synchronized FleetRunView view() {
        List<FleetRepo> all = new ArrayList<>(repos.values());
        FleetRunView.Counts counts = FleetRunView.Counts.of(all);
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        double elapsed = Duration.between(startedAt, end).toMillis() / 1000.0;
        return new FleetRunView(id, request.run().set(), request.run().direction().word(), request.run().strategy().toString(),
                request.run().actor(), startedAt, finishedAt, status, request.concurrency(), request.canary(),
                request.stopOnError() ? "stop" : "continue", counts, elapsed, estimate(all, counts), all, null);
    }

    private Double estimate(List<FleetRepo> all, FleetRunView.Counts counts) {
        if (status != Status.running) {
            return null;
        }
        long done = 0;
        long ms = 0;
        for (FleetRepo r : all) {
            if (r.durationMs() != null) {
                done++;
                ms += r.durationMs();
            }
        }
        if (done == 0) {
            return null;
        }
        int left = counts.notStarted() + counts.interrupted() + counts.running();
        return Math.round(ms / (double) done * left / Math.max(1, request.concurrency()) / 100.0) / 10.0;
    }
}
