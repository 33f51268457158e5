package dev.cairn.ledger.adopt;

import dev.cairn.dialect.Dialect;
import dev.cairn.migration.DieselVersions;
import dev.cairn.migration.FlywayVersions;
import dev.cairn.migration.Versions;
import dev.cairn.problem.Problem;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads other tools' ledgers where those tools write them, without writing anything. A ledger that shows a failure
 * (golang-migrate's {@code dirty}, Flyway's {@code success = false}) is refused: the database is in a state that
 * tool knows how to repair, and taking it over would hide that.
 */
public final class ForeignLedgers {

    private ForeignLedgers() {}

    /** The tools whose ledgers are in the prefix, told apart by table and, for schema_migrations, by shape. */
    public static List<ForeignTool> present(Connection c, Dialect dialect, String prefix) throws SQLException {
        List<ForeignTool> found = new ArrayList<>();
        for (ForeignTool tool : ForeignTool.values()) {
            if (exists(c, dialect, prefix, tool.table()) && shapeOf(c, dialect, prefix, tool.table()) == tool) {
                found.add(tool);
            }
        }
        return found;
    }

    public static ForeignLedger read(Connection c, Dialect dialect, String prefix, ForeignTool tool)
            throws SQLException {
        if (!exists(c, dialect, prefix, tool.table()) || shapeOf(c, dialect, prefix, tool.table()) != tool) {
            throw Problem.FOREIGN_LEDGER_MISSING.raise("there is no " + tool.slug() + " ledger ("
                    + tool.table() + ") in this repo's " + (prefix == null ? "database" : "prefix " + prefix))
                    .with("from", tool.slug());
        }
        String table = dialect.qualify(prefix, tool.table());
        return switch (tool) {
            case FLYWAY -> flyway(c, table);
            case GOLANG_MIGRATE -> golangMigrate(c, table);
            case GOOSE -> goose(c, table);
            case DIESEL -> new ForeignLedger(tool, versions(c, "SELECT version FROM " + table,
                    ForeignLedgers::diesel), null);
            case DBMATE, ECTO -> new ForeignLedger(tool, versions(c, "SELECT version FROM " + table,
                    ForeignLedgers::number), null);
        };
    }

    /** Versions read as import reads Flyway's files: all dotted if the ledger lists a dotted one. */
    private static ForeignLedger flyway(Connection c, String table) throws SQLException {
        Map<String, Boolean> applied = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT version, type, success, script FROM " + table + " ORDER BY installed_rank")) {
            while (rs.next()) {
                if (!rs.getBoolean(3)) {
                    throw unclean("Flyway recorded " + rs.getString(4) + " as failed (success = false); fix the "
                            + "database and run flyway repair, then adopt");
                }
                String version = rs.getString(1), type = rs.getString(2);
                if (version != null) {
                    applied.put(version, !type.startsWith("UNDO") && !type.equals("DELETE"));
                }
            }
        }
        boolean dotted = FlywayVersions.dotted(applied.keySet());
        List<Long> versions = new ArrayList<>();
        applied.forEach((version, isApplied) -> {
            try {
                if (isApplied) {
                    versions.add(FlywayVersions.of(version, dotted));
                }
            } catch (IllegalArgumentException notOne) {
                // A version import would have refused has no stored migration to adopt.
            }
        });
        return new ForeignLedger(ForeignTool.FLYWAY, List.copyOf(versions), null);
    }

    private static ForeignLedger golangMigrate(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT version, dirty FROM " + table)) {
            if (!rs.next()) {
                return new ForeignLedger(ForeignTool.GOLANG_MIGRATE, List.of(), null);
            }
            if (rs.getBoolean(2)) {
                throw unclean("golang-migrate left the database dirty at version " + rs.getLong(1) + "; fix it, "
                        + "run migrate force " + rs.getLong(1) + " (or the version before), then adopt");
            }
            return new ForeignLedger(ForeignTool.GOLANG_MIGRATE, List.of(), rs.getLong(1));
        }
    }

    /** goose appends a row per apply and per revert; a version's last row says where it stands. 0 is goose's own. */
    private static ForeignLedger goose(Connection c, String table) throws SQLException {
        Map<Long, Boolean> state = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT version_id, is_applied FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                state.put(rs.getLong(1), rs.getBoolean(2));
            }
        }
        return new ForeignLedger(ForeignTool.GOOSE, state.entrySet().stream()
                .filter(e -> e.getValue() && e.getKey() != 0).map(Map.Entry::getKey).sorted().toList(), null);
    }

    private static List<Long> versions(Connection c, String sql, Function<String, Long> asVersion)
            throws SQLException {
        List<Long> versions = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Long v = asVersion.apply(rs.getString(1));
                if (v != null) {
                    versions.add(v);
                }
            }
        }
        return versions;
    }

    /** Versions as tools write them; null for one that is no whole number (1.1). */
    private static Long number(String version) {
        String digits = version == null ? "" : version;
        return digits.matches("\\d+") && Versions.fits(digits) ? Long.parseLong(digits) : null;
    }

    /** The version import gave the same Diesel folder; null for one it would have refused. */
    private static Long diesel(String version) {
        try {
            return version == null ? null : DieselVersions.of(version);
        } catch (IllegalArgumentException notOne) {
            return null;
        }
    }

    private static boolean exists(Connection c, Dialect dialect, String prefix, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                dialect.tablesExist(prefix, table, table))) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Which tool's table this is, for the tables several tools call schema_migrations; null if none's. */
    private static ForeignTool shapeOf(Connection c, Dialect dialect, String prefix, String table)
            throws SQLException {
        Map<String, Integer> columns = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + dialect.qualify(prefix, table) + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.put(meta.getColumnName(i).toLowerCase(), meta.getColumnType(i));
            }
        }
        return switch (table) {
            case "flyway_schema_history" -> columns.containsKey("success") ? ForeignTool.FLYWAY : null;
            case "goose_db_version" -> columns.containsKey("version_id") ? ForeignTool.GOOSE : null;
            case "__diesel_schema_migrations" -> ForeignTool.DIESEL;
            default -> !columns.containsKey("version") ? null
                    : columns.containsKey("dirty") ? ForeignTool.GOLANG_MIGRATE
                    : columns.containsKey("inserted_at") ? ForeignTool.ECTO
                    : isText(columns.get("version")) ? ForeignTool.DBMATE : null;
        };
    }

    private static boolean isText(int type) {
        return type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR || type == Types.NVARCHAR;
    }

    private static RuntimeException unclean(String detail) {
        return Problem.FOREIGN_LEDGER_UNCLEAN.raise(detail + ". Nothing was adopted.");
    }
}
