package dev.cairn.fleet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Registering many repos in one call, and fleet runs over tenant schemas of one database. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class FleetTest {

    @Test
    void twoHundredTenantsMigrateInOneCallAndAFailingTenantDoesNotStopTheOthersUnderContinue() throws Exception {
        try (Tenants fleet = new Tenants(TestServers.postgres(), 200, 17)) {
            String location = given().contentType(ContentType.JSON)
                    .body(Map.of("selector", Map.of("labels", Map.of("fleet", fleet.tag)), "concurrency", 8,
                            "onError", "continue"))
                    .post("/fleet/migrate").then().statusCode(202)
                    .header("Location", containsString("/fleet/runs/f-")).extract().header("Location");
            JsonPath done = awaitEnd(location);
            assertEquals("failed", done.getString("status"));
            assertEquals(200, done.getInt("counts.planned"));
            assertEquals(199, done.getInt("counts.succeeded"));
            assertEquals(1, done.getInt("counts.failed"));
            assertEquals("failed", done.getString("repos.find { it.repo == '" + fleet.id(17) + "' }.state"));
            assertTrue(done.getString("repos.find { it.repo == '" + fleet.id(17) + "' }.error").contains("audit"));
            for (int i = 0; i < 200; i++) {
                assertEquals(i == 17 ? List.of(1L) : List.of(1L, 2L, 3L), fleet.ledger(i), fleet.id(i));
            }
            given().queryParam("label", "fleet:" + fleet.tag).get("/fleet/status").then().statusCode(200)
                    .body("repos", equalTo(200)).body("current", equalTo(199)).body("behind", equalTo(1))
                    .body("dirty", equalTo(0)).body("unreachable", equalTo(0))
                    .body("versions.'3'", equalTo(199)).body("versions.'1'", equalTo(1));
            String failedRun = done.getString("repos.find { it.repo == '" + fleet.id(17) + "' }.runId");
            given().get("/runs/{id}", failedRun).then().body("status", equalTo("failed"));
            given().get("/fleet/runs").then().body("find { it.fleetRunId == '" + done.getString("fleetRunId")
                    + "' }.counts.failed", equalTo(1));
        }
    }

    @Test
    void underStopNoNewTenantStartsAfterAFailureAndAFailedCanaryStopsEverything() throws Exception {
        try (Tenants fleet = new Tenants(TestServers.postgres(), 12, 4)) {
            JsonPath stopped = awaitEnd(start(Map.of("selector", Map.of("labels", Map.of("fleet", fleet.tag)),
                    "concurrency", 1)));
            assertEquals("failed", stopped.getString("status"));
            assertEquals(4, stopped.getInt("counts.succeeded"));
            assertEquals(1, stopped.getInt("counts.failed"));
            assertEquals(7, stopped.getInt("counts.skipped"));
            assertEquals(List.of(), fleet.ledger(5), "nothing started after the failure");

            JsonPath canary = awaitEnd(start(Map.of("selector", Map.of("ids", List.of(fleet.id(4), fleet.id(9),
                    fleet.id(10))), "canary", 1, "concurrency", 4, "onError", "continue")));
            assertEquals("failed", canary.getString("status"));
            assertEquals(1, canary.getInt("counts.failed"));
            assertEquals(2, canary.getInt("counts.skipped"), "a failed canary stops the fleet, even under continue");
            assertEquals(List.of(), fleet.ledger(9));
        }
    }

    @Test
    void aDryRunShowsEachTenantsPlanAndRunsNothing() throws Exception {
        try (Tenants fleet = new Tenants(TestServers.mariadb(), 3, -1)) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("selector", Map.of("labels", Map.of("fleet", fleet.tag)), "dryRun", true))
                    .post("/fleet/migrate").then().statusCode(200)
                    .body("dryRun", equalTo(true)).body("repos", hasSize(3))
                    .body("repos[0].plan.version", equalTo(List.of(1, 2, 3)));
            assertEquals(List.of(), fleet.ledger(0));
            JsonPath done = awaitEnd(start(Map.of("selector", Map.of("labels", Map.of("fleet", fleet.tag)))));
            assertEquals("succeeded", done.getString("status"));
            assertEquals(List.of(1L, 2L, 3L), fleet.ledger(2));
            JsonPath back = awaitEnd(given().contentType(ContentType.JSON)
                    .body(Map.of("selector", Map.of("labels", Map.of("fleet", fleet.tag)), "to", 2))
                    .post("/fleet/rollback").then().statusCode(202).extract().header("Location"));
            assertEquals("succeeded", back.getString("status"));
            assertEquals(List.of(1L), fleet.ledger(1));
            given().contentType(ContentType.JSON).body(Map.of("id", fleet.tag + "-down", "url",
                    "jdbc:mariadb://127.0.0.1:1/x", "labels", Map.of("fleet", fleet.tag))).post("/repos")
                    .then().statusCode(201);
            given().queryParam("label", "fleet:" + fleet.tag).get("/fleet/status").then().statusCode(200)
                    .body("repos", equalTo(4)).body("behind", equalTo(3)).body("unreachable", equalTo(1))
                    .body("unreachableRepos[0].repo", equalTo(fleet.tag + "-down"))
                    .body("unreachableRepos[0].type", equalTo("target-unavailable"));
            given().delete("/repos/{id}", fleet.tag + "-down");
        }
    }

    @Test
    void badFleetCallsAreClearProblems() {
        given().contentType(ContentType.JSON).body(Map.of()).post("/fleet/migrate").then().statusCode(400)
                .body("field", equalTo("selector"));
        given().contentType(ContentType.JSON).body(Map.of("selector", Map.of("labels", Map.of("fleet", "none-"
                + UUID.randomUUID())))).post("/fleet/migrate").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("selector", Map.of("ids", List.of("nope-x"))))
                .post("/fleet/migrate").then().statusCode(404).body("type", equalTo("urn:cairn:problem:repo-not-found"));
        given().queryParam("label", "nocolon").get("/fleet/status").then().statusCode(400)
                .body("field", equalTo("label"));
        given().get("/fleet/runs/f-unknown").then().statusCode(404)
                .body("type", equalTo("urn:cairn:problem:fleet-run-not-found"));
    }

    @Test
    void aBatchWithOneBadEntryRegistersNothingAndNamesIt() {
        TestServer pg = TestServers.postgres();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> batch = List.of(
                Map.of("id", "batch-a-" + tag, "url", pg.url("postgres"), "username", pg.user()),
                Map.of("id", "batch-b-" + tag, "url", "jdbc:oracle:thin:@x"),
                Map.of("id", "batch-a-" + tag, "url", pg.url("postgres")));
        given().contentType(ContentType.JSON).body(batch).post("/repos/batch").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:cairn:problem:registrations-invalid"))
                .body("invalid.index", equalTo(List.of(1, 2)));
        given().get("/repos/{id}", "batch-a-" + tag).then().statusCode(404);
    }

    @Test
    void discoveryRegistersOneRepoPerMatchingSchemaAndOnlyNewOnesTheSecondTime() throws Exception {
        for (TestServer server : List.of(TestServers.postgres(), TestServers.mariadb())) {
            boolean pg = server.kind() == TestServer.Kind.POSTGRESQL;
            String tag = "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            String db = pg ? server.createDatabase() : "mysql";
            List<String> made = new ArrayList<>();
            try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                for (String name : List.of(tag + "_acme", tag + "_globex", tag + "x_other")) {
                    st.execute((pg ? "CREATE SCHEMA " : "CREATE DATABASE ") + name);
                    made.add(name);
                }
            }
            Map<String, Object> template = Map.of("url", server.url(db), "username", server.user(),
                    "labels", Map.of("fleet", tag));
            Map<String, Object> call = Map.of("template", template, "prefixLike", tag + "\\_%",
                    "idTemplate", "t-{prefix}");
            try {
                given().contentType(ContentType.JSON).body(call).post("/repos/discover").then().statusCode(200)
                        .body("matched", equalTo(2))
                        .body("registered", equalTo(List.of("t-" + tag + "_acme", "t-" + tag + "_globex")))
                        .body("existing", hasSize(0));
                given().get("/repos/{id}", "t-" + tag + "_acme").then().statusCode(200)
                        .body("prefix", equalTo(tag + "_acme")).body("labels.fleet", equalTo(tag));
                try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                    st.execute((pg ? "CREATE SCHEMA " : "CREATE DATABASE ") + tag + "_initech");
                    made.add(tag + "_initech");
                }
                given().contentType(ContentType.JSON).body(call).post("/repos/discover").then().statusCode(200)
                        .body("matched", equalTo(3)).body("registered", equalTo(List.of("t-" + tag + "_initech")))
                        .body("existing", hasSize(2));
                given().queryParam("label", "fleet:" + tag).get("/fleet/status").then().statusCode(200)
                        .body("repos", equalTo(3));
            } finally {
                for (String name : made) {
                    given().delete("/repos/{id}", "t-" + name);
                    if (!pg) {
                        server.dropDatabase(name);
                    }
                }
                if (pg) {
                    server.dropDatabase(db);
                }
            }
        }
    }

    @Test
    void badDiscoveriesAreClearProblems() {
        TestServer pg = TestServers.postgres();
        Map<String, Object> template = Map.of("url", pg.url("postgres"), "username", pg.user());
        given().contentType(ContentType.JSON).body(Map.of("prefixLike", "x%")).post("/repos/discover").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("template", template)).post("/repos/discover").then()
                .statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("template", Map.of("url", pg.url("postgres"), "prefix",
                "x"), "prefixLike", "x%")).post("/repos/discover").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("template", template, "prefixLike", "x%", "idTemplate",
                "fixed")).post("/repos/discover").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("template", Map.of("url", "jdbc:postgresql://127.0.0.1:1/x"),
                "prefixLike", "x%")).post("/repos/discover").then().statusCode(503)
                .body("type", equalTo("urn:cairn:problem:target-unavailable"));
    }

    private static String start(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/fleet/migrate").then().statusCode(202)
                .extract().header("Location");
    }

    static JsonPath awaitEnd(String location) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonPath run = given().get(location).then().statusCode(200).extract().jsonPath();
            if (!"running".equals(run.getString("status"))) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the fleet run did not end: " + location);
    }

    /**
     * Tenants as schemas (PostgreSQL) or databases (MariaDB), registered in one batch call with a label of their
     * own, sharing one script folder. Tenant {@code failing} already has the table migration 2 creates.
     */
    static final class Tenants implements AutoCloseable {
        final TestServer server;
        final String tag = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        final String db;
        final int count;
        final Path scripts;

        Tenants(TestServer server, int count, int failing) throws Exception {
            this.server = server;
            this.count = count;
            this.db = server.kind() == TestServer.Kind.POSTGRESQL ? server.createDatabase() : null;
            Path store = Path.of(ConfigProvider.getConfig().getValue("cairn.store.path", String.class));
            scripts = Files.createTempDirectory("cairn-fleet-scripts-");
            write(scripts, "1_create_items", "CREATE TABLE items (id int PRIMARY KEY);", "DROP TABLE items;");
            write(scripts, "2_create_audit", "CREATE TABLE audit (id int);", "DROP TABLE audit;");
            write(scripts, "3_index_audit", "CREATE INDEX audit_id ON audit (id);", "DROP INDEX audit_id"
                    + (db == null ? " ON audit;" : ";"));
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", id(i));
                r.put("url", server.url(db == null ? "mysql" : db));
                r.put("username", server.user());
                r.put("prefix", prefix(i));
                r.put("labels", Map.of("fleet", tag));
                batch.add(r);
                if (db == null) {
                    server.dropAtExit(prefix(i));
                }
                Files.createSymbolicLink(store.resolve(id(i)), scripts);
            }
            given().contentType(ContentType.JSON).body(batch).post("/repos/batch").then().statusCode(200)
                    .body("registered", equalTo(count));
            if (failing >= 0) {
                admin("CREATE SCHEMA " + prefix(failing), "CREATE TABLE " + prefix(failing) + ".audit (x int)");
            }
        }

        String id(int i) {
            return tag + "-" + String.format("%03d", i);
        }

        String prefix(int i) {
            return tag + "_" + String.format("%03d", i);
        }

        List<Long> ledger(int i) throws Exception {
            List<Long> versions = new ArrayList<>();
            try (Connection c = server.connect(db == null ? "mysql" : db); Statement st = c.createStatement()) {
                ResultSet exists = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE "
                        + "table_schema = '" + prefix(i) + "' AND table_name = 'schema_migrations'");
                exists.next();
                if (exists.getInt(1) == 0) {
                    return versions;
                }
                ResultSet rs = st.executeQuery("SELECT version FROM " + prefix(i)
                        + ".schema_migrations ORDER BY version");
                while (rs.next()) {
                    versions.add(rs.getLong(1));
                }
            }
            return versions;
        }

        private void admin(String... sql) throws Exception {
            try (Connection c = server.connect(db == null ? "mysql" : db); Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.execute(db == null ? s.replace("CREATE SCHEMA", "CREATE DATABASE") : s);
                }
            }
        }

        private static void write(Path scripts, String folder, String up, String down) throws Exception {
            Path f = Files.createDirectories(scripts.resolve(folder));
            Files.writeString(f.resolve("up.sql"), up);
            Files.writeString(f.resolve("down.sql"), down);
        }

        @Override
        public void close() throws Exception {
            for (int i = 0; i < count; i++) {
                given().delete("/repos/{id}", id(i));
            }
            dev.cairn.store.AtomicFiles.deleteTree(scripts);
            if (db != null) {
                server.dropDatabase(db);
            } else {
                for (int i = 0; i < count; i++) {
                    server.dropDatabase(prefix(i));
                }
            }
        }
    }
}
