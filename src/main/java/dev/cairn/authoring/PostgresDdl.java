package dev.cairn.authoring;

import dev.cairn.authoring.ColumnType.Base;
import dev.cairn.authoring.Operation.Index;
import dev.cairn.authoring.Operation.Remove;
import dev.cairn.dialect.Dialect;
import java.util.List;

/** PostgreSQL's types and statements as Ecto's Postgres adapter writes them. */
final class PostgresDdl extends Ddl {

    PostgresDdl(Dialect dialect) {
        super(dialect);
    }

    @Override
    String type(Column column, String where) {
        ColumnType t = column.type();
        return switch (t.base()) {
            case ARRAY -> scalar(t.element(), column) + "[]";
            case ENUM -> "varchar(255)";
            case REFERENCES -> scalar(keyOf(t), column);
            default -> scalar(t.base(), column);
        };
    }

    private static String scalar(Base base, Column column) {
        return switch (base) {
            case STRING -> "varchar(" + (column.size() == null ? 255 : column.size()) + ")";
            case TEXT -> "text";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case FLOAT -> "double precision";
            case DECIMAL -> column.precision() == null ? "numeric"
                    : "numeric(" + column.precision() + (column.scale() == null ? "" : "," + column.scale()) + ")";
            case BOOLEAN -> "boolean";
            case BINARY -> "bytea";
            case DATE -> "date";
            case TIME -> "time(0)";
            case TIME_USEC -> "time(6)";
            case NAIVE_DATETIME, UTC_DATETIME -> "timestamp(0)";
            case NAIVE_DATETIME_USEC, UTC_DATETIME_USEC -> "timestamp(6)";
            case UUID, BINARY_ID -> "uuid";
            case MAP -> "jsonb";
            default -> throw new IllegalArgumentException("not a scalar type: " + base);
        };
    }

    @Override
    String primaryKey(boolean binaryId) {
        return binaryId ? "uuid PRIMARY KEY" : "bigserial PRIMARY KEY";
    }

    /** A CHECK rather than CREATE TYPE: it goes with its column, so dropping the column or table leaves nothing. */
    @Override
    String enumCheck(String table, Column column) {
        return "CONSTRAINT " + q(Names.constraint(table, column.name(), "check")) + " CHECK (" + q(column.name())
                + " IN (" + enumValues(column) + "))";
    }

    @Override
    boolean indexesForeignKeys() {
        return false;
    }

    @Override
    boolean concurrentIndexes() {
        return true;
    }

    /** The column's whole new definition: what the modify does not say (null, default) is reset. */
    @Override
    List<String> modify(String table, Column column, String where) {
        String c = "ALTER COLUMN " + q(column.name());
        String nullability = Boolean.FALSE.equals(column.nullable()) ? " SET NOT NULL" : " DROP NOT NULL";
        String defaultClause = column.defaultValue() == null ? " DROP DEFAULT"
                : " SET" + defaultClause(column);
        return List.of("ALTER TABLE " + q(table) + " " + c + " TYPE " + type(column, where) + ", " + c + nullability
                + ", " + c + defaultClause + ";");
    }

    @Override
    List<String> remove(String table, Remove remove) {
        return List.of("ALTER TABLE " + q(table) + " DROP COLUMN " + q(remove.name()) + ";");
    }

    @Override
    String renameTable(String from, String to) {
        return "ALTER TABLE " + q(from) + " RENAME TO " + q(to) + ";";
    }

    @Override
    String createIndex(Index index, String where) {
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + (index.concurrently() ? "CONCURRENTLY " : "")
                + q(index.name()) + " ON " + q(index.table()) + " (" + columns(index) + ")"
                + (index.where() == null ? "" : " WHERE " + index.where()) + ";";
    }

    @Override
    String dropIndex(Index index) {
        return "DROP INDEX " + (index.concurrently() ? "CONCURRENTLY " : "") + q(index.name()) + ";";
    }

    @Override
    String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
