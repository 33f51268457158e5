package dev.cairn.plan;

import dev.cairn.sqlscript.SqlStatement;

/**
 * One thing a run sends while applying or reverting a migration. A dry run prints {@link #sql()} of each; a real
 * run executes the very same list, so the two cannot drift apart.
 */
public sealed interface Action {

    /** What is sent, as a dry run shows it. */
    String sql();

    /** Opens the transaction that the migration's ledger row commits in. */
    record Begin() implements Action {
        @Override
        public String sql() {
            return "BEGIN";
        }
    }

    record Commit() implements Action {
        @Override
        public String sql() {
            return "COMMIT";
        }
    }

    /** Statement {@code index} (0-based) of the {@code count} in the migration's script. */
    record Execute(SqlStatement statement, int index, int count) implements Action {
        @Override
        public String sql() {
            return statement.sql();
        }
    }

    /** A ledger write: the migration's row, or its dirty mark while it runs outside a transaction. */
    record Record(String sql) implements Action {}

    /** A session setting: a migration's own timeouts before it, the run's again after it. */
    record Session(String sql) implements Action {}
}
