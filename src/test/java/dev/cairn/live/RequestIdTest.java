package dev.cairn.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code X-Request-ID}: taken from the caller or made, echoed on every response, stored in the runs the request
 * started, and in the log lines of those runs, whichever thread runs them.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class RequestIdTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Path LOG = Path.of("target/cairn-test.log");

    @Test
    void aCallersIdIsEchoedStoredAndInTheRunsLogLines() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "reqid")) {
            repo.store(1, "one", "CREATE TABLE one (id int);", "DROP TABLE one;");
            repo.store(2, "two", "CREATE TABLE two (id int);", "DROP TABLE two;");
            String syncId = "ci-job-42.step:7/" + repo.id;
            String runId = given().header("X-Request-ID", syncId).contentType(ContentType.JSON).body("{\"step\": 1}")
                    .post("/repos/{id}/migrate", repo.id).then().statusCode(200).header("X-Request-ID", syncId)
                    .body("requestId", equalTo(syncId)).extract().path("runId");
            given().get("/runs/{id}", runId).then().body("requestId", equalTo(syncId));
            given().get("/repos/{id}/runs", repo.id).then().body("[0].requestId", equalTo(syncId));

            String asyncId = "async-" + repo.id;
            String asyncRun = given().header("X-Request-ID", asyncId).header("Prefer", "respond-async")
                    .post("/repos/{id}/migrate", repo.id).then().statusCode(202).header("X-Request-ID", asyncId)
                    .extract().path("runId");
            awaitEnd(asyncRun);
            given().get("/runs/{id}", asyncRun).then().body("requestId", equalTo(asyncId));

            // Adopting and resolving are runs of the history too, and carry their request's id the same way.
            repo.store(3, "three", "CREATE TABLE three (id int);", "DROP TABLE three;");
            String adoptId = "adopt-" + repo.id;
            String adoptRun = given().header("X-Request-ID", adoptId).contentType(ContentType.JSON)
                    .body("{\"baseline\": 3}").post("/repos/{id}/adopt", repo.id).then().statusCode(200)
                    .extract().path("runId");
            given().get("/runs/{id}", adoptRun).then().body("requestId", equalTo(adoptId));
            String resolveId = "resolve-" + repo.id;
            given().header("X-Request-ID", resolveId).contentType(ContentType.JSON)
                    .body("{\"version\": 3, \"as\": \"applied\"}").post("/repos/{id}/resolve", repo.id);
            given().get("/repos/{id}/runs", repo.id).then().body("[0].direction", equalTo("resolve"))
                    .body("[0].requestId", equalTo(resolveId));

            List<String> lines = Files.readAllLines(LOG);
            assertTrue(lines.stream().anyMatch(l -> carries(l, syncId) && l.contains("run=" + runId
                    + " version=1 name=one outcome=applied")), "the sync run's migration line carries the id");
            assertTrue(lines.stream().anyMatch(l -> carries(l, asyncId) && l.contains("cairn-run-")
                    && l.contains("run=" + asyncRun + " direction=up")), "so does the async run's, on its thread");
        }
    }

    @Test
    void withoutOneCairnMakesOneForEveryAnswerErrorsIncluded() {
        String made = given().get("/repos").then().statusCode(200).header("X-Request-ID", matchesPattern(UUID))
                .extract().header("X-Request-ID");
        given().get("/repos").then().header("X-Request-ID", not(equalTo(made)));
        given().get("/repos/{id}", "no-such-repo").then().statusCode(404).header("X-Request-ID", matchesPattern(UUID));
        given().header("X-Request-ID", "mine-1").get("/nowhere").then().statusCode(404)
                .header("X-Request-ID", "mine-1");
    }

    @Test
    void anIdThatCouldForgeLogLinesIsRefused() {
        for (String bad : List.of("has space", "x".repeat(129), "semi;colon", "quote\"d", "ünïcode")) {
            given().header("X-Request-ID", bad).post("/repos/{id}/migrate", "whatever").then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo("urn:cairn:problem:invalid-request"))
                    .header("X-Request-ID", matchesPattern(UUID));
        }
        given().header("X-Request-ID", "x".repeat(128)).get("/repos").then().statusCode(200);
    }

    @Test
    void aFleetsRunsCarryTheIdOfTheCallThatStartedIt() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "reqfleet")) {
            repo.store(1, "one", "CREATE TABLE one (id int);", "DROP TABLE one;");
            String id = "fleet-" + repo.id;
            String fleetRunId = given().header("X-Request-ID", id).contentType(ContentType.JSON)
                    .body(Map.of("selector", Map.of("ids", List.of(repo.id)))).post("/fleet/migrate").then()
                    .statusCode(202).header("X-Request-ID", id).extract().path("fleetRunId");
            String runId = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                var fleet = given().get("/fleet/runs/{id}", fleetRunId).then().extract().jsonPath();
                if (!"running".equals(fleet.getString("status"))) {
                    runId = fleet.getString("repos[0].runId");
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(id, given().get("/runs/{id}", runId).then().statusCode(200).extract().path("requestId"));
        }
    }

    /** Whether a log line, plain ({@code … <id> (thread) message}) or JSON, has the request id in its context. */
    private static boolean carries(String line, String requestId) {
        return line.contains(" " + requestId + " (") || line.contains("\"requestId\":\"" + requestId + "\"");
    }

    private static void awaitEnd(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!"running".equals(given().get("/runs/{id}", runId).then().extract().path("status"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " never ended");
    }
}
