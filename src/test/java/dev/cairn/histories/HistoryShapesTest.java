package dev.cairn.histories;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shapes that real histories have and that a new user's first migrate must survive, on both engines, over HTTP:
 * empty and comment-only scripts, empty down scripts, reused names, version 0, a migration that drops a table
 * called schema_migrations (refused while it is the repo's own ledger), and another tool's ledger under that name.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class HistoryShapesTest {

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void emptyAndCommentOnlyScriptsApplyAndRevertAsNoOps(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "empty")) {
            repo.store(1, "create_t", "CREATE TABLE t (id int);", "DROP TABLE t;");
            repo.store(2, "postgres_only", "", "");
            repo.store(3, "mysql_only", "-- nothing to do here\n/* on this engine */\n", "-- nor here\n");
            repo.store(4, "create_u", "CREATE TABLE u (id int);", "DROP TABLE u;");
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            assertEquals(List.of(1L, 2L, 3L, 4L), repo.ledger());
            given().contentType(ContentType.JSON).body("{\"all\": true}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(200).body("reverted.version", equalTo(List.of(4, 3, 2, 1)));
            assertEquals(List.of(), repo.ledger());
            assertFalse(repo.tableExists("t") || repo.tableExists("u"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void anEmptyDownScriptRevertsButAMissingOneIsIrreversible(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "down")) {
            repo.store(1, "keep_a", "CREATE TABLE a (id int);", null);
            given().contentType("application/sql").queryParam("name", "keep_b").queryParam("version", 2)
                    .body("-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\n".getBytes(StandardCharsets.UTF_8))
                    .post("/repos/{id}/migrations", repo.id).then().statusCode(201);
            given().get("/repos/{id}/migrations/1", repo.id).then().statusCode(200)
                    .body("hasDown", equalTo(false)).body("$", not(hasItem("down")));
            given().get("/repos/{id}/migrations/2", repo.id).then().statusCode(200)
                    .body("hasDown", equalTo(true)).body("down", equalTo(""));
            assertFalse(Files.exists(repo.folder().resolve("1_keep_a/down.sql")));
            assertEquals("", Files.readString(repo.folder().resolve("2_keep_b/down.sql")));

            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(200)
                    .body("reverted.version", equalTo(List.of(2)));
            assertTrue(repo.tableExists("b"), "an empty down script reverts as a no-op");
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:no-down-script")).body("version", equalTo(1));
            assertEquals(List.of(1L), repo.ledger());
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void namesNeedNotBeUnique(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "names")) {
            repo.store(20190101000000L, "drop_unused_indexes", "CREATE TABLE one (id int);", "DROP TABLE one;");
            repo.store(20230101000000L, "drop_unused_indexes", "CREATE TABLE two (id int);", "DROP TABLE two;");
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.name", equalTo(List.of("drop_unused_indexes", "drop_unused_indexes")));
            assertEquals(List.of(20190101000000L, 20230101000000L), repo.ledger());
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void versionZeroIsAVersion(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "zero")) {
            repo.store(0, "diesel_initial_setup", "CREATE TABLE setup (id int);", "DROP TABLE setup;");
            repo.store(20190402101500L, "create_users", "CREATE TABLE users (id int);", "DROP TABLE users;");
            given().get("/repos/{id}/migrations/0", repo.id).then().statusCode(200)
                    .body("name", equalTo("diesel_initial_setup"));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            assertEquals(List.of(0L, 20190402101500L), repo.ledger());
            given().get("/repos/{id}/status", repo.id).then().statusCode(200)
                    .body("version", equalTo(20190402101500L));
            given().contentType(ContentType.JSON).body("{\"to\": 0}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(200).body("reverted.version", equalTo(List.of(20190402101500L, 0)));
            assertFalse(repo.tableExists("setup"));
            given().get("/repos/{id}/migrations/123456789012345678901", repo.id).then().statusCode(400)
                    .body("field", equalTo("version"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void aRepoNamesItsLedgerSoAMigrationMayReplaceATableCalledSchemaMigrations(TestServer.Kind kind)
            throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "ledger", Map.of("ledgerTable", "cairn_ledger"))) {
            repo.database.execute("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean)");
            repo.store(1, "drop_old_tool_ledger", "DROP TABLE schema_migrations;"
                    + " CREATE TABLE schema_migrations (legacy int);", "DROP TABLE schema_migrations;");
            given().get("/repos/{id}", repo.id).then().body("ledgerTable", equalTo("cairn_ledger"));
            given().contentType(ContentType.JSON).body("{\"dryRun\": true}").post("/repos/{id}/migrate", repo.id)
                    .then().statusCode(200).body("sql", hasItem(org.hamcrest.Matchers.containsString("cairn_ledger")));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            assertEquals(List.of(1L), repo.ledger("cairn_ledger"));
            assertEquals(List.of("legacy"), repo.database.columns(repo.schema(), "schema_migrations"));
            given().get("/repos/{id}/status", repo.id).then().statusCode(200).body("version", equalTo(1));
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(200);
            assertEquals(List.of(), repo.ledger("cairn_ledger"));
            assertFalse(repo.tableExists("schema_migrations"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void aMigrationThatWouldDropTheRepoLedgerIsRefusedBeforeAnySql(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "guard")) {
            repo.store(1, "create_t", "CREATE TABLE t (id int);", "DROP TABLE t;");
            repo.store(2, "drop_old_tool_ledger", "CREATE TABLE u (id int);\nDROP TABLE IF EXISTS schema_migrations;",
                    "");
            given().contentType(ContentType.JSON).body("{\"dryRun\": true}").post("/repos/{id}/migrate", repo.id)
                    .then().statusCode(409).body("type", equalTo("urn:cairn:problem:migration-drops-ledger"));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:migration-drops-ledger"))
                    .body("version", equalTo(2)).body("line", equalTo(2))
                    .body("table", equalTo("schema_migrations"))
                    .body("detail", org.hamcrest.Matchers.containsString("ledgerTable"));
            assertFalse(repo.tableExists("t") || repo.tableExists("u"), "the plan is refused whole, first");
            assertEquals(List.of(), repo.ledger());
            given().contentType(ContentType.JSON).body("{\"to\": 1}").post("/repos/{id}/migrate", repo.id)
                    .then().statusCode(200);
            repo.store(3, "truncate_in_down", "SELECT 1;", "TRUNCATE cairn_progress;");
            given().contentType(ContentType.JSON).body("{\"to\": 3}").post("/repos/{id}/migrate", repo.id)
                    .then().statusCode(409);
        }
        try (TargetRepo repo = TargetRepo.register(server(kind), "guard", Map.of("ledgerTable", "cairn_ledger"))) {
            repo.store(1, "drop_old_tool_ledger", "CREATE TABLE schema_migrations (id int);\n"
                    + "DROP TABLE schema_migrations;", "TRUNCATE TABLE cairn_ledger;");
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(409)
                    .body("table", equalTo("cairn_ledger")).body("direction", equalTo("down"));
            assertEquals(List.of(1L), repo.ledger("cairn_ledger"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void anotherToolsLedgerUnderTheSameNameIsNeverTouched(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "foreign")) {
            repo.database.execute("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY,"
                    + " dirty boolean NOT NULL)");
            repo.database.execute("INSERT INTO schema_migrations VALUES (3, false)");
            repo.store(1, "one", "CREATE TABLE one (id int);", "DROP TABLE one;");
            given().get("/repos/{id}/status", repo.id).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:foreign-ledger"))
                    .body("looksLike", equalTo("golang-migrate"));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:foreign-ledger"));
            given().contentType(ContentType.JSON).body("{\"dryRun\": true}").post("/repos/{id}/migrate", repo.id)
                    .then().statusCode(409);
            assertEquals(List.of("dirty", "version"), repo.database.columns(repo.schema(), "schema_migrations"));
            assertEquals(List.of(3L), repo.ledger());
            assertFalse(repo.tableExists("one"), "nothing ran");

            repo.database.execute("DROP TABLE schema_migrations");
            repo.database.execute("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(409)
                    .body("looksLike", equalTo("dbmate or Rails"));
            assertEquals(List.of("version"), repo.database.columns(repo.schema(), "schema_migrations"));
        }
    }

    private static TestServer server(TestServer.Kind kind) {
        return kind == TestServer.Kind.POSTGRESQL ? TestServers.postgres() : TestServers.mariadb();
    }
}
