package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.migration.Migration;
import dev.cairn.plan.Action;
import dev.cairn.plan.MigrationScript;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.problem.Remedy;
import dev.cairn.sqlscript.SqlStatement;
import dev.cairn.target.TargetErrors;
import java.sql.SQLException;
import java.util.Objects;

/** The problems a migration ends in, each saying what it left behind and what to do next. */
final class MigrationFailures {

    // The driver's own words ("Enable `allowLocalInfile`") name a setting Cairn never lets a registration change.
    private static final String LOCAL_FILE = "local file loading is not allowed: the statement asks the client to "
            + "send a file (LOAD DATA LOCAL INFILE or LOAD XML LOCAL INFILE), and the client is Cairn, so the file "
            + "would come from Cairn's own host. Load a file the database server itself may read (LOAD DATA INFILE, "
            + "under the database's FILE privilege) or insert the rows in the script";

    private static final String ATOMIC_LEFT = "The run was atomic: its one transaction was rolled back, so it left "
            + "nothing behind and none of its migrations, those before this one included, is applied.";

    private MigrationFailures() {}

    /**
     * The database refused a statement of the script ({@code failing} non-null) or a ledger write around it. The
     * statements before it stay done outside a transaction, and the repo is dirty at the migration.
     */
    static CairnException failed(MigrationScript script, Action.Execute failing, SQLException e, Dialect dialect) {
        Migration m = script.migration();
        SqlStatement statement = failing == null ? null : failing.statement();
        Integer position = statement == null ? null : dialect.errorPosition(e);
        Integer line = statement == null ? null
                : Objects.requireNonNullElse(dialect.errorLine(e, statement), statement.line());
        String where = line == null ? "" : " at line " + line + " of " + script.direction().word() + ".sql";
        boolean dirty = !script.transactional() && failing != null;
        String left = script.atomic() ? ATOMIC_LEFT
                : script.transactional() ? "It left nothing behind; the migrations before it stay applied."
                : failing == null ? "It ran outside a transaction and failed writing the ledger; the repo's status "
                        + "shows whether it is dirty."
                : "It ran outside a transaction, so the " + failing.index() + " statement(s) before it stay done and "
                        + "the repo is dirty at " + m.version() + (dialect.resumesPartialMigrations()
                        ? "; fix the cause and migrate again to resume at this statement, or resolve the version."
                        : "; fix the database by hand, then resolve the version.");
        String cause = dialect.refusedLocalFile(e) ? LOCAL_FILE : TargetErrors.mask(e.getMessage());
        CairnException problem = Problem.MIGRATION_FAILED.raise("migration " + m + " failed" + where + ": "
                + cause + ". " + left, e)
                .with("version", m.version()).with("name", m.name()).with("sqlState", e.getSQLState())
                .with("databaseMessage", TargetErrors.mask(e.getMessage())).with("line", line)
                .with("position", position).remedy(dirty ? Remedy.RESOLVE : null);
        if (failing != null) {
            problem.with("statement", failing.index() + 1).with("statements", failing.count());
        }
        return problem;
    }

    static CairnException lostConnection(MigrationScript script, SQLException e, Dialect dialect) {
        Migration m = script.migration();
        String left = script.atomic() ? "The run was atomic: the server rolled back its one transaction, so none of "
                + "its migrations is applied; run it again once the server is back."
                : script.transactional()
                ? "It ran in a transaction, which the server rolled back; migrate again once it is back."
                : "It ran outside a transaction, so the repo is likely dirty at " + m.version() + " and the statement "
                        + "that was running may or may not have completed; check it, then "
                        + (dialect.resumesPartialMigrations() ? "migrate again (which resumes at that statement) or "
                        : "") + "resolve the version.";
        return Problem.TARGET_CONNECTION_LOST.raise("the connection to the target database failed while running "
                + "migration " + m + ": " + TargetErrors.mask(e.getMessage()) + ". " + left, e)
                .with("version", m.version()).with("name", m.name()).with("sqlState", e.getSQLState());
    }

    /** The run was asked to stop; {@code statementsDone} of a non-transactional migration stay done, and dirty. */
    static CairnException cancelled(MigrationScript script, Integer statementsDone) {
        Migration m = script.migration();
        if (script.atomic()) {
            return Problem.RUN_CANCELLED.raise("the run was cancelled at migration " + m + ". " + ATOMIC_LEFT)
                    .with("version", m.version()).with("name", m.name()).with("statementsDone", 0);
        }
        String left = statementsDone == null ? "Migration " + m + " did not start."
                : script.transactional() ? "Migration " + m + " was rolled back and left nothing behind."
                : "Migration " + m + " ran outside a transaction: " + statementsDone + " statement(s) stay done "
                        + "and the repo is dirty at " + m.version() + ".";
        return Problem.RUN_CANCELLED.raise("the run was cancelled. " + left + " The migrations before it stay "
                + "applied.").with("version", m.version()).with("name", m.name())
                .with("statementsDone", statementsDone);
    }
}
