package dev.cairn.guards;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * README, "Ledger": Ecto's own table ({@code version bigint PRIMARY KEY, inserted_at timestamp(0)}), so a database
 * Ecto manages can be registered and keep its history, plus Cairn's nullable name and checksum columns and the
 * {@code cairn_progress} table. Read from information_schema after a real migrate, as another tool would see them.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class LedgerShapeTest {

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void theLedgerHasEctosColumnsAndCairnsOwn(TestServer.Kind kind) throws SQLException {
        boolean pg = kind == TestServer.Kind.POSTGRESQL;
        TestServer server = pg ? TestServers.postgres() : TestServers.mariadb();
        try (TargetRepo repo = TargetRepo.register(server, "ledger")) {
            repo.store(1, "anything", "CREATE TABLE t1 (id int);", null);
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            String schema = pg ? "public" : repo.db;
            String timestamp = pg ? "timestamp without time zone(0)" : "datetime(0)";
            String varchar = pg ? "character varying" : "varchar";

            assertEquals(Map.of(
                    "version", "bigint NOT NULL",
                    "inserted_at", timestamp + " NULL",
                    "name", varchar + "(255) NULL",
                    "checksum", varchar + "(64) NULL"), columns(repo, schema, "schema_migrations"));
            assertEquals(List.of("version"), primaryKey(repo, schema, "schema_migrations"));

            assertEquals(Map.of(
                    "version", "bigint NOT NULL",
                    "direction", varchar + "(4) NOT NULL",
                    "statements_done", (pg ? "integer" : "int") + " NOT NULL",
                    "started_at", timestamp + " NULL"), columns(repo, schema, "cairn_progress"));
            assertEquals(List.of("version"), primaryKey(repo, schema, "cairn_progress"));
        }
    }

    /** Each column as "type(length or fractional digits) [NOT] NULL", in the server's own words for the type. */
    private static Map<String, String> columns(TargetRepo repo, String schema, String table) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        String sql = "SELECT column_name, data_type, character_maximum_length, datetime_precision, is_nullable"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?";
        try (Connection c = repo.server.connect(repo.db); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    String size = rs.getString(3) != null ? rs.getString(3) : type.matches("timestamp.*|datetime")
                            ? rs.getString(4) : null;
                    columns.put(rs.getString(1), type + (size == null ? "" : "(" + size + ")")
                            + ("YES".equals(rs.getString(5)) ? " NULL" : " NOT NULL"));
                }
            }
        }
        return columns;
    }

    private static List<String> primaryKey(TargetRepo repo, String schema, String table) throws SQLException {
        return repo.database.column("SELECT k.column_name FROM information_schema.table_constraints t"
                + " JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name"
                + " AND k.table_schema = t.table_schema AND k.table_name = t.table_name"
                + " WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = '" + schema + "'"
                + " AND t.table_name = '" + table + "' ORDER BY k.ordinal_position");
    }
}
