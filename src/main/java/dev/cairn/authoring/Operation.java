package dev.cairn.authoring;

import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation of a reversible change, Ecto's migration vocabulary ({@code create table}, {@code alter},
 * {@code rename}, {@code create index}, {@code drop}, {@code execute}). Each knows the operation that undoes it;
 * one that cannot be undone without more facts says which ones to add, as Ecto's "cannot reverse migration
 * command" does.
 */
sealed interface Operation {

    /** The operation that undoes this one. @param where the operation's place in the request, e.g. change[2] */
    Operation reverse(String where);

    /** What a table looks like, enough to create it: Ecto's {@code table/2} options and its columns. */
    record TableShape(String table, List<Column> columns, boolean primaryKey, boolean binaryId, boolean timestamps) {}

    record CreateTable(TableShape shape, boolean ifNotExists) implements Operation {
        public Operation reverse(String where) {
            return new DropTable(shape.table(), shape, ifNotExists);
        }
    }

    /** {@code shape} is null when the request did not say what the table held. */
    record DropTable(String table, TableShape shape, boolean ifExists) implements Operation {
        public Operation reverse(String where) {
            if (shape == null) {
                throw irreversible(where, "dropTable " + table, "give the table's \"columns\" (and \"primaryKey\", "
                        + "\"binaryId\", \"timestamps\" as it was created) so the down script can create it again");
            }
            return new CreateTable(shape, ifExists);
        }
    }

    record RenameTable(String from, String to) implements Operation {
        public Operation reverse(String where) {
            return new RenameTable(to, from);
        }
    }

    /** An index; {@code columns} is null for a dropped index known only by name. */
    record Index(String table, List<String> columns, String name, boolean unique, boolean concurrently,
                 String where) {}

    record CreateIndex(Index index) implements Operation {
        public Operation reverse(String where) {
            return new DropIndex(index);
        }
    }

    record DropIndex(Index index) implements Operation {
        public Operation reverse(String where) {
            if (index.columns() == null) {
                throw irreversible(where, "dropIndex " + index.name(), "give the index's \"columns\" (and "
                        + "\"unique\", \"where\" as it was created) so the down script can create it again");
            }
            return new CreateIndex(index);
        }
    }

    /** SQL of the author's own; without {@code down} the migration cannot be rolled back. */
    record Execute(String up, String down) implements Operation {
        public Operation reverse(String where) {
            return new Execute(down, up);
        }
    }

    /** Changes to one table, applied in order; its reversal undoes them in the opposite order. */
    record AlterTable(String table, List<ColumnChange> changes) implements Operation {
        public Operation reverse(String where) {
            List<ColumnChange> undo = new ArrayList<>();
            for (int i = changes.size() - 1; i >= 0; i--) {
                undo.add(changes.get(i).reverse(where, table));
            }
            return new AlterTable(table, undo);
        }
    }

    sealed interface ColumnChange {
        ColumnChange reverse(String where, String table);
    }

    record Add(Column column) implements ColumnChange {
        public ColumnChange reverse(String where, String table) {
            return new Remove(column.name(), column);
        }
    }

    /** A column's new definition, whole; {@code from} is the one before, null when the request did not say. */
    record Modify(Column column, Column from) implements ColumnChange {
        public ColumnChange reverse(String where, String table) {
            if (from == null) {
                throw irreversible(where, "alterTable " + table + " modify " + column.name(), "give \"from\": the "
                        + "column's type (or {\"type\", \"null\", \"default\"}) before the change, as Ecto's from:");
            }
            return new Modify(from, column);
        }
    }

    /** {@code was} is the dropped column's definition, null when the request did not say. */
    record Remove(String name, Column was) implements ColumnChange {
        public ColumnChange reverse(String where, String table) {
            if (was == null) {
                throw irreversible(where, "alterTable " + table + " remove " + name, "give the removed column's "
                        + "\"type\" (and its options) so the down script can add it again, as Ecto's remove/3");
            }
            return new Add(was);
        }
    }

    record Rename(String from, String to) implements ColumnChange {
        public ColumnChange reverse(String where, String table) {
            return new Rename(to, from);
        }
    }

    private static CairnException irreversible(String where, String what, String fix) {
        return Problem.CHANGE_IRREVERSIBLE.raise("cannot reverse " + where + " (" + what + "): " + fix
                + ". Or write the migration with \"up\" and \"down\" yourself. Nothing was stored.")
                .with("operation", where);
    }
}
