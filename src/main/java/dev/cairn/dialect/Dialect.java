package dev.cairn.dialect;

import dev.cairn.sqlscript.ScriptSplitter;
import dev.cairn.sqlscript.SqlStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What differs between database engines, and nothing else: SQL text, capabilities and the lock calls.
 * Control flow lives in the engine. {@code prefix} is a PostgreSQL schema or a MariaDB database; null means
 * the connection's default.
 */
public interface Dialect {

    /** Short engine name shown in the API, e.g. {@code postgresql}. */
    String name();

    Class<? extends Driver> driver();

    Map<String, String> connectionProperties(Duration connectTimeout);

    /** SQL run once on every new connection to a target, or null when none is needed. */
    default String connectionSetup() {
        return null;
    }

    String quote(String identifier);

    /** Whether DDL can be rolled back, so a failed migration leaves nothing behind. */
    boolean transactionalDdl();

    ScriptSplitter splitter();

    /**
     * SQL answering the session's SQL mode, where a mode can make the server read a script differently from the
     * splitter; null where none can.
     */
    default String sqlModeQuery() {
        return null;
    }

    /** Modes under which quotes and backslashes mean something else than the splitter assumes. */
    default List<String> unsupportedSqlModes() {
        return List.of();
    }

    /**
     * Whether a migration that stopped part-way outside a transaction may be resumed at the statement that failed.
     * Where DDL is transactional such a stop is rare and deliberate (CREATE INDEX CONCURRENTLY), and the operator
     * decides; where every DDL statement commits on its own, resuming is the normal way forward.
     */
    default boolean resumesPartialMigrations() {
        return !transactionalDdl();
    }

    /**
     * Whether the server refused a statement because it asks the client, which is Cairn, to send a file of its own
     * host ({@code LOAD DATA LOCAL INFILE}); Cairn's connections never offer that.
     */
    default boolean refusedLocalFile(SQLException e) {
        return false;
    }

    /**
     * Whether statements may travel together outside a transaction, each still committing on its own: true where
     * a multi-statement message stops at its first error (MariaDB); false where the server would wrap them in one
     * implicit transaction and refuse what must run alone (PostgreSQL's CREATE INDEX CONCURRENTLY, VACUUM).
     */
    boolean pipelinesOutsideTransactions();

    /**
     * Whether a pipeline goes as a JDBC batch (the driver sends every entry before reading any answer, and names
     * the entry that failed) rather than as one multi-statement message.
     */
    boolean pipelinesAsBatch();

    /**
     * Whether a statement needs a round trip of its own even inside a transaction: one the driver can only answer
     * when it comes alone (PostgreSQL's COPY … FROM STDIN, which would break a pipeline's protocol).
     */
    default boolean runsAlone(String sql) {
        return false;
    }

    /**
     * A statement that leaves nothing behind once its transaction rolls back, for walking the driver's pipelined
     * path at start-up (see WarmUp).
     */
    String idleStatement(int n);

    /** The 0-based batch entry the database refused, from the driver's exception; null when it does not say. */
    default Integer failedBatchEntry(SQLException e) {
        return null;
    }

    /** The database's own error inside a driver's batch wrapper, so its state, message and position show. */
    default SQLException databaseError(SQLException e) {
        return e.getNextException() != null ? e.getNextException() : e;
    }

    /**
     * For multi-statement pipelines: a statement that records, in the session, which statement is about to run
     * ({@code index}, or -1 for none), and the query that reads it back after the message stopped at an error.
     */
    default String markStatement(int index) {
        return null;
    }

    default String markedStatement() {
        return null;
    }

    /** Ends whatever transaction a failed pipeline left open; harmless when none is. */
    default String rollback() {
        return "ROLLBACK";
    }

    /** The 1-based character position of an error inside the statement, when the database reports one. */
    default Integer errorPosition(SQLException e) {
        return null;
    }

    /** The script line an error points at, when the database says which; null means the statement's first line. */
    default Integer errorLine(SQLException e, SqlStatement statement) {
        Integer position = errorPosition(e);
        return position == null ? null : statement.lineAt(position);
    }

    /** {@code <prefix>.<table>} quoted, or the bare quoted table without a prefix. */
    default String qualify(String prefix, String table) {
        return prefix == null ? quote(table) : quote(prefix) + "." + quote(table);
    }

    /** {@code postgres} on PostgreSQL; none on MariaDB. */
    String maintenanceDatabase();

    /** SQL answering one row whose first column is true when the database exists. */
    String databaseExists(String database);

    default String createDatabase(String database) {
        return "CREATE DATABASE " + quote(database);
    }

    default String dropDatabase(String database) {
        return "DROP DATABASE " + quote(database);
    }

    String createSchemaIfMissing(String prefix);

    /** SQL answering one row with one column that is true when the schema exists. */
    String schemaExists(String prefix);

    /** The prefixes (schemas, or MariaDB databases) whose names match the LIKE pattern bound to its one parameter. */
    String prefixesLike();

    /** Points unqualified names at the prefix for the rest of the session. */
    String useSchema(String prefix);

    /**
     * Undoes {@link #useSchema} and whatever session settings the run's scripts changed, before the connection goes
     * back to a pool that other repos on the same database share.
     */
    void resetSession(Connection connection, String originalCatalog) throws SQLException;

    /** SQL expression for the schema that unqualified names land in. */
    String currentSchema();

    /**
     * One row of two booleans: whether the two tables exist under the prefix. A missing prefix schema answers false
     * twice rather than failing, so reads never need to create anything.
     */
    String tablesExist(String prefix, String table, String otherTable);

    /** The current UTC time as a naive timestamp, the way Ecto fills {@code inserted_at}. */
    String utcNow();

    /** A timestamp without time zone, to the second: what Ecto's {@code :naive_datetime} maps to. */
    String timestampType();

    /** Only called for a column that is missing, so no engine-specific IF NOT EXISTS is needed. */
    default String addColumn(String qualifiedTable, String column, String type) {
        return "ALTER TABLE " + qualifiedTable + " ADD COLUMN " + quote(column) + " " + type;
    }

    /** Statements that bound lock waits and statement run time for the rest of the session; null means none. */
    List<String> timeoutSettings(Duration lockTimeout, Duration statementTimeout);

    /** Statements returning both limits to what the session had before any {@link #timeoutSettings}. */
    List<String> timeoutDefaults();

    /** Undoes {@link #timeoutSettings} where {@link #resetSession} does not. */
    default String timeoutReset() {
        return null;
    }

    /** Whether the statement gave up waiting for a lock. */
    boolean isLockTimeout(SQLException e);

    /** The server's id of the connection's session, read from the driver without a round trip. */
    long sessionId(Connection connection) throws SQLException;

    /**
     * SQL answering the sessions that block session {@code sessionId}, one row each: id, application, state, query
     * start, the first 200 characters of the query.
     */
    String blockersQuery(long sessionId);

    /**
     * SQL answering one row: whether the run lock for this database and prefix was taken (true) or is held
     * elsewhere. The lock belongs to the session and dies with its connection.
     */
    String tryLock(String prefix);

    String unlock(String prefix);

    /** SQL answering one row describing who holds the run lock (e.g. a backend pid), or no row or NULL. */
    String lockHolder(String prefix);
}
