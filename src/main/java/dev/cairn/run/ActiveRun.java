package dev.cairn.run;

import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run while it runs: the runner advances it, any thread may read a {@link #snapshot()} of it, and anyone may ask
 * it to {@link #cancel()}. No new migration starts once cancelled; a statement in a transactional migration is
 * cancelled on the server, so the migration rolls back and leaves nothing.
 */
public final class ActiveRun {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final String runId;
    private final Repo repo;
    private final String direction, strategy, actor;
    private final Instant startedAt = Instant.now();
    private final List<Run.RunStep> steps = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile int planned;
    private volatile Run ended;
    private volatile boolean cancelled;
    private volatile Statement cancellable;

    public ActiveRun(Repo repo, String direction, String strategy, String actor) {
        this.runId = "run-" + LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        this.repo = repo;
        this.direction = direction;
        this.strategy = strategy;
        this.actor = actor;
    }

    public String runId() {
        return runId;
    }

    public Repo repo() {
        return repo;
    }

    public String direction() {
        return direction;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The run as it stands now; once it ended, its final record. */
    public Run snapshot() {
        Run end = ended;
        return end != null ? end : new Run(runId, repo.id(), direction, strategy, actor, startedAt, null,
                Run.Status.running, planned, steps, null, warnings, null);
    }

    /** Asks the run to stop: between migrations, or (inside a transaction) by cancelling the running statement. */
    public void cancel() {
        cancelled = true;
        Statement running = cancellable;
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException ignored) {
                // the statement ended meanwhile; the run checks the flag before its next step
            }
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** While set, {@link #cancel()} cancels this statement on the server; null when none may be cut off. */
    void cancellable(Statement statement) {
        cancellable = statement;
    }

    void planned(int migrations, List<String> planWarnings) {
        planned = migrations;
        warnings.addAll(planWarnings);
    }

    void stepDone(Run.RunStep step) {
        steps.add(step);
    }

    Run succeeded(Long version) {
        return end(Run.Status.succeeded, version, null);
    }

    Run failed(CairnException problem) {
        return end(Run.Status.failed, null, problem.describe());
    }

    private Run end(Run.Status status, Long version, Map<String, Object> error) {
        ended = new Run(runId, repo.id(), direction, strategy, actor, startedAt, Instant.now(), status, planned,
                steps, version, warnings, error);
        return ended;
    }
}
