package dev.cairn.dialect;

import dev.cairn.sqlscript.MySqlScriptSplitter;
import dev.cairn.sqlscript.ScriptSplitter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** MariaDB and MySQL, both through MariaDB Connector/J. A prefix here is a database. */
public final class MariaDbDialect implements Dialect {

    public static final MariaDbDialect INSTANCE = new MariaDbDialect();

    private static final ScriptSplitter SPLITTER = new MySqlScriptSplitter();
    // GET_LOCK names are server-wide and at most 64 characters, so the database takes part through a hash.
    private static final String LOCK_NAME = "CONCAT('cairn:', SHA1(COALESCE(?, DATABASE())))";

    private MariaDbDialect() {}

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public Class<? extends Driver> driver() {
        return org.mariadb.jdbc.Driver.class;
    }

    @Override
    public Map<String, String> connectionProperties(Duration connectTimeout) {
        return Map.of("connectTimeout", Long.toString(Math.max(1000, connectTimeout.toMillis())),
                "tcpKeepAlive", "true", "permitMysqlScheme", "true");
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    @Override
    public ScriptSplitter splitter() {
        return SPLITTER;
    }

    @Override
    public String createSchemaIfMissing(String prefix) {
        return "CREATE DATABASE IF NOT EXISTS " + quote(prefix);
    }

    @Override
    public String schemaExists(String prefix) {
        return "SELECT COUNT(*) > 0 FROM information_schema.schemata WHERE schema_name = '"
                + prefix.replace("'", "''") + "'";
    }

    @Override
    public String useSchema(String prefix) {
        return "USE " + quote(prefix);
    }

    @Override
    public void leaveSchema(Connection connection, String originalCatalog) throws SQLException {
        if (originalCatalog != null) {
            connection.setCatalog(originalCatalog);
        }
    }

    @Override
    public String currentSchema() {
        return "DATABASE()";
    }

    @Override
    public String utcNow() {
        return "UTC_TIMESTAMP()";
    }

    @Override
    public List<String> createLedger(String prefix) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + qualify(prefix, "schema_migrations")
                        + " (version bigint PRIMARY KEY, inserted_at datetime, name varchar(255), checksum varchar(64))",
                "CREATE TABLE IF NOT EXISTS " + qualify(prefix, "cairn_progress")
                        + " (version bigint PRIMARY KEY, direction varchar(4) NOT NULL,"
                        + " statements_done integer NOT NULL, started_at datetime)");
    }

    @Override
    public boolean tryLock(Connection connection, String prefix) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT GET_LOCK(" + LOCK_NAME + ", 0)")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    @Override
    public void unlock(Connection connection, String prefix) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT RELEASE_LOCK(" + LOCK_NAME + ")")) {
            st.setString(1, prefix);
            st.execute();
        }
    }

    @Override
    public String lockHolder(Connection connection, String prefix) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT IS_USED_LOCK(" + LOCK_NAME + ")")) {
            st.setString(1, prefix);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getObject(1) != null ? "MariaDB connection id " + rs.getLong(1) : null;
            }
        }
    }
}
