package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.migration.Migration;
import dev.cairn.plan.Direction;
import dev.cairn.plan.MigrationScript;
import dev.cairn.problem.CairnException;
import dev.cairn.target.TargetErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A planned run's migrations, sent one after another on the run's connection, each a step of the run's record. */
final class PlanSteps {

    private final RunSources sources;
    private final RunEvents events;
    private final Duration retryBackoff;

    PlanSteps(RunSources sources, RunEvents events, Duration retryBackoff) {
        this.sources = sources;
        this.events = events;
        this.retryBackoff = retryBackoff;
    }

    /**
     * The whole plan in one transaction: the driver opens it with the first statement sent, and it commits once,
     * after the last ledger row; a failure anywhere rolls all of it back.
     */
    List<Long> applyAtomically(Connection c, List<MigrationScript> scripts, ActiveRun run, Dialect dialect)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            List<Long> done = apply(c, scripts, run, dialect);
            c.commit();
            return done;
        } catch (SQLException | RuntimeException e) {
            run.rolledBack();
            throw e;
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Sends each migration's script in turn; returns the versions done. A transactional migration that gave up
     * waiting for a lock left nothing behind, so it is tried again, up to its lockRetries times with a growing
     * pause; a non-transactional one never is, as its statements before the wait stay done.
     */
    List<Long> apply(Connection c, List<MigrationScript> scripts, ActiveRun run, Dialect dialect) {
        ScriptExecutor executor = new ScriptExecutor(dialect, events);
        List<Long> done = new ArrayList<>();
        for (MigrationScript script : scripts) {
            Migration m = script.migration();
            run.migrating(m);
            events.migrationStarted(run, m);
            long started = System.nanoTime();
            List<String> gaveUp = new ArrayList<>();
            if (m.pin() != null) {
                // The set's own migrations run first, each as its own step; the pin's ledger row follows them.
                try {
                    apply(c, sources.plan(c, run.repo(), m.pin(), script.direction(), dialect, script.timeouts(), true,
                            script.atomic()).scripts(), run, dialect);
                } catch (SQLException e) {
                    throw TargetErrors.unavailable(run.repo(), e);
                }
                run.migrating(m);
            }
            while (true) {
                try {
                    executor.apply(c, script, run);
                    break;
                } catch (CairnException e) {
                    if (script.transactional() && !script.atomic() && gaveUp.size() < script.timeouts().retries()
                            && e.getCause() instanceof SQLException s && dialect.isLockTimeout(s) && !run.cancelled()) {
                        gaveUp.add(e.getCause().getMessage());
                        pause(retryBackoff.multipliedBy(1L << Math.min(gaveUp.size() - 1, 7)));
                        run.migrating(m);
                        continue;
                    }
                    run.stepDone(new Run.RunStep(m.version(), m.name(), millisSince(started), "failed", e.getMessage(),
                            attempts(gaveUp), gaveUp.isEmpty() ? null : gaveUp));
                    throw e;
                }
            }
            String outcome = script.direction() == Direction.UP ? "applied" : "reverted";
            Run.RunStep step = new Run.RunStep(m.version(), m.name(), millisSince(started), outcome, null,
                    attempts(gaveUp), gaveUp.isEmpty() ? null : gaveUp);
            run.stepDone(step);
            events.migrationFinished(run, step);
            done.add(m.version());
        }
        return done;
    }

    private static Integer attempts(List<String> gaveUp) {
        return gaveUp.isEmpty() ? null : gaveUp.size() + 1;
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(Math.min(pause.toMillis(), 30_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
