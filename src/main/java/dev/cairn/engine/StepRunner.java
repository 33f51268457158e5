package dev.cairn.engine;

import dev.cairn.CairnException;
import dev.cairn.dialect.Dialect;
import dev.cairn.scripts.Migration;
import dev.cairn.sqlscript.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies or reverts one migration together with its ledger row. Inside a transaction a failure leaves nothing
 * behind; outside one, a progress row marks the migration dirty until it completes, counting statements done.
 */
final class StepRunner {

    private final Dialect dialect;
    private final Ledger ledger;

    StepRunner(Dialect dialect, Ledger ledger) {
        this.dialect = dialect;
        this.ledger = ledger;
    }

    /** Whether the migration runs in one transaction: the author's choice, else what the engine can roll back. */
    boolean transactional(Migration m) {
        return m.transaction() != null ? m.transaction() : dialect.transactionalDdl();
    }

    /** Exactly what {@link #run} sends, for a dry run. */
    List<String> describe(Migration m, Direction direction, Integer alreadyDone) {
        List<String> sql = new ArrayList<>();
        List<SqlStatement> statements = statements(m, direction);
        boolean tx = transactional(m);
        if (tx) {
            sql.add("BEGIN");
        } else if (alreadyDone == null) {
            sql.add(ledger.markStarted(m.version(), direction));
        }
        for (int i = alreadyDone == null ? 0 : alreadyDone; i < statements.size(); i++) {
            sql.add(statements.get(i).sql());
            if (!tx) {
                sql.add(ledger.markProgress(m.version(), i + 1));
            }
        }
        if (!tx) {
            sql.add("BEGIN");
        }
        if (!tx || alreadyDone != null) {
            sql.add(ledger.clearProgress(m.version()));
        }
        sql.add(ledgerRow(m, direction));
        sql.add("COMMIT");
        return sql;
    }

    /**
     * @param alreadyDone null for a fresh start; when resuming a dirty migration, how many of its statements an
     *                    earlier, interrupted run completed (possibly 0). Its progress row is cleared either way.
     */
    void run(Connection c, Migration m, Direction direction, Integer alreadyDone) {
        List<SqlStatement> statements = statements(m, direction);
        boolean tx = transactional(m);
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            if (tx) {
                c.setAutoCommit(false);
            } else if (alreadyDone == null) {
                st.execute(ledger.markStarted(m.version(), direction));
            }
            for (int i = alreadyDone == null ? 0 : alreadyDone; i < statements.size(); i++) {
                execute(st, m, direction, statements, i, tx);
                if (!tx) {
                    st.execute(ledger.markProgress(m.version(), i + 1));
                }
            }
            if (!tx) {
                c.setAutoCommit(false);
            }
            if (!tx || alreadyDone != null) {
                st.execute(ledger.clearProgress(m.version()));
            }
            st.execute(ledgerRow(m, direction));
            c.commit();
        } catch (SQLException e) {
            throw TargetErrors.isConnectionFailure(e) ? lostConnection(m, e, tx)
                    : failed(m, direction, null, e, tx, -1);
        } finally {
            endTransaction(c);
        }
    }

    private void execute(Statement st, Migration m, Direction direction, List<SqlStatement> statements, int i,
                         boolean tx) {
        SqlStatement statement = statements.get(i);
        try {
            st.execute(statement.sql());
        } catch (SQLException e) {
            if (TargetErrors.isConnectionFailure(e)) {
                throw lostConnection(m, e, tx);
            }
            CairnException failure = failed(m, direction, statement, e, tx, i);
            failure.with("statement", i + 1).with("statements", statements.size());
            throw failure;
        }
    }

    private String ledgerRow(Migration m, Direction direction) {
        return direction == Direction.UP ? ledger.recordApplied(m) : ledger.recordReverted(m.version());
    }

    private List<SqlStatement> statements(Migration m, Direction direction) {
        return dialect.splitter().split(direction == Direction.UP ? m.up() : m.down());
    }

    private CairnException failed(Migration m, Direction direction, SqlStatement statement, SQLException e,
                                  boolean tx, int index) {
        Integer position = statement == null ? null : dialect.errorPosition(e);
        Integer line = statement == null ? null
                : Objects.requireNonNullElse(dialect.errorLine(e, statement), statement.line());
        String where = line == null ? "" : " at line " + line + " of " + direction.word() + ".sql";
        String left = tx ? "It left nothing behind; the migrations before it stay applied."
                : index < 0 ? "It ran outside a transaction and failed writing the ledger; the repo's status shows "
                        + "whether it is dirty."
                : "It ran outside a transaction, so the " + index + " statement(s) before it stay done and the repo "
                        + "is dirty at " + m.version() + (dialect.resumesPartialMigrations()
                        ? "; fix the cause and migrate again to resume at this statement, or use POST /repos/{id}/resolve."
                        : "; fix the database by hand, then POST /repos/{id}/resolve.");
        return new CairnException(CairnException.Kind.REJECTED, "migration-failed", "Migration failed",
                "migration " + m.version() + "_" + m.name() + " failed" + where + ": "
                        + TargetErrors.mask(e.getMessage()) + ". " + left, e)
                .with("version", m.version()).with("name", m.name()).with("sqlState", e.getSQLState())
                .with("databaseMessage", TargetErrors.mask(e.getMessage())).with("line", line)
                .with("position", position);
    }

    private CairnException lostConnection(Migration m, SQLException e, boolean tx) {
        String left = tx ? "It ran in a transaction, which the server rolled back; migrate again once it is back."
                : "It ran outside a transaction, so the repo is likely dirty at " + m.version() + " and the statement "
                        + "that was running may or may not have completed; check it, then "
                        + (dialect.resumesPartialMigrations() ? "migrate again (which resumes at that statement) or "
                        : "") + "resolve the version.";
        return new CairnException(CairnException.Kind.UNAVAILABLE, "target-connection-lost",
                "Lost the target database", "the connection to the target database failed while running migration "
                + m.version() + "_" + m.name() + ": " + TargetErrors.mask(e.getMessage()) + ". " + left, e)
                .with("version", m.version()).with("name", m.name()).with("sqlState", e.getSQLState());
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
