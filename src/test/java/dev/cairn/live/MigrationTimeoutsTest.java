package dev.cairn.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A migration's own {@code lockTimeout}, {@code lockRetries} and {@code statementTimeout} (in its
 * {@code migration.json}) win over the run's for that migration only; the next one runs under the run's again.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class MigrationTimeoutsTest {

    @Test
    void aMigrationsOwnStatementTimeoutWinsForItAndTheRunsAppliesAgainAfterIt() throws Exception {
        for (TestServer server : List.of(TestServers.postgres(), TestServers.mariadb())) {
            boolean pg = server.kind() == TestServer.Kind.POSTGRESQL;
            String sleep = pg ? "SELECT pg_sleep(1.5);" : "SELECT SLEEP(1.5);";
            try (TargetRepo repo = TargetRepo.register(server, "own")) {
                store(repo, 1, "long_one", sleep, Map.of("statementTimeout", "10s"));
                repo.store(2, "short_one", sleep, "SELECT 1;");
                String body = "{\"statementTimeout\": \"500ms\"}";
                given().contentType(ContentType.JSON).body(body).post("/repos/{id}/migrate", repo.id).then()
                        .statusCode(422).body("type", equalTo("urn:cairn:problem:migration-failed"))
                        .body("version", equalTo(2));
                assertEquals(List.of(1L), repo.ledger(), "the first ran under its own 10 s, the second under 500 ms");
            }
        }
    }

    @Test
    void aMigrationsOwnLockRetriesCarryItPastALockTheRunDoesNotBound() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "ownretry")) {
            repo.database.execute("CREATE TABLE gate (id int)");
            store(repo, 1, "alter_gate", "ALTER TABLE gate ADD COLUMN note text;",
                    Map.of("lockTimeout", "200ms", "lockRetries", 30));
            given().get("/repos/{id}/migrations/1", repo.id).then().statusCode(200)
                    .body("lockTimeout", equalTo("200ms")).body("lockRetries", equalTo(30))
                    .body("statementTimeout", nullValue());
            assertEquals("{\"lockTimeout\":\"200ms\",\"lockRetries\":30}",
                    Files.readString(repo.folder().resolve("1_alter_gate/migration.json")).strip());
            List<String> sql = given().contentType(ContentType.JSON).body("{\"dryRun\": true}")
                    .post("/repos/{id}/migrate", repo.id).then().statusCode(200).extract().path("sql");
            int own = sql.indexOf("SET lock_timeout = '200ms'"), commit = sql.lastIndexOf("COMMIT");
            assertTrue(own >= 0 && own < sql.indexOf("BEGIN"), "set before its transaction: " + sql);
            assertEquals("SET lock_timeout = DEFAULT", sql.get(commit + 1), "and put back after it: " + sql);

            CompletableFuture<JsonPath> run;
            try (Connection holder = repo.server.connect(repo.db)) {
                holder.setAutoCommit(false);
                try (Statement st = holder.createStatement()) {
                    st.execute("LOCK TABLE gate IN ACCESS SHARE MODE");
                }
                run = CompletableFuture.supplyAsync(() -> given().post("/repos/{id}/migrate", repo.id).then()
                        .statusCode(200).extract().jsonPath());
                Thread.sleep(1_000);
                holder.commit();
            }
            JsonPath done = run.get(30, TimeUnit.SECONDS);
            assertTrue(done.getInt("applied[0].attempts") >= 2, done.prettify());
            assertEquals("1", repo.database.query("SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'gate' AND column_name = 'note'"));
        }
    }

    @Test
    void aHandWrittenMigrationJsonIsReadStrictly() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "handjson")) {
            repo.store(1, "hand", "CREATE TABLE hand (id int);", "DROP TABLE hand;");
            Path meta = repo.folder().resolve("1_hand/migration.json");
            Files.writeString(meta, "{\"transaction\": true, \"statementTimeout\": \"2m\", \"lockRetries\": 3}");
            given().get("/repos/{id}/migrations/1", repo.id).then().statusCode(200)
                    .body("statementTimeout", equalTo("2m")).body("lockRetries", equalTo(3));

            Files.writeString(meta, "{\"lockTimout\": \"2s\"}");
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:migration-settings-invalid"))
                    .body("detail", containsString("unknown key 'lockTimout'"))
                    .body("file", equalTo(repo.id + "/1_hand/migration.json"));
            Files.writeString(meta, "{\"lockTimeout\": \"soon\"}");
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(409)
                    .body("detail", containsString("lockTimeout must be a duration"));
            assertEquals(List.of(), repo.ledger(), "nothing ran");

            given().contentType(ContentType.JSON).body(Map.of("name", "bad", "up", "SELECT 1;",
                    "lockRetries", 500)).post("/repos/{id}/migrations", repo.id).then().statusCode(400)
                    .body("field", equalTo("lockRetries"));
        }
    }

    private static void store(TargetRepo repo, long version, String name, String up, Map<String, Object> settings) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("version", version, "name", name, "up", up,
                "down", "SELECT 1;"));
        body.putAll(settings);
        given().contentType(ContentType.JSON).body(body).post("/repos/{id}/migrations", repo.id).then()
                .statusCode(201);
    }
}
