package dev.cairn.authoring;

import dev.cairn.authoring.ColumnType.Base;
import dev.cairn.authoring.Operation.Add;
import dev.cairn.authoring.Operation.AlterTable;
import dev.cairn.authoring.Operation.ColumnChange;
import dev.cairn.authoring.Operation.CreateIndex;
import dev.cairn.authoring.Operation.CreateTable;
import dev.cairn.authoring.Operation.DropIndex;
import dev.cairn.authoring.Operation.DropTable;
import dev.cairn.authoring.Operation.Execute;
import dev.cairn.authoring.Operation.Index;
import dev.cairn.authoring.Operation.Modify;
import dev.cairn.authoring.Operation.Remove;
import dev.cairn.authoring.Operation.Rename;
import dev.cairn.authoring.Operation.RenameTable;
import dev.cairn.authoring.Operation.TableShape;
import dev.cairn.dialect.Dialect;
import dev.cairn.dialect.PostgresDialect;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes operations as the SQL of one engine. What every engine writes alike lives here; {@link PostgresDdl} and
 * {@link MariaDbDdl} hold the types and the statements that differ. Names are checked before they get here
 * ({@link Names}) and quoted again by the dialect; defaults and enum values are written as literals.
 */
abstract class Ddl {

    final Dialect dialect;

    Ddl(Dialect dialect) {
        this.dialect = dialect;
    }

    static Ddl of(Dialect dialect) {
        return dialect instanceof PostgresDialect ? new PostgresDdl(dialect) : new MariaDbDdl(dialect);
    }

    /** The SQL type of a column. @param where the column's place in the request, for a refusal */
    abstract String type(Column column, String where);

    /** The primary key column's type and key clause, after its name. */
    abstract String primaryKey(boolean binaryId);

    /** An enum column's CHECK constraint where the engine has no enum type of its own; null where it has. */
    abstract String enumCheck(String table, Column column);

    /** Whether the engine indexes every foreign key column itself (InnoDB does), so no index is added for one. */
    abstract boolean indexesForeignKeys();

    /** Whether {@code CREATE INDEX CONCURRENTLY} makes the migration run outside a transaction. */
    abstract boolean concurrentIndexes();

    abstract List<String> modify(String table, Column column, String where);

    abstract List<String> remove(String table, Remove remove);

    abstract String renameTable(String from, String to);

    abstract String createIndex(Index index, String where);

    abstract String dropIndex(Index index);

    /** A string literal the engine reads back as the same text. */
    abstract String literal(String text);

    List<String> write(Operation op, String where) {
        if (op instanceof CreateTable c) {
            return List.of(createTable(c.shape(), c.ifNotExists(), where));
        } else if (op instanceof DropTable d) {
            return List.of("DROP TABLE " + (d.ifExists() ? "IF EXISTS " : "") + q(d.table()) + ";");
        } else if (op instanceof AlterTable a) {
            List<String> statements = new ArrayList<>();
            for (ColumnChange change : a.changes()) {
                statements.addAll(alter(a.table(), change, where));
            }
            return statements;
        } else if (op instanceof RenameTable r) {
            return List.of(renameTable(r.from(), r.to()));
        } else if (op instanceof CreateIndex c) {
            return List.of(createIndex(c.index(), where));
        } else if (op instanceof DropIndex d) {
            return List.of(dropIndex(d.index()));
        } else {
            String sql = ((Execute) op).up().strip();
            return List.of(sql.endsWith(";") ? sql : sql + ";");
        }
    }

    private String createTable(TableShape shape, boolean ifNotExists, String where) {
        List<String> lines = new ArrayList<>();
        if (shape.primaryKey()) {
            lines.add(q("id") + " " + primaryKey(shape.binaryId()));
        }
        for (int i = 0; i < shape.columns().size(); i++) {
            lines.add(definition(shape.columns().get(i), where + ".columns[" + i + "]"));
        }
        if (shape.timestamps()) {
            lines.add(q("inserted_at") + " " + dialect.timestampType() + " NOT NULL");
            lines.add(q("updated_at") + " " + dialect.timestampType() + " NOT NULL");
        }
        for (Column column : shape.columns()) {
            lines.addAll(constraints(shape.table(), column));
        }
        return "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + q(shape.table()) + " (\n  "
                + String.join(",\n  ", lines) + "\n);";
    }

    private List<String> alter(String table, ColumnChange change, String where) {
        if (change instanceof Add a) {
            List<String> clauses = new ArrayList<>(List.of("ADD COLUMN " + definition(a.column(), where)));
            constraints(table, a.column()).forEach(c -> clauses.add("ADD " + c));
            return List.of("ALTER TABLE " + q(table) + " " + String.join(", ", clauses) + ";");
        } else if (change instanceof Modify m) {
            return modify(table, m.column(), where);
        } else if (change instanceof Remove r) {
            return remove(table, r);
        } else {
            Rename r = (Rename) change;
            return List.of("ALTER TABLE " + q(table) + " RENAME COLUMN " + q(r.from()) + " TO " + q(r.to()) + ";");
        }
    }

    /** A column as CREATE TABLE and ADD COLUMN write it: name, type, default, NOT NULL. */
    String definition(Column column, String where) {
        return q(column.name()) + " " + type(column, where) + defaultClause(column)
                + (Boolean.FALSE.equals(column.nullable()) ? " NOT NULL" : "");
    }

    String defaultClause(Column column) {
        Object value = column.defaultValue();
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean b) {
            return " DEFAULT " + (b ? "TRUE" : "FALSE");
        }
        return " DEFAULT " + (value instanceof Number n ? n.toString() : literal(value.toString()));
    }

    /** The table constraints a column brings: its foreign key, and its enum's CHECK where there is one. */
    private List<String> constraints(String table, Column column) {
        List<String> constraints = new ArrayList<>();
        if (column.isReference()) {
            ColumnType t = column.type();
            constraints.add("CONSTRAINT " + q(foreignKey(table, column.name())) + " FOREIGN KEY ("
                    + q(column.name()) + ") REFERENCES " + q(t.references()) + " (" + q("id") + ")"
                    + (t.onDelete().sql == null ? "" : " ON DELETE " + t.onDelete().sql));
        }
        String check = column.isEnum() ? enumCheck(table, column) : null;
        if (check != null) {
            constraints.add(check);
        }
        return constraints;
    }

    static String foreignKey(String table, String column) {
        return Names.constraint(table, column, "fkey");
    }

    String enumValues(Column column) {
        return column.type().values().stream().map(this::literal).collect(Collectors.joining(", "));
    }

    /** The key type of a reference: bigint unless it says otherwise. */
    static Base keyOf(ColumnType type) {
        return type.element() == null ? Base.BIGINT : type.element();
    }

    String columns(Index index) {
        return index.columns().stream().map(this::q).collect(Collectors.joining(", "));
    }

    String q(String name) {
        return dialect.quote(name);
    }

    static CairnException unsupported(String where, String what) {
        return Problem.UNSUPPORTED_BY_ENGINE.raise(where + ": " + what + ". Nothing was stored.")
                .with("field", where);
    }
}
