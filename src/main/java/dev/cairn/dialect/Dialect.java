package dev.cairn.dialect;

import dev.cairn.CairnException;
import dev.cairn.sqlscript.ScriptSplitter;
import dev.cairn.sqlscript.SqlStatement;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * What differs between database engines, and nothing else: SQL text, capabilities and the lock calls.
 * Control flow lives in the engine. {@code prefix} is a PostgreSQL schema or a MariaDB database; null means
 * the connection's default.
 */
public interface Dialect {

    static Dialect forUrl(String url) {
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return PostgresDialect.INSTANCE;
        }
        if (url != null && (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:"))) {
            return MariaDbDialect.INSTANCE;
        }
        throw CairnException.invalid("url must be a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL")
                .with("field", "url");
    }

    /** Short engine name shown in the API, e.g. {@code postgresql}. */
    String name();

    Class<? extends Driver> driver();

    /** The URL to hand the driver, for a repo registered with {@code url}. */
    default String driverUrl(String url) {
        return url;
    }

    Map<String, String> connectionProperties(Duration connectTimeout);

    /** SQL run once on every new connection to a target, or null when none is needed. */
    default String connectionSetup() {
        return null;
    }

    String quote(String identifier);

    /** Whether DDL can be rolled back, so a failed migration leaves nothing behind. */
    boolean transactionalDdl();

    ScriptSplitter splitter();

    /** Refuses a session whose settings would make the server read a script differently from the splitter. */
    default void checkSession(Connection connection) throws SQLException {}

    /**
     * Whether a migration that stopped part-way outside a transaction may be resumed at the statement that failed.
     * Where DDL is transactional such a stop is rare and deliberate (CREATE INDEX CONCURRENTLY), and the operator
     * decides; where every DDL statement commits on its own, resuming is the normal way forward.
     */
    default boolean resumesPartialMigrations() {
        return !transactionalDdl();
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

    /** The database a connection URL names, or null when it names none. */
    default String databaseName(String url) {
        int[] span = databaseSpan(url);
        String name = span == null ? "" : url.substring(span[0], span[1]);
        return name.isEmpty() ? null : URLDecoder.decode(name, StandardCharsets.UTF_8);
    }

    /** The same server and settings with the database every installation has, to create or drop the repo's from. */
    default String maintenanceUrl(String url) {
        int[] span = databaseSpan(url);
        return span == null ? url + "/" + maintenanceDatabase()
                : url.substring(0, span[0]) + maintenanceDatabase() + url.substring(span[1]);
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

    /** Where the database name stands in {@code jdbc:x://host:port/name?params}, or null without a path. */
    private static int[] databaseSpan(String url) {
        int hosts = url.indexOf("//");
        int slash = hosts < 0 ? -1 : url.indexOf('/', hosts + 2);
        if (slash < 0) {
            return null;
        }
        int end = slash + 1;
        while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != ';') {
            end++;
        }
        return new int[] {slash + 1, end};
    }

    String createSchemaIfMissing(String prefix);

    /** SQL answering one row with one column that is true when the schema exists. */
    String schemaExists(String prefix);

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
     * One row of two booleans: whether {@code schema_migrations} and {@code cairn_progress} exist under the prefix.
     * A missing prefix schema answers false twice rather than failing, so reads never need to create anything.
     */
    String ledgerTablesExist(String prefix);

    /** The current UTC time as a naive timestamp, the way Ecto fills {@code inserted_at}. */
    String utcNow();

    /** A timestamp without time zone, to the second: what Ecto's {@code :naive_datetime} maps to. */
    String timestampType();

    /** Only called for a column that is missing, so no engine-specific IF NOT EXISTS is needed. */
    default String addLedgerColumn(String prefix, String column, String type) {
        return "ALTER TABLE " + qualify(prefix, "schema_migrations") + " ADD COLUMN " + quote(column) + " " + type;
    }

    /** Tries once to take the run lock for this database and prefix; it dies with the connection. */
    boolean tryLock(Connection connection, String prefix) throws SQLException;

    void unlock(Connection connection, String prefix) throws SQLException;

    /** Who holds the run lock, as the database sees it (e.g. a backend pid), or null. */
    String lockHolder(Connection connection, String prefix) throws SQLException;
}
