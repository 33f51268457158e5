package dev.cairn.engine;

import dev.cairn.dialect.Dialect;
import dev.cairn.scripts.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code schema_migrations} table Ecto uses (version bigint, inserted_at), plus Cairn's optional name and
 * checksum columns, and the small {@code cairn_progress} table that marks a migration running outside a transaction.
 * Ledger writes are SQL text so a dry run can show exactly what would be sent.
 */
final class Ledger {

    private static final String[][] CAIRN_COLUMNS = {{"name", "varchar(255)"}, {"checksum", "varchar(64)"}};

    private final Dialect dialect;
    private final String prefix;
    private final String table;
    private final String progress;

    Ledger(Dialect dialect, String prefix) {
        this.dialect = dialect;
        this.prefix = prefix;
        this.table = dialect.qualify(prefix, "schema_migrations");
        this.progress = dialect.qualify(prefix, "cairn_progress");
    }

    List<String> createStatements() {
        String timestamp = dialect.timestampType();
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (version bigint PRIMARY KEY, inserted_at " + timestamp
                        + ", name varchar(255), checksum varchar(64))",
                "CREATE TABLE IF NOT EXISTS " + progress + " (version bigint PRIMARY KEY, direction varchar(4) NOT NULL,"
                        + " statements_done integer NOT NULL, started_at " + timestamp + ")");
    }

    /** Creates the tables if missing and adds Cairn's columns to a ledger another tool created. */
    void ensure(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : createStatements()) {
                st.execute(sql);
            }
            Set<String> columns;
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
                columns = columnNames(rs.getMetaData());
            }
            for (String[] column : CAIRN_COLUMNS) {
                if (!columns.contains(column[0])) {
                    st.execute(dialect.addLedgerColumn(prefix, column[0], column[1]));
                }
            }
        }
    }

    /** Reads the whole ledger in one query; a database never migrated reads as empty, and nothing is created. */
    LedgerState read(Connection c) throws SQLException {
        Set<String> tables = existingTables(c);
        TreeMap<Long, Applied> applied = new TreeMap<>();
        if (tables.contains("schema_migrations")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                Set<String> columns = columnNames(rs.getMetaData());
                boolean cairnColumns = columns.contains("name") && columns.contains("checksum");
                while (rs.next()) {
                    long version = rs.getLong("version");
                    Timestamp at = rs.getTimestamp("inserted_at");
                    applied.put(version, new Applied(version, at == null ? null : at.toLocalDateTime(),
                            cairnColumns ? rs.getString("name") : null, cairnColumns ? rs.getString("checksum") : null));
                }
            }
        }
        Dirty dirty = null;
        if (tables.contains("cairn_progress")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT version, direction, statements_done, started_at FROM " + progress + " ORDER BY version")) {
                if (rs.next()) {
                    Timestamp at = rs.getTimestamp(4);
                    dirty = new Dirty(rs.getLong(1), rs.getString(2), rs.getInt(3),
                            at == null ? null : at.toLocalDateTime());
                }
            }
        }
        return new LedgerState(applied, dirty);
    }

    String recordApplied(Migration m) {
        return "INSERT INTO " + table + " (version, inserted_at, name, checksum) VALUES (" + m.version() + ", "
                + dialect.utcNow() + ", '" + m.name() + "', '" + m.checksum() + "')";
    }

    String recordReverted(long version) {
        return "DELETE FROM " + table + " WHERE version = " + version;
    }

    String markStarted(long version, Direction direction) {
        return "INSERT INTO " + progress + " (version, direction, statements_done, started_at) VALUES ("
                + version + ", '" + direction.word() + "', 0, " + dialect.utcNow() + ")";
    }

    String markProgress(long version, int statementsDone) {
        return "UPDATE " + progress + " SET statements_done = " + statementsDone + " WHERE version = " + version;
    }

    String clearProgress(long version) {
        return "DELETE FROM " + progress + " WHERE version = " + version;
    }

    private Set<String> existingTables(Connection c) throws SQLException {
        String schema = prefix == null ? dialect.currentSchema() : "?";
        Set<String> found = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = " + schema + " AND table_name IN ('schema_migrations', 'cairn_progress')")) {
            if (prefix != null) {
                st.setString(1, prefix);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1).toLowerCase());
                }
            }
        }
        return found;
    }

    private static Set<String> columnNames(ResultSetMetaData meta) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnName(i).toLowerCase());
        }
        return names;
    }
}
