package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.plan.Action;
import dev.cairn.plan.MigrationScript;
import dev.cairn.target.TargetErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Sends a {@link MigrationScript} on the run's connection, action by action, and turns what the database answers
 * into the problem the run ends with. It publishes each statement, and stops where a cancelled run may stop: before
 * any statement of a migration outside a transaction, or, inside one, by cancelling the statement on the server.
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
        Action.Execute current = null;
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            if (script.transactional()) {
                run.cancellable(st);
            }
            for (Action action : script.actions()) {
                if (action instanceof Action.Begin) {
                    c.setAutoCommit(false);
                } else if (action instanceof Action.Commit) {
                    c.commit();
                    // What follows the commit (the run's timeouts put back) must not sit in a transaction of its own.
                    c.setAutoCommit(true);
                } else if (action instanceof Action.Execute execute) {
                    if (run.cancelled()) {
                        throw MigrationFailures.cancelled(script, script.transactional() ? 0 : execute.index());
                    }
                    current = execute;
                    run.statement(execute.index(), execute.count());
                    events.statement(run, script.migration(), execute.index(), execute.count());
                    st.execute(execute.sql());
                    current = null;
                } else {
                    st.execute(action.sql());
                }
            }
        } catch (SQLException e) {
            if (run.cancelled() && script.transactional()) {
                throw MigrationFailures.cancelled(script, 0);
            }
            throw TargetErrors.isConnectionFailure(e) ? MigrationFailures.lostConnection(script, e, dialect)
                    : MigrationFailures.failed(script, current, e, dialect);
        } finally {
            run.cancellable(null);
            endTransaction(c);
        }
    }

    /**
     * Rolls back whatever did not commit, then returns the connection to autocommit. The order matters: turning
     * autocommit back on commits an open transaction, which on MariaDB would keep a failed migration's first rows.
     */
    private static void endTransaction(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // a broken connection; the transaction dies with it and the pool will not hand it out again
        }
    }
}
