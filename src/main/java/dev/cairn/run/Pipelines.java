package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.plan.Action;
import dev.cairn.plan.MigrationScript;
import java.util.ArrayList;
import java.util.List;

/**
 * A script's actions cut into pipelines: the actions that go to the server together, in one round trip, without
 * waiting for each answer. Inside a transaction everything from its BEGIN through its COMMIT travels together (the
 * server stops at the first error, and the rollback takes the rest). Outside one, where the database runs a message's
 * statements one after another, each committing, and stops at the first error (MariaDB), they travel in messages of a
 * bounded size, so a cancelled run stops between two and progress moves; elsewhere (PostgreSQL, whose refusals of
 * CREATE INDEX CONCURRENTLY or VACUUM in a pipeline are the reason for {@code transaction: false}) each statement goes
 * alone and only the ledger writes around it travel together.
 */
final class Pipelines {

    /** Bounds of one multi-statement message: well under a server's packet limit, and a few seconds of progress. */
    private static final int MAX_STATEMENTS = 50, MAX_CHARS = 512 * 1024;
    /** Between statements of a multi-statement message: a line of its own, so a statement's last comment ends. */
    private static final String SEPARATOR = "\n;\n";

    private Pipelines() {}

    static List<List<Action>> of(MigrationScript script, Dialect dialect) {
        boolean alone = !script.transactional() && !dialect.pipelinesOutsideTransactions();
        List<List<Action>> pipelines = new ArrayList<>();
        List<Action> current = new ArrayList<>();
        int statements = 0, chars = 0;
        boolean afterSingle = false;
        for (Action action : script.actions()) {
            boolean single = action instanceof Action.Execute e && dialect.runsAlone(e.sql());
            boolean cut = single || afterSingle || (alone
                    ? action instanceof Action.Execute || Pipelines.firstExecute(current) != null
                    // A session setting before BEGIN stays out of the transaction, where a rollback would undo it.
                    : action instanceof Action.Begin && dialect.pipelinesAsBatch()
                    || !dialect.pipelinesAsBatch() && (statements >= MAX_STATEMENTS || chars >= MAX_CHARS));
            if (cut && !current.isEmpty()) {
                pipelines.add(current);
                current = new ArrayList<>();
                statements = 0;
                chars = 0;
            }
            current.add(action);
            afterSingle = single;
            statements += action instanceof Action.Execute ? 1 : 0;
            chars += action.sql().length();
        }
        if (!current.isEmpty()) {
            pipelines.add(current);
        }
        return pipelines;
    }

    /**
     * One multi-statement message: each statement between two marks in the session, so that after an error the
     * mark names the statement that failed (-1: a ledger write between statements).
     */
    static String message(List<Action> pipeline, Dialect dialect) {
        List<String> parts = new ArrayList<>();
        for (Action action : pipeline) {
            if (action instanceof Action.Execute execute) {
                parts.add(dialect.markStatement(execute.index()));
                parts.add(execute.sql());
                parts.add(dialect.markStatement(-1));
            } else {
                parts.add(action.sql());
            }
        }
        return String.join(SEPARATOR, parts);
    }

    static Action.Execute firstExecute(List<Action> pipeline) {
        return pipeline.stream().filter(Action.Execute.class::isInstance).map(Action.Execute.class::cast)
                .findFirst().orElse(null);
    }

    static Action.Execute lastExecute(List<Action> pipeline) {
        Action.Execute last = null;
        for (Action action : pipeline) {
            last = action instanceof Action.Execute execute ? execute : last;
        }
        return last;
    }

    /** Whether the pipeline begins a transaction (it may have failed before committing it). */
    static boolean begins(List<Action> pipeline) {
        return pipeline != null && pipeline.stream().anyMatch(Action.Begin.class::isInstance);
    }

    /** Whether a transaction is open once the pipeline went through, given whether one was before it. */
    static boolean leavesOpen(List<Action> pipeline, boolean openBefore) {
        boolean open = openBefore;
        for (Action action : pipeline) {
            open = action instanceof Action.Begin || !(action instanceof Action.Commit) && open;
        }
        return open;
    }
}
