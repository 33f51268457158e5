package dev.cairn.ledger;

import dev.cairn.dialect.Dialect;
import dev.cairn.migration.Migration;
import dev.cairn.plan.Direction;
import dev.cairn.repo.Repo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ecto's ledger: the {@code schema_migrations} table (version bigint, inserted_at), plus Cairn's optional name and
 * checksum columns, and the small {@code cairn_progress} table that marks a migration dirty while it runs outside
 * a transaction.
 */
public final class EctoLedger implements Ledger {

    /** The table Ecto and Cairn use unless a repo names another. */
    public static final String TABLE = "schema_migrations";
    private static final String PROGRESS = "cairn_progress", PROGRESS_SUFFIX = "_progress";

    private static final String[][] CAIRN_COLUMNS = {{"name", "varchar(255)"}, {"checksum", "varchar(64)"}};

    private final Dialect dialect;
    private final String prefix;
    private final String tableName;
    private final String table;
    private final String progressName;
    private final String progress;

    public EctoLedger(Dialect dialect, String prefix, String tableName) {
        this.dialect = dialect;
        this.prefix = prefix;
        this.tableName = tableName;
        this.table = dialect.qualify(prefix, tableName);
        this.progressName = tableName.equals(TABLE) ? PROGRESS : tableName + PROGRESS_SUFFIX;
        this.progress = dialect.qualify(prefix, progressName);
    }

    /** The repo's ledger. */
    public static EctoLedger of(Repo repo) {
        return new EctoLedger(repo.dialect(), repo.prefix(), repo.ledger());
    }

    @Override
    public List<String> tables() {
        return List.of(tableName, progressName);
    }

    @Override
    public List<String> createStatements() {
        String timestamp = dialect.timestampType();
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (version bigint PRIMARY KEY, inserted_at " + timestamp
                        + ", name varchar(255), checksum varchar(64))",
                "CREATE TABLE IF NOT EXISTS " + progress + " (version bigint PRIMARY KEY, direction varchar(4) NOT NULL,"
                        + " statements_done integer NOT NULL, started_at " + timestamp + ")");
    }

    /**
     * Creates the tables if missing and adds Cairn's columns to a ledger Ecto created; refuses another tool's table
     * of that name ({@link LedgerShape}).
     */
    @Override
    public void ensure(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : createStatements()) {
                st.execute(sql);
            }
            Set<String> columns;
            try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
                LedgerShape.refuseIfForeign(rs.getMetaData(), table);
                columns = columnNames(rs.getMetaData());
            }
            for (String[] column : CAIRN_COLUMNS) {
                if (!columns.contains(column[0])) {
                    st.execute(dialect.addColumn(table, column[0], column[1]));
                }
            }
        }
    }

    /** Reads the whole ledger in one query; a database never migrated reads as empty, and nothing is created. */
    @Override
    public LedgerState read(Connection c) throws SQLException {
        return read(c, true);
    }

    /**
     * The ledger with only its versions: all that planning a migrate needs, and at 10,000 applied migrations a
     * fraction of the cost of decoding every row's time, name and checksum.
     */
    @Override
    public LedgerState readVersions(Connection c) throws SQLException {
        return read(c, false);
    }

    /**
     * A summary of the applied versions the server computes without sending them: count, sum, newest and a sum of
     * squared residues. Any change to the ledger that is not a deliberate forgery moves at least one of them.
     */
    @Override
    public String fingerprint(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), sum(version),"
                + " max(version), sum(mod(version, 1000003) * mod(version, 1000003)) FROM " + table)) {
            rs.next();
            return rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getString(3) + ":" + rs.getString(4);
        }
    }

    /** The migration that stopped part-way outside a transaction, if any; for a ledger known to exist. */
    @Override
    public Dirty readDirty(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT version, direction, statements_done, started_at FROM " + progress + " ORDER BY version")) {
            if (!rs.next()) {
                return null;
            }
            Timestamp at = rs.getTimestamp(4);
            return new Dirty(rs.getLong(1), rs.getString(2), rs.getInt(3), at == null ? null : at.toLocalDateTime());
        }
    }

    private LedgerState read(Connection c, boolean details) throws SQLException {
        boolean[] tables = existingTables(c);
        boolean cairnShape = false;
        TreeMap<Long, LedgerRow> applied = new TreeMap<>();
        long[] versions = new long[64];
        int count = 0;
        if (tables[0]) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + (details ? "*" : "version") + " FROM " + table)) {
                if (details) {
                    LedgerShape.refuseIfForeign(rs.getMetaData(), table);
                }
                Set<String> columns = columnNames(rs.getMetaData());
                boolean cairnColumns = columns.contains("name") && columns.contains("checksum");
                cairnShape = details && cairnColumns && tables[1];
                while (rs.next()) {
                    long version = details ? rs.getLong("version") : rs.getLong(1);
                    if (details) {
                        Timestamp at = rs.getTimestamp("inserted_at");
                        applied.put(version, new LedgerRow(version, at == null ? null : at.toLocalDateTime(),
                                cairnColumns ? rs.getString("name") : null,
                                cairnColumns ? rs.getString("checksum") : null));
                    } else {
                        if (count == versions.length) {
                            versions = Arrays.copyOf(versions, count * 2);
                        }
                        versions[count++] = version;
                    }
                }
            }
        }
        Dirty dirty = tables[1] ? readDirty(c) : null;
        return details ? LedgerState.of(applied, dirty, cairnShape)
                : LedgerState.ofVersions(Arrays.copyOf(versions, count), dirty);
    }

    /**
     * Both tables in one statement, one round trip instead of three, for a ledger seen before in Cairn's shape.
     * Returns null when that no longer holds (a table or column missing, or no permission): the caller then falls
     * back to {@link #read}, which looks before it reads.
     */
    @Override
    public LedgerState readInCairnShape(Connection c) throws SQLException {
        TreeMap<Long, LedgerRow> applied = new TreeMap<>();
        Dirty dirty = null;
        // Prepared, so the driver keeps it per connection and the server stops parsing and planning it after a
        // few calls: status is the call that comes in thousands per second.
        try (PreparedStatement st = c.prepareStatement(
                "SELECT 0 AS kind, version, inserted_at AS at, name, checksum, 0 AS done FROM " + table
                        + " UNION ALL SELECT 1, version, started_at, direction, NULL, statements_done FROM " + progress);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long version = rs.getLong(2);
                Timestamp at = rs.getTimestamp(3);
                LocalDateTime time = at == null ? null : at.toLocalDateTime();
                if (rs.getInt(1) == 0) {
                    applied.put(version, new LedgerRow(version, time, rs.getString(4), rs.getString(5)));
                } else if (dirty == null || version < dirty.version()) {
                    dirty = new Dirty(version, rs.getString(4), rs.getInt(6), time);
                }
            }
        } catch (SQLException e) {
            // 42: a table or column is missing or not ours to read; 0A000: the ledger was recreated under the
            // server-side prepared statement. The careful read sorts out either.
            if (e.getSQLState() != null && (e.getSQLState().startsWith("42") || e.getSQLState().equals("0A000"))) {
                return null;
            }
            throw e;
        }
        return LedgerState.of(applied, dirty, true);
    }

    @Override
    public String recordApplied(Migration m) {
        return "INSERT INTO " + table + " (version, inserted_at, name, checksum) VALUES (" + m.version() + ", "
                + dialect.utcNow() + ", '" + m.name() + "', '" + m.checksum() + "')";
    }

    @Override
    public String recordReverted(long version) {
        return "DELETE FROM " + table + " WHERE version = " + version;
    }

    @Override
    public String markDirty(long version, Direction direction) {
        return "INSERT INTO " + progress + " (version, direction, statements_done, started_at) VALUES ("
                + version + ", '" + direction.word() + "', 0, " + dialect.utcNow() + ")";
    }

    @Override
    public String advanceDirty(long version, int statementsDone) {
        return "UPDATE " + progress + " SET statements_done = " + statementsDone + " WHERE version = " + version;
    }

    @Override
    public String clearDirty(long version) {
        return "DELETE FROM " + progress + " WHERE version = " + version;
    }

    /** Which of the two tables exist, in one catalog lookup. */
    private boolean[] existingTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(dialect.tablesExist(prefix,
                tableName, progressName))) {
            rs.next();
            return new boolean[] {rs.getBoolean(1), rs.getBoolean(2)};
        }
    }

    private static Set<String> columnNames(ResultSetMetaData meta) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnName(i).toLowerCase());
        }
        return names;
    }
}
