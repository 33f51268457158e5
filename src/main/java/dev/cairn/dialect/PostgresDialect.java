package dev.cairn.dialect;

import dev.cairn.sqlscript.PostgresScriptSplitter;
import dev.cairn.sqlscript.ScriptSplitter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.postgresql.util.PSQLException;

public final class PostgresDialect implements Dialect {

    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final ScriptSplitter SPLITTER = new PostgresScriptSplitter();
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("^\\s*COPY\\b.*\\bFROM\\s+STDIN\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern FIRST_NUMBER = Pattern.compile("(\\d{1,9})");

    private PostgresDialect() {}

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public Class<? extends Driver> driver() {
        return org.postgresql.Driver.class;
    }

    /**
     * The empty {@code sslcert} and {@code sslkey} keep pgjdbc from presenting Cairn's own
     * {@code ~/.postgresql/postgresql.crt} and {@code .pk8} to any server that asks; a TLS profile replaces them.
     */
    @Override
    public Map<String, String> connectionProperties(Duration connectTimeout) {
        String seconds = Long.toString(Math.max(1, connectTimeout.toSeconds()));
        return Map.of("connectTimeout", seconds, "loginTimeout", seconds, "tcpKeepAlive", "true",
                "ApplicationName", "cairn", "sslcert", "", "sslkey", "");
    }

    /**
     * Has the server check every second, during a long statement, that Cairn is still connected (PostgreSQL 14+).
     * Without it a migration whose Cairn was killed keeps running, holding its locks, until its statement ends.
     * Read through pg_settings so older servers, which do not know the setting, just return no row.
     */
    @Override
    public String connectionSetup() {
        return "SELECT set_config(name, '1000', false) FROM pg_settings WHERE name = 'client_connection_check_interval'";
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public ScriptSplitter splitter() {
        return SPLITTER;
    }

    @Override
    public boolean pipelinesOutsideTransactions() {
        return false;
    }

    @Override
    public boolean pipelinesAsBatch() {
        return true;
    }

    @Override
    public String idleStatement(int n) {
        return "SET LOCAL cairn.warm_up = " + n;
    }

    @Override
    public boolean runsAlone(String sql) {
        return COPY_FROM_STDIN.matcher(sql).lookingAt(); // anchored: a long function body is not scanned
    }

    /** pgjdbc names the entry in its message ("Batch entry 3 …", the number first in every translation). */
    @Override
    public Integer failedBatchEntry(SQLException e) {
        Matcher m = FIRST_NUMBER.matcher(e.getMessage() == null ? "" : e.getMessage());
        return e instanceof java.sql.BatchUpdateException && m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    @Override
    public Integer errorPosition(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            int position = p.getServerErrorMessage().getPosition();
            return position > 0 ? position : null;
        }
        return null;
    }

    @Override
    public String maintenanceDatabase() {
        return "postgres";
    }

    @Override
    public String databaseExists(String database) {
        return "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = " + literal(database) + ")";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public String createSchemaIfMissing(String prefix) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(prefix);
    }

    @Override
    public String prefixesLike() {
        return "SELECT nspname FROM pg_namespace WHERE nspname LIKE ? ORDER BY nspname";
    }

    @Override
    public String schemaExists(String prefix) {
        return "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = " + literal(prefix) + ")";
    }

    @Override
    public String useSchema(String prefix) {
        return "SET search_path TO " + quote(prefix);
    }

    @Override
    public void resetSession(Connection connection, String originalCatalog) throws SQLException {
        // DISCARD ALL would also drop the driver's server-side prepared statements; this keeps them. RESET ALL
        // leaves roles alone and undoes connectionSetup, hence the statements around it (one round trip).
        try (Statement st = connection.createStatement()) {
            st.execute("SET SESSION AUTHORIZATION DEFAULT; RESET ROLE; RESET ALL; " + connectionSetup());
        }
    }

    @Override
    public String currentSchema() {
        return "current_schema()";
    }

    @Override
    public String tablesExist(String prefix, String table, String otherTable) {
        // to_regclass is a catalog lookup, far cheaper than information_schema on the status hot path.
        return "SELECT to_regclass(" + literal(qualify(prefix, table)) + ") IS NOT NULL, to_regclass("
                + literal(qualify(prefix, otherTable)) + ") IS NOT NULL";
    }

    @Override
    public String utcNow() {
        return "(now() AT TIME ZONE 'UTC')::timestamp(0)";
    }

    @Override
    public String timestampType() {
        return "timestamp(0)";
    }

    @Override
    public List<String> timeoutSettings(Duration lockTimeout, Duration statementTimeout) {
        List<String> sql = new ArrayList<>();
        if (lockTimeout != null) {
            sql.add("SET lock_timeout = '" + lockTimeout.toMillis() + "ms'");
        }
        if (statementTimeout != null) {
            sql.add("SET statement_timeout = '" + statementTimeout.toMillis() + "ms'");
        }
        return sql;
    }

    @Override
    public List<String> timeoutDefaults() {
        return List.of("SET lock_timeout = DEFAULT", "SET statement_timeout = DEFAULT");
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    @Override
    public long sessionId(Connection connection) throws SQLException {
        return connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
    }

    @Override
    public String blockersQuery(long sessionId) {
        return "SELECT pid, application_name, state, query_start, left(query, 200) FROM pg_stat_activity"
                + " WHERE pid = ANY (pg_blocking_pids(" + sessionId + ")) ORDER BY pid";
    }

    @Override
    public String tryLock(String prefix) {
        return "SELECT pg_try_advisory_lock(" + lockKey(prefix) + ")";
    }

    @Override
    public String unlock(String prefix) {
        return "SELECT pg_advisory_unlock(" + lockKey(prefix) + ")";
    }

    /** A bigint advisory key shows up in pg_locks split into its high (classid) and low (objid) halves. */
    @Override
    public String lockHolder(String prefix) {
        long key = lockKey(prefix);
        return "SELECT 'PostgreSQL backend pid ' || l.pid || ' (' || coalesce(a.application_name, '')"
                + " || coalesce(' from ' || host(a.client_addr), '') || ')' FROM pg_locks l"
                + " LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND l.classid = " + (key >>> 32) + " AND l.objid = " + (key & 0xffffffffL) + " AND l.objsubid = 1";
    }

    /** Advisory locks are per database already, so the key only needs to tell prefixes apart. */
    static long lockKey(String prefix) {
        CRC32C crc = new CRC32C();
        crc.update(("cairn:" + (prefix == null ? "" : prefix)).getBytes(StandardCharsets.UTF_8));
        return 0x43414952_00000000L | crc.getValue(); // "CAIR" in the high half marks the key as Cairn's
    }
}
