package dev.cairn.run;

import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.ledger.KnownLedgers;
import dev.cairn.ledger.Ledger;
import dev.cairn.ledger.LedgerState;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.Migration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.observe.RepoGauges;
import dev.cairn.plan.Action;
import dev.cairn.plan.Direction;
import dev.cairn.plan.LedgerGuard;
import dev.cairn.plan.MigrationScript;
import dev.cairn.plan.Plan;
import dev.cairn.plan.Planner;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.SessionScript;
import dev.cairn.migration.Timeouts;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.set.MigrationSets;
import dev.cairn.target.TargetErrors;
import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Migrate and rollback, Ecto style: under the database's run lock, read the ledger once, plan the whole run, then
 * send each migration's {@link MigrationScript}, each in its own transaction unless it opted out. A dry run builds
 * the same scripts and prints them. Knows nothing of HTTP.
 */
@ApplicationScoped
public class Runner {

    private static final Logger LOG = Logger.getLogger(Runner.class);
    /** The log context's keys: the same as the API's for the request, so a run's lines join its request's. */
    public static final String REQUEST_ID = "requestId", RUN_ID = "runId";

    private final RunSources sources;
    private final TargetPools pools;
    private final RunLocks locks;
    private final RunEvents events;
    private final RepoGauges gauges;
    private final KnownLedgers knownLedgers;
    private final Duration defaultWait;
    private final Timeouts defaultTimeouts;
    private final PlanSteps steps;

    public Runner(ScriptStore store, MigrationSets sets, TargetPools pools, RunLocks locks, RunEvents events,
                  RepoGauges gauges, KnownLedgers knownLedgers, CairnConfig config) {
        this.sources = new RunSources(store, sets);
        this.pools = pools;
        this.locks = locks;
        this.events = events;
        this.gauges = gauges;
        this.knownLedgers = knownLedgers;
        this.defaultWait = config.lock().waitTimeout();
        this.defaultTimeouts = new Timeouts(config.run().lockTimeout().orElse(null), config.run().lockRetries(),
                config.run().statementTimeout().orElse(null));
        this.steps = new PlanSteps(sources, events, config.run().retryBackoff());
    }

    /** Runs the request on the calling thread and returns how it ended. */
    public RunOutcome run(Repo repo, RunRequest request) {
        return finish(begin(repo, request), request);
    }

    /** A run that has started (visible in the history and to watchers) but not yet run: {@link #finish} runs it. */
    public ActiveRun begin(Repo repo, RunRequest request) {
        sources.check(repo, request);
        AtomicRuns.checkEngine(repo, request);
        ActiveRun run = new ActiveRun(repo, request.set(), request.direction().word(),
                request.strategy().toString(), request.actor(), request.requestId());
        events.started(run);
        return run;
    }

    /**
     * Runs a started run to its end. Every log line of the run, on whichever thread runs it, carries its
     * {@code runId} and {@code requestId} in the log context; the thread's own are put back afterwards.
     */
    public RunOutcome finish(ActiveRun run, RunRequest request) {
        Object outerRequest = MDC.get(REQUEST_ID), outerRun = MDC.get(RUN_ID);
        put(REQUEST_ID, run.requestId());
        put(RUN_ID, run.runId());
        try {
            return runToEnd(run, request);
        } finally {
            put(REQUEST_ID, outerRequest);
            put(RUN_ID, outerRun);
        }
    }

    private static void put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private RunOutcome runToEnd(ActiveRun run, RunRequest request) {
        Repo repo = run.repo();
        Duration wait = request.lockWait() == null ? defaultWait : request.lockWait();
        CairnException problem = null;
        Long version = null;
        try (RunLocks.Lease lease = locks.acquire(repo, pools, wait, run)) {
            events.lockAcquired(run, Duration.between(run.startedAt(), Instant.now()));
            version = execute(repo, request, run, lease.connection());
        } catch (SQLException e) {
            gauges.unreachable(repo);
            problem = TargetErrors.unavailable(repo, e);
        } catch (CairnException e) {
            if (e.problem().targetUnavailable()) {
                gauges.unreachable(repo);
            }
            problem = e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Run %s of repo %s failed unexpectedly", run.runId(), repo.id());
            problem = Problem.INTERNAL_ERROR.raise("the run failed unexpectedly; the log has the details", e);
        }
        Run record = problem == null ? run.succeeded(version) : run.failed(problem);
        if (problem != null) {
            problem.with("runId", run.runId());
        }
        events.finished(run, record);
        return new RunOutcome(record, problem);
    }

    public DryRun dryRun(Repo repo, RunRequest request) {
        sources.check(repo, request);
        AtomicRuns.checkEngine(repo, request);
        Dialect dialect = repo.dialect();
        Ledger ledger = EctoLedger.of(RunSources.ledgerOwner(repo, request));
        Timeouts timeouts = request.timeouts().or(defaultTimeouts);
        try {
            // One connection reads the ledger and, for each set pin, the set's ledger as it stands now.
            return pools.read(repo, c -> {
                SessionCheck.check(repo, c);
                Plan plan = Planner.plan(request, sources.scripts(repo, request), ledger.read(c),
                        dialect.resumesPartialMigrations());
                boolean atomic = request.atomic();
                if (atomic) {
                    AtomicRuns.checkPlan(c, repo, plan, sources, timeouts);
                }
                List<String> sql = new ArrayList<>(SessionScript.of(repo, ledger, timeouts).sql());
                if (atomic) {
                    sql.add(new Action.Begin().sql());
                }
                List<DryRun.Step> planned = new ArrayList<>();
                for (MigrationScript script : MigrationScript.of(plan, dialect, ledger, LedgerGuard.of(repo, ledger),
                        timeouts, atomic)) {
                    Migration m = script.migration();
                    planned.add(new DryRun.Step(m.version(), m.name(), script.transactional()));
                    if (m.pin() != null) {
                        sql.addAll(sources.plan(c, repo, m.pin(), script.direction(), dialect, script.timeouts(),
                                false, atomic).sql());
                    }
                    sql.addAll(script.sql());
                }
                if (atomic) {
                    sql.add(new Action.Commit().sql());
                }
                return new DryRun(repo.id(), request.direction().word(), request.strategy().toString(), true,
                        planned, sql, warnings(plan));
            });
        } catch (SQLException e) {
            throw TargetErrors.unavailable(repo, e);
        }
    }

    /** @return the newest applied version once the run's migrations are done */
    private Long execute(Repo repo, RunRequest request, ActiveRun run, Connection c) throws SQLException {
        Dialect dialect = repo.dialect();
        Repo owner = RunSources.ledgerOwner(repo, request);
        Ledger ledger = EctoLedger.of(owner);
        boolean up = request.direction() == Direction.UP;
        Timeouts timeouts = request.timeouts().or(defaultTimeouts);
        String catalog = c.getCatalog();
        boolean limited = timeouts.any();
        Throwable failure = null;
        try {
            SessionCheck.check(repo, c);
            SessionScript.of(repo, ledger, timeouts).apply(c);
            LedgerState state = up ? knownLedgers.read(owner, ledger, c) : ledger.read(c);
            List<ListedMigration> scripts = sources.scripts(repo, request);
            List<ListedMigration> notApplied = up ? knownLedgers.notApplied(owner, scripts, state)
                    : Planner.notApplied(scripts, state);
            Plan plan = Planner.plan(request, scripts, notApplied, state, dialect.resumesPartialMigrations());
            if (request.atomic()) {
                AtomicRuns.checkPlan(c, repo, plan, sources, timeouts);
            }
            List<MigrationScript> planned = MigrationScript.of(plan, dialect, ledger, LedgerGuard.of(repo, ledger),
                    timeouts, request.atomic());
            run.planned(plan.steps(), warnings(plan));
            events.planned(run, plan);
            // Bookkeeping so far was bounded by the connect timeout; a migration may legitimately run for hours.
            c.setNetworkTimeout(Runnable::run, 0);
            limited |= planned.stream().anyMatch(s -> s.migration().timeouts().any());
            List<Long> done = request.atomic() ? steps.applyAtomically(c, planned, run, dialect)
                    : steps.apply(c, planned, run, dialect);
            if (up) {
                knownLedgers.remember(owner, ledger, c, state, scripts, notApplied, done);
            }
            if (request.set() == null) {
                gauges.reached(repo, notApplied.size() + (up ? -done.size() : done.size()));
            }
            return state.currentAfter(plan.direction(), done);
        } catch (SQLException | RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                dialect.resetSession(c, catalog);
                if (limited && dialect.timeoutReset() != null) {
                    try (Statement st = c.createStatement()) {
                        st.execute(dialect.timeoutReset());
                    }
                }
            } catch (SQLException e) {
                // A connection lost mid-run fails here too; the run's own error is the one to report.
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private static List<String> warnings(Plan plan) {
        return plan.outOfOrder().stream().map(v -> "migration " + v + " is older than the current version and is "
                + "applied out of order; pass strictOrder: true to refuse such runs").toList();
    }
}
