package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.plan.Action;
import dev.cairn.plan.MigrationScript;
import dev.cairn.problem.CairnException;
import dev.cairn.target.TargetErrors;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Sends a {@link MigrationScript} on the run's connection in as few round trips as the database allows (see
 * {@link Pipelines}), and turns what the database answers into the problem the run ends with. It publishes the
 * statements each pipeline carries, and stops where a cancelled run may stop: before a pipeline of a migration
 * outside a transaction, or, inside one, by cancelling the statement on the server.
 */
final class ScriptExecutor {

    private final Dialect dialect;
    private final RunEvents events;

    ScriptExecutor(Dialect dialect, RunEvents events) {
        this.dialect = dialect;
        this.events = events;
    }

    void apply(Connection c, MigrationScript script, ActiveRun run) {
        if (run.cancelled()) {
            throw MigrationFailures.cancelled(script, null);
        }
        boolean open = false;
        List<Action> pipeline = null;
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            if (script.transactional()) {
                run.cancellable(st);
            }
            for (List<Action> next : Pipelines.of(script, dialect)) {
                Action.Execute first = Pipelines.firstExecute(next);
                if (first != null && run.cancelled()) {
                    throw MigrationFailures.cancelled(script, script.transactional() ? 0 : first.index());
                }
                pipeline = next;
                progress(run, script, next);
                send(st, next);
                open = Pipelines.leavesOpen(next, open);
            }
        } catch (SQLException e) {
            SQLException cause = dialect.databaseError(e);
            boolean lost = TargetErrors.isConnectionFailure(cause);
            Action.Execute failing = lost ? null : failing(c, pipeline, e);
            endTransaction(c, open || Pipelines.begins(pipeline));
            if (run.cancelled() && script.transactional()) {
                throw MigrationFailures.cancelled(script, 0);
            }
            throw lost ? MigrationFailures.lostConnection(script, cause, dialect)
                    : MigrationFailures.failed(script, failing, cause, dialect);
        } catch (CairnException e) {
            endTransaction(c, open);
            throw e;
        } finally {
            run.cancellable(null);
        }
    }

    /** The pipeline's first and last statements: the server is at one of them, or between, until it answers. */
    private void progress(ActiveRun run, MigrationScript script, List<Action> pipeline) {
        Action.Execute first = Pipelines.firstExecute(pipeline), last = Pipelines.lastExecute(pipeline);
        if (first == null) {
            return;
        }
        run.statement(first.index(), first.count());
        events.statement(run, script.migration(), first.index(), first.count());
        if (last != first) {
            run.statement(last.index(), last.count());
            events.statement(run, script.migration(), last.index(), last.count());
        }
    }

    void send(Statement st, List<Action> pipeline) throws SQLException {
        if (pipeline.size() == 1) {
            st.execute(pipeline.get(0).sql());
        } else if (dialect.pipelinesAsBatch()) {
            for (Action action : pipeline) {
                st.addBatch(action.sql());
            }
            st.executeBatch();
        } else {
            boolean results = st.execute(Pipelines.message(pipeline, dialect));
            while (results || st.getUpdateCount() != -1) {
                results = st.getMoreResults();
            }
        }
    }

    /** The statement the database refused, or null when it refused a ledger write or one cannot tell. */
    private Action.Execute failing(Connection c, List<Action> pipeline, SQLException e) {
        if (pipeline == null) {
            return null;
        }
        if (pipeline.size() == 1) {
            return pipeline.get(0) instanceof Action.Execute execute ? execute : null;
        }
        if (dialect.pipelinesAsBatch()) {
            Integer entry = dialect.failedBatchEntry(e);
            return entry != null && entry >= 0 && entry < pipeline.size()
                    && pipeline.get(entry) instanceof Action.Execute execute ? execute : null;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.markedStatement())) {
            long marked = rs.next() ? rs.getLong(1) : -1;
            return pipeline.stream().filter(a -> a instanceof Action.Execute x && x.index() == marked)
                    .map(Action.Execute.class::cast).findFirst().orElse(null);
        } catch (SQLException ignored) {
            return null;
        }
    }

    /**
     * Rolls back whatever did not commit: the run's transaction where the connection is out of autocommit (an
     * atomic run), else the one a pipeline began. Autocommit comes back on only after the rollback: turning it on
     * commits an open transaction, which on MariaDB would keep a failed migration's first rows.
     */
    private void endTransaction(Connection c, boolean open) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            } else if (open) {
                try (Statement st = c.createStatement()) {
                    st.execute(dialect.rollback());
                }
            }
        } catch (SQLException ignored) {
            // a broken connection; the transaction dies with it and the pool will not hand it out again
        }
    }
}
