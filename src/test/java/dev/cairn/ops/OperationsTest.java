package dev.cairn.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, metrics and log lines, as a platform team would scrape and grep them. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class OperationsTest {

    @Test
    void aRunLeavesMetricsAndOneLogLinePerMigration() throws Exception {
        TestServer server = TestServers.postgres();
        String db = server.createDatabase();
        try {
            given().contentType("application/json").body(Map.of("id", "metered", "url", server.url(db), "username",
                    server.user())).put("/repos/metered").then().statusCode(200);
            for (int v = 1; v <= 3; v++) {
                given().contentType("application/json").body(Map.of("version", v, "name", "m" + v, "up",
                        "CREATE TABLE m" + v + " (id int);", "down", "DROP TABLE m" + v + ";"))
                        .post("/repos/metered/migrations").then().statusCode(201);
            }
            given().contentType("application/json").body("{\"step\": 2}").post("/repos/metered/migrate")
                    .then().statusCode(200);
            given().get("/repos/metered/status").then().statusCode(200).body("pending", equalTo(1));

            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("cairn_runs_total{direction=\"up\",outcome=\"succeeded\",repo=\"metered\"} 1.0"),
                    metrics);
            assertTrue(metrics.contains("cairn_migration_duration_seconds_bucket{direction=\"up\",repo=\"metered\""));
            assertTrue(metrics.contains("cairn_lock_wait_seconds_count{repo=\"metered\"} 1.0"));
            assertTrue(metrics.contains("cairn_pending_migrations{repo=\"metered\"} 1.0"));
            assertTrue(metrics.contains("cairn_repos_unreachable"));

            String log = Files.readString(Path.of("target/cairn-test.log"), StandardCharsets.UTF_8);
            assertTrue(log.contains("repo=metered") && log.contains("version=1 name=m1 outcome=applied durationMs="), log);
            assertTrue(log.contains("version=2 name=m2 outcome=applied durationMs="));
            assertTrue(log.matches("(?s).*repo=metered run=run-\\S+ direction=up strategy=step:2 actor=\\S+ "
                    + "outcome=succeeded migrations=2 version=2.*"));
        } finally {
            given().delete("/repos/metered");
            server.dropDatabase(db);
        }
    }

    @Test
    void oneDeadTargetDoesNotMakeCairnUnready() {
        given().contentType("application/json").body(Map.of("id", "dead", "url", "jdbc:postgresql://127.0.0.1:1/x",
                "username", "postgres")).put("/repos/dead").then().statusCode(200);
        try {
            given().get("/q/health/ready").then().statusCode(200).body(containsString("script-store"));
            given().get("/q/health/live").then().statusCode(200);
            given().get("/q/health/group/targets").then().statusCode(503).body("checks[0].data.dead", equalTo("DOWN"));
            String metrics = given().get("/q/metrics").then().extract().asString();
            assertTrue(metrics.matches("(?s).*cairn_repos_unreachable(\\{[^}]*\\})? [1-9].*"), metrics);
        } finally {
            given().delete("/repos/dead");
        }
    }
}
