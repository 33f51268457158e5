package dev.cairn.engine;

import dev.cairn.CairnException;
import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.Dialect;
import dev.cairn.repos.Repo;
import dev.cairn.repos.TargetPools;
import dev.cairn.runs.Run;
import dev.cairn.runs.RunHistory;
import dev.cairn.scripts.Migration;
import dev.cairn.scripts.ScriptStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Migrate and rollback, Ecto style: read the ledger once, plan the whole run, then apply each migration in its own
 * transaction under the database's run lock. Knows nothing of HTTP.
 */
@ApplicationScoped
public class Migrator {

    private final ScriptStore store;
    private final TargetPools pools;
    private final RunLocks locks;
    private final RunHistory history;
    private final RunObserver observer;
    private final Duration defaultWait;
    private final KnownLedgers knownLedgers = new KnownLedgers();

    public Migrator(ScriptStore store, TargetPools pools, RunLocks locks, RunHistory history, RunObserver observer,
                    CairnConfig config) {
        this.store = store;
        this.pools = pools;
        this.locks = locks;
        this.history = history;
        this.observer = observer;
        this.defaultWait = config.lock().waitTimeout();
    }

    public Run run(Repo repo, RunRequest request) {
        Run run = new Run(RunHistory.newRunId(), repo.id(), request.direction().word(),
                request.strategy().toString(), request.actor());
        history.started(run);
        Duration wait = request.lockWait() == null ? defaultWait : request.lockWait();
        try (RunLocks.Lease lease = locks.acquire(repo, pools, wait, run)) {
            observer.lockAcquired(repo, Duration.between(run.startedAt, Instant.now()));
            execute(repo, request, run, lease.connection());
            run.status = Run.Status.succeeded;
            return run;
        } catch (SQLException e) {
            throw fail(run, unavailable(repo, e));
        } catch (CairnException e) {
            if (e.kind() == CairnException.Kind.UNAVAILABLE) {
                observer.unreachable(repo);
            }
            throw fail(run, e);
        } finally {
            run.finishedAt = Instant.now();
            history.finished(run);
            observer.runFinished(repo, run);
        }
    }

    public DryRun dryRun(Repo repo, RunRequest request) {
        Dialect dialect = repo.dialect();
        Ledger ledger = new Ledger(dialect, repo.prefix());
        try {
            LedgerState state = pools.read(repo, c -> {
                dialect.checkSession(c);
                checkSchema(repo, c);
                return ledger.read(c);
            });
            Plan plan = Planner.plan(request, store.list(repo.id()), state, dialect.resumesPartialMigrations());
            StepRunner steps = new StepRunner(dialect, ledger);
            List<String> sql = new ArrayList<>(session(repo, ledger));
            List<DryRun.Step> planned = new ArrayList<>();
            Integer resumeAt = plan.resumeAt();
            for (Migration step : plan.steps()) {
                Migration m = step.loaded();
                planned.add(new DryRun.Step(m.version(), m.name(), steps.transactional(m)));
                sql.addAll(steps.describe(m, plan.direction(), resumeAt));
                resumeAt = null;
            }
            return new DryRun(repo.id(), request.direction().word(), request.strategy().toString(), true, planned,
                    sql, warnings(plan));
        } catch (SQLException e) {
            throw TargetErrors.unavailable(repo, e);
        }
    }

    /** {@link #status}, in its turn among the status calls on the repo's database ({@link TargetPools#inTurn}). */
    public CompletionStage<StatusReport> statusInTurn(Repo repo) {
        return pools.inTurn(repo, () -> status(repo)).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof SQLException waitedTooLong ? unavailable(repo, waitedTooLong) : e));
    }

    /** Reads without locking, so it never waits for a running migration. */
    public StatusReport status(Repo repo) {
        Dialect dialect = repo.dialect();
        LedgerState state;
        try {
            state = pools.read(repo, c -> knownLedgers.readForStatus(repo, new Ledger(dialect, repo.prefix()), c));
        } catch (SQLException e) {
            throw unavailable(repo, e);
        }
        StatusReport report = Status.report(repo, dialect, store.list(repo.id()), state, locks.holder(repo).orElse(null));
        observer.reached(repo, report.pending());
        return report;
    }

    /** Whether the migration would run inside a transaction on this repo's database. */
    public boolean transactional(Repo repo, Migration m) {
        Dialect dialect = repo.dialect();
        return new StepRunner(dialect, new Ledger(dialect, repo.prefix())).transactional(m);
    }

    public boolean isApplied(Repo repo, long version) {
        try {
            LedgerState state = pools.read(repo, c -> readWithoutWriting(repo, c));
            return state.isApplied(version)
                    || (state.dirty() != null && state.dirty().version() == version);
        } catch (SQLException e) {
            throw TargetErrors.unavailable(repo, e);
        }
    }

    /** The ledger as it is; a missing prefix schema or ledger reads as nothing applied rather than being created. */
    private static LedgerState readWithoutWriting(Repo repo, Connection c) throws SQLException {
        return new Ledger(repo.dialect(), repo.prefix()).read(c);
    }

    private void execute(Repo repo, RunRequest request, Run run, Connection c) throws SQLException {
        Dialect dialect = repo.dialect();
        Ledger ledger = new Ledger(dialect, repo.prefix());
        String catalog = c.getCatalog();
        Throwable failure = null;
        try {
            prepareSession(repo, ledger, c);
            LedgerState state = request.direction() == Direction.UP ? knownLedgers.read(repo, ledger, c)
                    : ledger.read(c);
            List<Migration> scripts = store.list(repo.id());
            List<Migration> notApplied = request.direction() == Direction.UP
                    ? knownLedgers.notApplied(repo, scripts, state) : Planner.notApplied(scripts, state);
            Plan plan = Planner.plan(request, scripts, notApplied, state, dialect.resumesPartialMigrations());
            int pendingBefore = notApplied.size();
            List<Migration> planned = plan.steps().stream().map(Migration::loaded).toList();
            run.planned = plan.steps().size();
            run.warnings.addAll(warnings(plan));
            List<Long> done = new ArrayList<>();
            StepRunner steps = new StepRunner(dialect, ledger);
            // Bookkeeping so far was bounded by the connect timeout; a migration may legitimately run for hours.
            c.setNetworkTimeout(Runnable::run, 0);
            Integer resumeAt = plan.resumeAt();
            for (Migration m : planned) {
                long started = System.nanoTime();
                try {
                    steps.run(c, m, plan.direction(), resumeAt);
                } catch (CairnException e) {
                    run.steps.add(new Run.RunStep(m.version(), m.name(), millisSince(started), "failed",
                            e.getMessage()));
                    throw e;
                }
                resumeAt = null;
                long millis = millisSince(started);
                String outcome = plan.direction() == Direction.UP ? "applied" : "reverted";
                run.steps.add(new Run.RunStep(m.version(), m.name(), millis, outcome, null));
                done.add(m.version());
                observer.stepDone(repo, run, m, outcome, millis);
            }
            if (plan.direction() == Direction.UP) {
                knownLedgers.applied(repo, ledger, c, state, scripts, notApplied, done);
            }
            run.version = state.currentAfter(plan.direction(), done);
            observer.reached(repo, pendingBefore + (plan.direction() == Direction.UP ? -done.size() : done.size()));
        } catch (SQLException | RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                dialect.resetSession(c, catalog);
            } catch (SQLException e) {
                // A connection lost mid-run fails here too; the run's own error is the one to report.
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    /** Schema, search path and ledger: the statements every run sends before its first migration. */
    private List<String> session(Repo repo, Ledger ledger) {
        List<String> sql = new ArrayList<>();
        Dialect dialect = repo.dialect();
        if (repo.prefix() != null) {
            if (repo.createSchema()) {
                sql.add(dialect.createSchemaIfMissing(repo.prefix()));
            }
            sql.add(dialect.useSchema(repo.prefix()));
        }
        sql.addAll(ledger.createStatements());
        return sql;
    }

    private void prepareSession(Repo repo, Ledger ledger, Connection c) throws SQLException {
        Dialect dialect = repo.dialect();
        dialect.checkSession(c);
        checkSchema(repo, c);
        try (Statement st = c.createStatement()) {
            if (repo.prefix() != null) {
                if (repo.createSchema()) {
                    st.execute(dialect.createSchemaIfMissing(repo.prefix()));
                }
                st.execute(dialect.useSchema(repo.prefix()));
            }
        }
        ledger.ensure(c);
    }

    private void checkSchema(Repo repo, Connection c) throws SQLException {
        if (repo.prefix() != null && !repo.createSchema() && !schemaExists(repo, c)) {
            throw new CairnException(CairnException.Kind.CONFLICT, "schema-missing", "Prefix schema missing",
                    "repo '" + repo.id() + "' has createSchema: false and the schema '" + repo.prefix()
                            + "' does not exist; create it on the database or register the repo with createSchema: true")
                    .with("prefix", repo.prefix());
        }
    }

    private static boolean schemaExists(Repo repo, Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(repo.dialect().schemaExists(repo.prefix()))) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static List<String> warnings(Plan plan) {
        return plan.outOfOrder().stream().map(v -> "migration " + v + " is older than the current version and is "
                + "applied out of order; pass strictOrder: true to refuse such runs").toList();
    }

    private CairnException unavailable(Repo repo, SQLException e) {
        observer.unreachable(repo);
        return TargetErrors.unavailable(repo, e);
    }

    static CairnException fail(Run run, CairnException e) {
        run.status = Run.Status.failed;
        run.error = e.describe();
        return e.with("runId", run.runId);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
