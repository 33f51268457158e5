package dev.cairn.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Health, metrics and log lines, as a platform team would scrape and grep them. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class OperationsTest {

    static final Path LOG = Path.of("target/cairn-test.log");

    @Test
    void aRunLeavesMetricsAndOneLogLinePerMigration() throws Exception {
        TestServer server = TestServers.postgres();
        String db = server.createDatabase();
        // The log file outlives test runs and is shared by every test class: only this id, from here on, is ours.
        String repo = "metered-" + db.substring(db.length() - 8);
        long logStart = Files.size(LOG);
        try {
            given().contentType("application/json").body(Map.of("id", repo, "url", server.url(db), "username",
                    server.user())).put("/repos/{id}", repo).then().statusCode(200);
            for (int v = 1; v <= 3; v++) {
                given().contentType("application/json").body(Map.of("version", v, "name", "m" + v, "up",
                        "CREATE TABLE m" + v + " (id int);", "down", "DROP TABLE m" + v + ";"))
                        .post("/repos/{id}/migrations", repo).then().statusCode(201);
            }
            String runId = given().contentType("application/json").body("{\"step\": 2}")
                    .post("/repos/{id}/migrate", repo).then().statusCode(200).extract().path("runId");
            given().get("/repos/{id}/status", repo).then().statusCode(200).body("pending", equalTo(1));

            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("cairn_runs_total{direction=\"up\",outcome=\"succeeded\",repo=\"" + repo
                    + "\"} 1.0"), metrics);
            assertTrue(metrics.contains("cairn_migration_duration_seconds_bucket{direction=\"up\",repo=\"" + repo + "\""));
            assertTrue(metrics.contains("cairn_lock_wait_seconds_count{repo=\"" + repo + "\"} 1.0"));
            assertTrue(metrics.contains("cairn_pending_migrations{repo=\"" + repo + "\"} 1.0"));
            assertTrue(metrics.contains("cairn_repos_unreachable"));

            List<String> lines = linesSince(logStart).stream().filter(l -> l.contains("repo=" + repo + " ")).toList();
            String prefix = "repo=" + repo + " run=" + runId + " ";
            assertEquals(1, count(lines, prefix + "version=1 name=m1 outcome=applied durationMs=\\d+"), lines::toString);
            assertEquals(1, count(lines, prefix + "version=2 name=m2 outcome=applied durationMs=\\d+"), lines::toString);
            assertEquals(0, count(lines, ".*name=m3 .*"), lines::toString);
            assertEquals(1, count(lines, prefix + "direction=up strategy=step:2 actor=\\S+ outcome=succeeded"
                    + " migrations=2 version=2"), lines::toString);
        } finally {
            given().delete("/repos/{id}", repo);
            server.dropDatabase(db);
        }
    }

    private static List<String> linesSince(long offset) throws IOException {
        try (SeekableByteChannel log = Files.newByteChannel(LOG)) {
            log.position(offset);
            String text = new String(Channels.newInputStream(log).readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().toList();
        }
    }

    /** Lines whose message is exactly {@code regex}: after the "(thread) " of a plain line, or a JSON "message". */
    private static long count(List<String> lines, String regex) {
        Pattern message = Pattern.compile("(\\) |\"message\":\")" + regex + "($|\")");
        return lines.stream().filter(l -> message.matcher(l).find()).count();
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
