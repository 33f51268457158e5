package dev.cairn.dialect;

import dev.cairn.sqlscript.MySqlScriptSplitter;
import dev.cairn.sqlscript.ScriptSplitter;
import dev.cairn.sqlscript.SqlStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MariaDB and MySQL, both through MariaDB Connector/J. A prefix here is a database. */
public final class MariaDbDialect implements Dialect {

    public static final MariaDbDialect INSTANCE = new MariaDbDialect();

    private static final ScriptSplitter SPLITTER = new MySqlScriptSplitter();
    // Syntax errors end with "... near '…' at line N", N counted from the statement's first line.
    private static final Pattern ERROR_LINE = Pattern.compile("at line (\\d{1,9})\\s*$");
    // Modes under which quotes and backslashes mean something else than the splitter assumes.
    private static final List<String> UNSUPPORTED_MODES = List.of("ANSI_QUOTES", "NO_BACKSLASH_ESCAPES");

    private MariaDbDialect() {}

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public Class<? extends Driver> driver() {
        return org.mariadb.jdbc.Driver.class;
    }

    /**
     * {@code allowLocalInfile=false}: Connector/J would otherwise send any file the server asks for, so a script's
     * {@code LOAD DATA LOCAL INFILE '/proc/self/environ'} would copy a file of Cairn's own host into the database.
     * Off, the driver does not even offer the capability and the server refuses the statement before asking.
     * {@code permitRedirect=false}: a server could otherwise send Cairn on to another host and port of its choosing
     * (MariaDB 11.3's redirect, followed under verify-full), around {@code cairn.targets.allowed-hosts}.
     * {@code allowMultiQueries=true}: a migration's statements travel as one message (see
     * {@link #pipelinesOutsideTransactions}); Cairn splits every script itself, so nothing else sends two at once.
     */
    @Override
    public Map<String, String> connectionProperties(Duration connectTimeout) {
        return Map.of("connectTimeout", Long.toString(Math.max(1000, connectTimeout.toMillis())),
                "tcpKeepAlive", "true", "allowLocalInfile", "false", "permitRedirect", "false",
                "allowMultiQueries", "true");
    }

    /** A multi-statement message stops at its first error, and each DDL statement in it commits on its own. */
    @Override
    public boolean pipelinesOutsideTransactions() {
        return true;
    }

    /** Connector/J's batch goes on after a failed entry, which would run the statements after a failure. */
    @Override
    public boolean pipelinesAsBatch() {
        return false;
    }

    @Override
    public String idleStatement(int n) {
        return "SET @cairn_warm_up = " + n;
    }

    /** A user variable: it survives the rollback of the statement that failed, and lives only in the session. */
    @Override
    public String markStatement(int index) {
        return "SET @cairn_statement = " + index;
    }

    @Override
    public String markedStatement() {
        return "SELECT @cairn_statement";
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
    public Integer errorLine(SQLException e, SqlStatement statement) {
        Matcher m = ERROR_LINE.matcher(e.getMessage() == null ? "" : e.getMessage());
        return m.find() ? statement.line() + Integer.parseInt(m.group(1)) - 1 : null;
    }

    /** 4166 (MariaDB 10.5+), 1148 (older MariaDB) and 3948 (MySQL 8): the client did not offer local files. */
    @Override
    public boolean refusedLocalFile(SQLException e) {
        return e.getErrorCode() == 4166 || e.getErrorCode() == 1148 || e.getErrorCode() == 3948;
    }

    @Override
    public String sqlModeQuery() {
        return "SELECT @@SESSION.sql_mode";
    }

    @Override
    public List<String> unsupportedSqlModes() {
        return UNSUPPORTED_MODES;
    }

    @Override
    public String maintenanceDatabase() {
        return "";
    }

    @Override
    public String databaseExists(String database) {
        return "SELECT COUNT(*) > 0 FROM information_schema.schemata WHERE schema_name = " + literal(database);
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String createSchemaIfMissing(String prefix) {
        return "CREATE DATABASE IF NOT EXISTS " + quote(prefix);
    }

    @Override
    public String prefixesLike() {
        return "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE ? ORDER BY schema_name";
    }

    @Override
    public String schemaExists(String prefix) {
        return databaseExists(prefix);
    }

    @Override
    public String useSchema(String prefix) {
        return "USE " + quote(prefix);
    }

    @Override
    public void resetSession(Connection connection, String originalCatalog) throws SQLException {
        if (originalCatalog != null) {
            connection.setCatalog(originalCatalog);
        }
    }

    @Override
    public String currentSchema() {
        return "DATABASE()";
    }

    @Override
    public String tablesExist(String prefix, String table, String otherTable) {
        String schema = prefix == null ? currentSchema() : literal(prefix);
        String exists = "EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = " + schema
                + " AND table_name = ";
        return "SELECT " + exists + literal(table) + "), " + exists + literal(otherTable) + ")";
    }

    @Override
    public String utcNow() {
        return "UTC_TIMESTAMP()";
    }

    @Override
    public String timestampType() {
        return "datetime";
    }

    /** MariaDB counts lock waits in whole seconds, at least one. */
    @Override
    public List<String> timeoutSettings(Duration lockTimeout, Duration statementTimeout) {
        List<String> sql = new ArrayList<>();
        if (lockTimeout != null) {
            long seconds = Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
            sql.add("SET SESSION lock_wait_timeout = " + seconds + ", innodb_lock_wait_timeout = " + seconds);
        }
        if (statementTimeout != null) {
            sql.add("SET SESSION max_statement_time = " + statementTimeout.toMillis() / 1000.0);
        }
        return sql;
    }

    @Override
    public List<String> timeoutDefaults() {
        return List.of(timeoutReset());
    }

    @Override
    public String timeoutReset() {
        return "SET SESSION lock_wait_timeout = DEFAULT, innodb_lock_wait_timeout = DEFAULT,"
                + " max_statement_time = DEFAULT";
    }

    /** 1205: ER_LOCK_WAIT_TIMEOUT, for row and metadata locks alike. */
    @Override
    public boolean isLockTimeout(SQLException e) {
        return e.getErrorCode() == 1205;
    }

    @Override
    public long sessionId(Connection connection) throws SQLException {
        return connection.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
    }

    /** Row locks only: InnoDB says who holds them; a metadata lock's holder is not shown without a plugin. */
    @Override
    public String blockersQuery(long sessionId) {
        return "SELECT p.ID, p.USER, p.COMMAND, NULL, LEFT(p.INFO, 200) FROM information_schema.INNODB_LOCK_WAITS w"
                + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id"
                + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
                + " JOIN information_schema.PROCESSLIST p ON p.ID = b.trx_mysql_thread_id"
                + " WHERE r.trx_mysql_thread_id = " + sessionId + " ORDER BY p.ID";
    }

    @Override
    public String tryLock(String prefix) {
        return "SELECT GET_LOCK(" + lockName(prefix) + ", 0) = 1";
    }

    @Override
    public String unlock(String prefix) {
        return "SELECT RELEASE_LOCK(" + lockName(prefix) + ")";
    }

    @Override
    public String lockHolder(String prefix) {
        return "SELECT CONCAT('MariaDB connection id ', IS_USED_LOCK(" + lockName(prefix) + "))";
    }

    /**
     * GET_LOCK names are server-wide and at most 64 characters, so the database takes part through a hash. Without
     * a prefix or a database in the url DATABASE() is NULL, and GET_LOCK(NULL) would answer "not taken" forever.
     */
    private static String lockName(String prefix) {
        return "CONCAT('cairn:', SHA1(COALESCE(" + (prefix == null ? "NULL" : literal(prefix)) + ", DATABASE(), '')))";
    }
}
