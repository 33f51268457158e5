package dev.cairn.faults;

import dev.cairn.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/** What a fault test checks on the target itself: the ledger, the tables, the locks and the running queries. */
final class TargetDb {

    private final TestServer server;
    private final String database;

    TargetDb(TestServer server, String database) {
        this.server = server;
        this.database = database;
    }

    /** The versions in {@code schema_migrations}; empty when the ledger does not exist yet. */
    Set<Long> ledger() throws SQLException {
        Set<Long> versions = new TreeSet<>();
        if (!tables().contains("schema_migrations")) {
            return versions;
        }
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM schema_migrations")) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
            }
        }
        return versions;
    }

    /** Rows of {@code cairn_progress}: migrations that started outside a transaction and did not finish. */
    int dirtyMarks() throws SQLException {
        if (!tables().contains("cairn_progress")) {
            return 0;
        }
        return count("SELECT count(*) FROM cairn_progress");
    }

    /** Tables in the public schema. */
    Set<String> tables() throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Advisory locks held or awaited on this database, by anyone. */
    int advisoryLocks() throws SQLException {
        return count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }

    /** Sessions on this database, other than ours, whose current query contains {@code text}. */
    int sessionsRunning(String text) throws SQLException {
        try (Connection c = server.connect(database); PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid() AND state = 'active' AND strpos(query, ?) > 0")) {
            st.setString(1, text);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = server.connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private int count(String sql) throws SQLException {
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
