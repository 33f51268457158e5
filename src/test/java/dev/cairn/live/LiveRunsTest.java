package dev.cairn.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs started with {@code Prefer: respond-async}, watched by polling and over Server-Sent Events, and cancelled. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class LiveRunsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anAsyncRunIsWatchedByPollingAndOverEventsResumedWithLastEventId() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "async")) {
            repo.store(1, "slow", "CREATE TABLE slow (id int); SELECT pg_sleep(0.4); SELECT pg_sleep(0.4);"
                    + " SELECT pg_sleep(0.4); SELECT pg_sleep(0.4);", "DROP TABLE slow;");
            String runId = startAsync(repo, "migrate");
            JsonPath running = await(runId, r -> r.get("current.statement") != null
                    && r.getInt("current.statement") >= 2);
            assertEquals("running", running.getString("status"));
            assertEquals(5, running.getInt("current.statements"));
            assertEquals("slow", running.getString("current.name"));

            List<String[]> firstHalf = events(runId, null, 3);
            assertEquals(List.of("planned", "migration-started", "statement"),
                    firstHalf.stream().map(e -> e[1]).toList());
            List<String[]> rest = events(runId, firstHalf.get(2)[0], Integer.MAX_VALUE);
            assertEquals(Long.parseLong(firstHalf.get(2)[0]) + 1, Long.parseLong(rest.get(0)[0]),
                    "the stream resumes right after the last event seen");
            assertEquals("finished", rest.get(rest.size() - 1)[1]);
            assertTrue(rest.get(rest.size() - 1)[2].contains("\"status\":\"succeeded\""));
            assertTrue(rest.stream().anyMatch(e -> e[1].equals("migration-finished")));

            given().get("/runs/{id}", runId).then().body("status", equalTo("succeeded"))
                    .body("applied.version", equalTo(List.of(1)));
            List<String[]> replay = events(runId, null, Integer.MAX_VALUE);
            assertEquals("finished", replay.get(replay.size() - 1)[1], "a finished run replays and the stream ends");
        }
    }

    @Test
    void planRefusalsStayImmediate() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "refused")) {
            repo.store(1, "irreversible", "CREATE TABLE t (id int);", null);
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            given().header("Prefer", "respond-async").post("/repos/{id}/rollback", repo.id).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:no-down-script"));
        }
    }

    @Test
    void aRunBlockedByAnotherSessionShowsItsBlocker() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "blocked")) {
            repo.database.execute("CREATE TABLE gate (id int)");
            repo.store(1, "through_gate", "INSERT INTO gate VALUES (1);", "DELETE FROM gate;");
            try (Connection holder = repo.server.connect(repo.db)) {
                holder.setAutoCommit(false);
                int pid;
                try (Statement st = holder.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getInt(1);
                    st.execute("LOCK TABLE gate IN ACCESS EXCLUSIVE MODE");
                }
                String runId = startAsync(repo, "migrate");
                JsonPath waiting = await(runId, r -> "database-lock".equals(r.getString("waitingFor.kind")));
                assertEquals(pid, waiting.getInt("waitingFor.blockers[0].pid"));
                assertTrue(waiting.getString("waitingFor.blockers[0].query").contains("LOCK TABLE gate"));
                holder.commit();
                assertEquals("succeeded", await(runId, r -> !r.getString("status").equals("running"))
                        .getString("status"));
            }
        }
    }

    @Test
    void cancellingARunningMigrationLeavesNothingAndCannotBeRepeated() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "cancel")) {
            repo.store(1, "endless", "CREATE TABLE endless (id int); SELECT pg_sleep(60);", "DROP TABLE endless;");
            String runId = startAsync(repo, "migrate");
            await(runId, r -> r.get("current.statement") != null && r.getInt("current.statement") == 2);
            given().post("/runs/{id}/cancel", runId).then().statusCode(202);
            JsonPath ended = await(runId, r -> !r.getString("status").equals("running"));
            assertEquals("cancelled", ended.getString("status"));
            assertEquals("run-cancelled", ended.getString("error.type"));
            assertFalse(repo.tableExists("endless"), "the cancelled migration left nothing behind");
            assertEquals(List.of(), repo.ledger());
            given().post("/runs/{id}/cancel", runId).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:run-finished"));
            given().post("/runs/{id}/cancel", "run-nope").then().statusCode(404);
        }
    }

    private static String startAsync(TargetRepo repo, String what) {
        return given().header("Prefer", "respond-async").post("/repos/{id}/" + what, repo.id).then()
                .statusCode(202).header("Location", containsString("/runs/run-")).body("status", equalTo("running"))
                .extract().path("runId");
    }

    private static JsonPath await(String runId, Predicate<JsonPath> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonPath run = given().get("/runs/{id}", runId).then().statusCode(200).extract().jsonPath();
            if (until.test(run)) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " never reached the expected state");
    }

    /** Up to {@code max} events of the stream as {id, event, data}, after {@code lastEventId} if given. */
    private static List<String[]> events(String runId, String lastEventId, int max) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port
                + "/runs/" + runId + "/events")).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<String[]> events = new ArrayList<>();
        String[] event = new String[3];
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("id:")) {
                    event[0] = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event[1] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    event[2] = line.substring(5).trim();
                } else if (line.isEmpty() && event[1] != null) {
                    events.add(event);
                    event = new String[3];
                    if (events.size() == max) {
                        break;
                    }
                }
            }
        }
        return events;
    }
}
