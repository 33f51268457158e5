package dev.cairn.run;

import dev.cairn.migration.Migration;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
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
 * A run while it runs: the runner advances it, any thread may read a {@link #snapshot()} of it or watch its
 * {@link #events()}, and anyone may ask it to {@link #cancel()}. No new migration starts once cancelled; a statement
 * in a transactional migration is cancelled on the server, so the migration rolls back and leaves nothing.
 */
public final class ActiveRun {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    /** Statement events are for watching, not for logging each of 2,000 statements: at most four a second. */
    private static final long STATEMENT_EVENT_NANOS = 250_000_000L;

    /** The migration in flight, and since when (nanoTime). */
    private record InFlight(Migration migration, long since, int statement, int statements) {}

    /** The run lock this run waits for, and since when. */
    private record Waiting(String holder, long since) {}

    private final String runId;
    private final Repo repo;
    private final String direction, strategy, actor, requestId;
    private final Instant startedAt = Instant.now();
    private final List<Run.RunStep> steps = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final RunEventLog events = new RunEventLog();
    private final String set;
    private volatile int planned;
    private volatile Run ended;
    private volatile boolean cancelled;
    private volatile Statement cancellable;
    private volatile InFlight inFlight;
    private volatile Waiting waiting;
    private volatile Long sessionId;
    private long lastStatementEvent;

    public ActiveRun(Repo repo, String direction, String strategy, String actor) {
        this(repo, null, direction, strategy, actor, null);
    }

    /**
     * A run of the set's migrations ({@code set} null: the repo's own).
     *
     * @param requestId the {@code X-Request-ID} of the call that started it, or null
     */
    public ActiveRun(Repo repo, String set, String direction, String strategy, String actor, String requestId) {
        this.set = set;
        this.runId = "run-" + LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        this.repo = repo;
        this.direction = direction;
        this.strategy = strategy;
        this.actor = actor;
        this.requestId = requestId;
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

    public String requestId() {
        return requestId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public RunEventLog events() {
        return events;
    }

    /** The database session the run works on (a PostgreSQL backend pid, a MariaDB connection id), once known. */
    public Long sessionId() {
        return sessionId;
    }

    /** The run as it stands now; once it ended, its final record. */
    public Run snapshot() {
        Run end = ended;
        return end != null ? end : running(steps);
    }

    /**
     * The running run with only the steps from {@code from} on: a history line per migration, without copying all
     * the steps before it each time.
     */
    Run snapshotSince(int from) {
        return running(steps.subList(Math.min(from, steps.size()), steps.size()));
    }

    private Run running(List<Run.RunStep> steps) {
        long now = System.nanoTime();
        InFlight f = inFlight;
        Waiting w = waiting;
        return new Run(runId, repo.id(), set, direction, strategy, actor, requestId, startedAt, null,
                Run.Status.running, planned, steps, null, warnings, null,
                f == null ? null : new Run.Current(f.migration().version(), f.migration().name(), f.statement(),
                        f.statements(), seconds(now - f.since())),
                w == null ? null : new Run.WaitingFor("run-lock", w.holder(), null, seconds(now - w.since())));
    }

    /** How long the statement in flight has run, in nanoseconds; -1 when none runs. */
    public long statementNanos() {
        InFlight f = inFlight;
        return f == null || f.statement() == 0 ? -1 : System.nanoTime() - f.since();
    }

    public boolean running() {
        return ended == null;
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

    void waitingFor(String holder) {
        if (holder != null && waiting == null) {
            events.add("waiting", Map.of("kind", "run-lock", "holder", holder));
        }
        waiting = holder == null ? null : new Waiting(holder, waiting == null ? System.nanoTime() : waiting.since());
    }

    void session(Long id) {
        sessionId = id;
    }

    void planned(List<Migration> migrations, List<String> planWarnings) {
        planned = migrations.size();
        warnings.addAll(planWarnings);
        events.add("planned", Map.of("planned", planned, "migrations", migrations.stream()
                .map(m -> Map.of("version", m.version(), "name", m.name())).toList()));
    }

    void migrating(Migration m) {
        inFlight = new InFlight(m, System.nanoTime(), 0, 0);
        events.add("migration-started", Map.of("version", m.version(), "name", m.name()));
    }

    void statement(int index, int count) {
        InFlight f = inFlight;
        long now = System.nanoTime();
        inFlight = new InFlight(f.migration(), now, index + 1, count);
        if (index == 0 || now - lastStatementEvent >= STATEMENT_EVENT_NANOS) {
            lastStatementEvent = now;
            events.add("statement", Map.of("version", f.migration().version(), "statement", index + 1,
                    "statements", count));
        }
    }

    void stepDone(Run.RunStep step) {
        inFlight = null;
        steps.add(step);
        events.add("migration-finished", step);
    }

    /** An atomic run failed: the migrations it had done were rolled back with its transaction. */
    void rolledBack() {
        steps.replaceAll(s -> s.outcome().equals("applied") || s.outcome().equals("reverted")
                ? new Run.RunStep(s.version(), s.name(), s.durationMs(), "rolled-back", s.error(), s.attempts(),
                s.retries()) : s);
    }

    Run succeeded(Long version) {
        return end(Run.Status.succeeded, version, null);
    }

    Run failed(CairnException problem) {
        return end(problem.problem() == Problem.RUN_CANCELLED ? Run.Status.cancelled
                : Run.Status.failed, null, problem.describe());
    }

    private Run end(Run.Status status, Long version, Map<String, Object> error) {
        inFlight = null;
        waiting = null;
        ended = new Run(runId, repo.id(), set, direction, strategy, actor, requestId, startedAt, Instant.now(),
                status, planned, steps, version, warnings, error, null, null);
        events.add("finished", ended);
        events.close();
        return ended;
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
