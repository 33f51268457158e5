package dev.cairn.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's walk-through, through HTTP, checked on the database itself. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class ApiWalkthroughTest {

    static final String USERS_UP = """
            CREATE TABLE users (
              id bigserial PRIMARY KEY,
              name varchar(255), email varchar(255), bio varchar(255), number_of_pets integer,
              inserted_at timestamp(0) NOT NULL, updated_at timestamp(0) NOT NULL
            );""";
    static final String COMMENTS_SQL = """
            -- migrate:up
            CREATE TABLE comments (
              id bigserial PRIMARY KEY,
              body text, word_count integer,
              inserted_at timestamp(0) NOT NULL, updated_at timestamp(0) NOT NULL
            );
            -- migrate:down
            DROP TABLE comments;
            """;

    TestServer server = TestServers.postgres();
    String db;
    String id;

    @BeforeEach
    void register() {
        db = server.createDatabase();
        id = "walk-" + db.substring(db.length() - 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "url", server.url(db), "username", server.user(), "labels", Map.of("team", "core")))
                .post("/repos")
                .then().statusCode(201).header("Location", containsString("/repos/" + id))
                .body("passwordSet", equalTo(false)).body("engine", equalTo("postgresql"));
    }

    @AfterEach
    void drop() {
        given().delete("/repos/" + id).then().statusCode(204);
        server.dropDatabase(db);
    }

    @Test
    void storeMigrateStatusRollback() throws SQLException {
        given().contentType(ContentType.JSON)
                .body(Map.of("version", 20170523151118L, "name", "create_users", "up", USERS_UP, "down", "DROP TABLE users;"))
                .post("/repos/{id}/migrations", id)
                .then().statusCode(201).body("version", equalTo(20170523151118L)).body("checksum", notNullValue());
        given().contentType("application/sql").queryParam("name", "add_comments_table").body(COMMENTS_SQL.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/repos/{id}/migrations", id)
                .then().statusCode(201).body("name", equalTo("add_comments_table"));
        given().get("/repos/{id}/migrations", id)
                .then().statusCode(200).body("name", contains("create_users", "add_comments_table"))
                .body("[0].transaction", equalTo(true));

        given().post("/repos/{id}/migrate", id)
                .then().statusCode(200).body("status", equalTo("succeeded"))
                .body("applied.name", contains("create_users", "add_comments_table"))
                .body("applied[0].durationMs", notNullValue());
        assertTrue(tableExists("users"));
        assertTrue(tableExists("comments"));
        assertEquals(2, ledger().size());

        given().post("/repos/{id}/migrate", id).then().statusCode(200).body("applied", empty());

        given().get("/repos/{id}/status", id)
                .then().statusCode(200).body("pending", equalTo(0))
                .body("migrations.status", contains("up", "up")).body("runInProgress", nullValue());

        given().contentType(ContentType.JSON).body("{\"dryRun\": true, \"all\": true}")
                .post("/repos/{id}/rollback", id)
                .then().statusCode(200).body("plan", hasSize(2)).body("sql", org.hamcrest.Matchers.hasItem("DROP TABLE users"));
        assertEquals(2, ledger().size(), "dry run changes nothing");

        given().post("/repos/{id}/rollback", id)
                .then().statusCode(200).body("reverted.name", contains("add_comments_table"));
        assertFalse(tableExists("comments"));

        given().contentType(ContentType.JSON).body("{\"to\": 20170523151118}").post("/repos/{id}/rollback", id)
                .then().statusCode(200).body("reverted.name", contains("create_users"));
        assertEquals(List.of(), ledger());

        given().contentType(ContentType.JSON).body("{\"step\": 1}").post("/repos/{id}/migrate", id)
                .then().statusCode(200).body("applied.name", contains("create_users"));

        given().get("/repos/{id}/runs", id).then().statusCode(200).body("size()", equalTo(5))
                .body("[0].direction", equalTo("up"));
        String runId = given().get("/repos/{id}/runs", id).then().extract().path("[0].runId");
        given().get("/runs/{runId}", runId).then().statusCode(200).body("repo", equalTo(id));
    }

    @Test
    void appliedMigrationsCannotBeReplacedOrDeleted() {
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "one", "up", "CREATE TABLE one (id int);"))
                .post("/repos/{id}/migrations", id).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "again", "up", "SELECT 1;"))
                .post("/repos/{id}/migrations", id).then().statusCode(409)
                .contentType("application/problem+json").body("existingName", equalTo("one"));
        given().contentType(ContentType.JSON).body(Map.of("name", "one_renamed", "up", "CREATE TABLE one (id bigint);"))
                .put("/repos/{id}/migrations/1", id).then().statusCode(200).body("name", equalTo("one_renamed"));
        given().post("/repos/{id}/migrate", id).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("name", "one_renamed", "up", "SELECT 2;"))
                .put("/repos/{id}/migrations/1", id).then().statusCode(409).body("type", containsString("migration-applied"));
        given().delete("/repos/{id}/migrations/1", id).then().statusCode(409);
    }

    @Test
    void aFailingMigrationIsA422NamingTheLine() {
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "ok", "up", "CREATE TABLE ok (id int);"))
                .post("/repos/{id}/migrations", id).then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("version", 2, "name", "bad", "up", "CREATE TABLE fine (id int);\nSELECT nonsense FROM nowhere;"))
                .post("/repos/{id}/migrations", id).then().statusCode(201);
        given().post("/repos/{id}/migrate", id)
                .then().statusCode(422).contentType("application/problem+json")
                .body("version", equalTo(2)).body("name", equalTo("bad")).body("sqlState", equalTo("42P01"))
                .body("line", equalTo(2)).body("runId", notNullValue());
        given().get("/repos/{id}/status", id).then().body("version", equalTo(1));
        given().get("/repos/{id}/runs", id).then().body("[0].status", equalTo("failed"))
                .body("[0].error.type", equalTo("migration-failed"));
    }

    @Test
    void aRunningMigrationShowsProgressAndASecondCallerGetsA409NamingIt() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "quick", "up", "CREATE TABLE q (id int);"))
                .post("/repos/{id}/migrations", id).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("version", 2, "name", "slow", "up", "SELECT pg_sleep(3);"))
                .post("/repos/{id}/migrations", id).then().statusCode(201);
        var running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> given().post("/repos/{id}/migrate", id).then().extract().statusCode());
        String runId = null;
        for (int i = 0; i < 100 && runId == null; i++) {
            Thread.sleep(50);
            runId = given().get("/repos/{id}/status", id).then().statusCode(200).extract().path("runInProgress.runId");
        }
        org.junit.jupiter.api.Assertions.assertNotNull(runId, "status shows the run in progress");
        given().get("/runs/{runId}", runId).then().statusCode(200).body("status", equalTo("running"))
                .body("planned", equalTo(2));
        given().contentType(ContentType.JSON).body("{\"waitSeconds\": 0}").post("/repos/{id}/migrate", id)
                .then().statusCode(409).contentType("application/problem+json").body("heldBy", equalTo(runId));
        assertEquals(200, running.get());
        given().get("/runs/{runId}", runId).then().body("status", equalTo("succeeded")).body("steps", hasSize(2));
    }

    private List<Long> ledger() throws SQLException {
        List<Long> versions = new ArrayList<>();
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM schema_migrations ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
            }
        }
        return versions;
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = '"
                     + table + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
