package dev.cairn.plan;

import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.Dirty;
import dev.cairn.ledger.Ledger;
import dev.cairn.migration.Migration;
import dev.cairn.migration.Timeouts;
import dev.cairn.sqlscript.SqlStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run sends to apply or revert one migration, in order, ledger writes included. Inside a transaction a
 * failure leaves nothing behind; outside one, a dirty mark counts the statements done until the migration
 * completes, so a later run (or an operator) knows where it stopped. A migration with timeouts of its own sets them
 * for the session first, outside its transaction (where a rollback would undo them too), and puts back the run's
 * once it committed; {@code timeouts} are those in force for it. In an {@code atomic} run the migration has neither
 * BEGIN nor COMMIT of its own: it runs inside the one transaction of the whole plan.
 */
public record MigrationScript(Migration migration, Direction direction, boolean transactional, boolean atomic,
                              Timeouts timeouts, List<Action> actions) {

    /** Whether the migration runs in one transaction: the author's choice, else what the engine can roll back. */
    public static boolean transactional(Migration m, Dialect dialect) {
        return m.transaction() != null ? m.transaction() : dialect.transactionalDdl();
    }

    /**
     * @param resumed the dirty mark this migration picks up after its statements done, or null for a fresh start
     * @param guard   refuses the migration if it would drop the ledger; it sees the statements as they will run
     * @param run     the run's timeouts, already set for the session
     * @param atomic  whether the migration runs inside the plan's one transaction; it is then transactional
     */
    public static MigrationScript of(Migration m, Direction direction, Dirty resumed, Dialect dialect,
                                     Ledger ledger, LedgerGuard guard, Timeouts run, boolean atomic) {
        boolean tx = atomic || transactional(m, dialect);
        List<SqlStatement> statements = dialect.splitter().split(direction == Direction.UP ? m.up() : m.down());
        guard.check(m, direction, statements);
        List<Action> actions = new ArrayList<>();
        Timeouts own = m.timeouts();
        if (own.any()) {
            dialect.timeoutSettings(own.lockTimeout(), own.statementTimeout()).forEach(sql ->
                    actions.add(new Action.Session(sql)));
        }
        if (tx && !atomic) {
            actions.add(new Action.Begin());
        } else if (!tx && resumed == null) {
            actions.add(new Action.Record(ledger.markDirty(m.version(), direction)));
        }
        for (int i = resumed == null ? 0 : resumed.statementsDone(); i < statements.size(); i++) {
            actions.add(new Action.Execute(statements.get(i), i, statements.size()));
            if (!tx) {
                actions.add(new Action.Record(ledger.advanceDirty(m.version(), i + 1)));
            }
        }
        if (!tx) {
            actions.add(new Action.Begin());
        }
        if (!tx || resumed != null) {
            actions.add(new Action.Record(ledger.clearDirty(m.version())));
        }
        actions.add(new Action.Record(direction == Direction.UP ? ledger.recordApplied(m)
                : ledger.recordReverted(m.version())));
        if (!atomic) {
            actions.add(new Action.Commit());
        }
        if (own.any()) {
            dialect.timeoutDefaults().forEach(sql -> actions.add(new Action.Session(sql)));
            dialect.timeoutSettings(run.lockTimeout(), run.statementTimeout()).forEach(sql ->
                    actions.add(new Action.Session(sql)));
        }
        return new MigrationScript(m, direction, tx, atomic, own.or(run), List.copyOf(actions));
    }

    /**
     * The scripts of a whole plan under the run's timeouts, all built before any runs, so a migration the guard
     * refuses stops the run before its first statement; only the first step may resume a dirty migration.
     */
    public static List<MigrationScript> of(Plan plan, Dialect dialect, Ledger ledger, LedgerGuard guard,
                                           Timeouts run, boolean atomic) {
        List<MigrationScript> scripts = new ArrayList<>(plan.steps().size());
        Dirty resumed = plan.resumed();
        for (Migration m : plan.steps()) {
            scripts.add(of(m, plan.direction(), resumed, dialect, ledger, guard, run, atomic));
            resumed = null;
        }
        return scripts;
    }

    public List<String> sql() {
        return actions.stream().map(Action::sql).toList();
    }
}
