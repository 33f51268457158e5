package dev.cairn.authoring;

import dev.cairn.authoring.ColumnType.Base;
import dev.cairn.authoring.Operation.Index;
import dev.cairn.authoring.Operation.Remove;
import dev.cairn.dialect.Dialect;
import java.util.ArrayList;
import java.util.List;

/** MariaDB's types and statements as Ecto's MyXQL adapter writes them, where MariaDB reads them. */
final class MariaDbDdl extends Ddl {

    MariaDbDdl(Dialect dialect) {
        super(dialect);
    }

    @Override
    String type(Column column, String where) {
        ColumnType t = column.type();
        return switch (t.base()) {
            case ARRAY -> throw unsupported(where, "MariaDB has no array columns (" + column.name() + " is "
                    + "array:" + t.element().word() + "); use map (a JSON column) or a table of its own");
            case ENUM -> "ENUM(" + enumValues(column) + ")";
            case REFERENCES -> scalar(keyOf(t), column);
            default -> scalar(t.base(), column);
        };
    }

    private static String scalar(Base base, Column column) {
        return switch (base) {
            case STRING -> "varchar(" + (column.size() == null ? 255 : column.size()) + ")";
            case TEXT -> "text";
            case INTEGER -> "int";
            case BIGINT -> "bigint";
            case FLOAT -> "double";
            // A bare DECIMAL is DECIMAL(10,0) on MariaDB, which would round every price to a whole number.
            case DECIMAL -> "decimal(" + (column.precision() == null ? "65,30"
                    : column.precision() + (column.scale() == null ? "" : "," + column.scale())) + ")";
            case BOOLEAN -> "boolean";
            case BINARY -> "blob";
            case DATE -> "date";
            case TIME -> "time";
            case TIME_USEC -> "time(6)";
            case NAIVE_DATETIME, UTC_DATETIME -> "datetime";
            case NAIVE_DATETIME_USEC, UTC_DATETIME_USEC -> "datetime(6)";
            case UUID, BINARY_ID -> "binary(16)";
            case MAP -> "json";
            default -> throw new IllegalArgumentException("not a scalar type: " + base);
        };
    }

    @Override
    String primaryKey(boolean binaryId) {
        return binaryId ? "binary(16) PRIMARY KEY" : "bigint AUTO_INCREMENT PRIMARY KEY";
    }

    /** MariaDB has ENUM columns of its own. */
    @Override
    String enumCheck(String table, Column column) {
        return null;
    }

    @Override
    boolean indexesForeignKeys() {
        return true;
    }

    /** MariaDB builds indexes online without being asked; there is no CONCURRENTLY, and no transaction to leave. */
    @Override
    boolean concurrentIndexes() {
        return false;
    }

    @Override
    List<String> modify(String table, Column column, String where) {
        return List.of("ALTER TABLE " + q(table) + " MODIFY COLUMN " + definition(column, where) + ";");
    }

    /** A foreign key must go before its column can: MariaDB refuses to drop a column a constraint needs. */
    @Override
    List<String> remove(String table, Remove remove) {
        List<String> statements = new ArrayList<>();
        if (remove.was() != null && remove.was().isReference()) {
            statements.add("ALTER TABLE " + q(table) + " DROP FOREIGN KEY " + q(foreignKey(table, remove.name()))
                    + ";");
        }
        statements.add("ALTER TABLE " + q(table) + " DROP COLUMN " + q(remove.name()) + ";");
        return statements;
    }

    @Override
    String renameTable(String from, String to) {
        return "RENAME TABLE " + q(from) + " TO " + q(to) + ";";
    }

    @Override
    String createIndex(Index index, String where) {
        if (index.where() != null) {
            throw unsupported(where, "MariaDB has no partial indexes (\"where\"); drop the condition or index a "
                    + "generated column");
        }
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + q(index.name()) + " ON " + q(index.table())
                + " (" + columns(index) + ");";
    }

    @Override
    String dropIndex(Index index) {
        return "DROP INDEX " + q(index.name()) + " ON " + q(index.table()) + ";";
    }

    /** Backslashes too: MariaDB reads them as escapes unless NO_BACKSLASH_ESCAPES is set. */
    @Override
    String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
