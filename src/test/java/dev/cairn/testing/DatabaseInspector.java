package dev.cairn.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a test database directly, not through Cairn, so tests assert on what the database really holds. */
public final class DatabaseInspector {

    private final TestServer server;
    private final String database;

    public DatabaseInspector(TestServer server, String database) {
        this.server = server;
        this.database = database;
    }

    /** The versions in a ledger table, ascending; {@code table} may be qualified. */
    public List<Long> versions(String table) throws SQLException {
        List<Long> versions = new ArrayList<>();
        for (String v : column("SELECT version FROM " + table + " ORDER BY version")) {
            versions.add(Long.parseLong(v));
        }
        return versions;
    }

    /** Column names of a table, sorted; empty when the table does not exist. */
    public List<String> columns(String schema, String table) throws SQLException {
        return column("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = '" + table + "' ORDER BY column_name");
    }

    public boolean tableExists(String schema, String table) throws SQLException {
        return !columns(schema, table).isEmpty();
    }

    public boolean schemaExists(String schema) throws SQLException {
        return "1".equals(query("SELECT 1 FROM information_schema.schemata WHERE schema_name = '" + schema + "'"));
    }

    /** The first column of the first row, or null when there is no row. */
    public String query(String sql) throws SQLException {
        List<String> values = column(sql);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The first column of every row. */
    public List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
