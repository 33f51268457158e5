package dev.cairn.authoring;

import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What information_schema says a test repo's database holds, besides Cairn's own ledger tables. */
final class Schema {

    private Schema() {}

    /** Every table's columns with type and nullability, its constraints and its indexes, as lines to compare. */
    static List<String> snapshot(TargetRepo repo) throws SQLException {
        String schema = repo.schema();
        String mine = " AND table_name NOT IN ('schema_migrations', 'cairn_progress')";
        List<String> lines = new ArrayList<>(repo.database.column("SELECT CONCAT(table_name, '.', column_name, ' ', "
                + "data_type, ' ', is_nullable) FROM information_schema.columns WHERE table_schema = '" + schema + "'"
                + mine + " ORDER BY 1"));
        // PostgreSQL lists each NOT NULL as a CHECK named after table and column oids, new with every table.
        lines.addAll(repo.database.column("SELECT CONCAT(table_name, ' ', constraint_type, ' ', constraint_name) "
                + "FROM information_schema.table_constraints WHERE table_schema = '" + schema + "'" + mine
                + " ORDER BY 1").stream().map(c -> c.replaceAll(" \\d+_\\d+_(\\d+)_not_null$", " not_null_$1"))
                .sorted().toList());
        lines.addAll(indexes(repo));
        return lines;
    }

    static List<String> indexes(TargetRepo repo) throws SQLException {
        return repo.server.kind() == TestServer.Kind.POSTGRESQL
                ? repo.database.column("SELECT CONCAT('index ', indexname) FROM pg_indexes WHERE schemaname = 'public'"
                + " AND tablename NOT IN ('schema_migrations', 'cairn_progress') ORDER BY 1")
                : repo.database.column("SELECT DISTINCT CONCAT('index ', index_name) FROM information_schema.statistics"
                + " WHERE table_schema = '" + repo.db + "' AND table_name NOT IN ('schema_migrations', "
                + "'cairn_progress') ORDER BY 1");
    }

    /** column → "data_type NULLABLE" of one table, in column order. */
    static Map<String, String> columns(TargetRepo repo, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String line : repo.database.column("SELECT CONCAT(column_name, '=', data_type, ' ', is_nullable) FROM "
                + "information_schema.columns WHERE table_schema = '" + repo.schema() + "' AND table_name = '" + table
                + "' ORDER BY ordinal_position")) {
            String[] kv = line.split("=", 2);
            columns.put(kv[0], kv[1]);
        }
        return columns;
    }

    /** The ON DELETE rule of a foreign key, or null when there is no such key. */
    static String deleteRule(TargetRepo repo, String constraint) throws SQLException {
        return repo.database.query("SELECT delete_rule FROM information_schema.referential_constraints WHERE "
                + "constraint_schema = '" + repo.schema() + "' AND constraint_name = '" + constraint + "'");
    }
}
