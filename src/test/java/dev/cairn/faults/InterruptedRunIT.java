package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cairn killed during an asynchronous run: after the restart the run is not "running" forever but
 * {@code interrupted}, with the migrations that committed before and the one that was in flight.
 */
class InterruptedRunIT {

    final TestServer server = TestServers.postgres();
    final String db = server.createDatabase();
    final CairnProcess cairn = CairnProcess.start("interrupted");
    final CairnClient api = new CairnClient(cairn);

    @AfterEach
    void stop() {
        cairn.close();
        server.dropDatabase(db);
    }

    private boolean sleeping(String database) throws java.sql.SQLException {
        try (var c = server.connect(database); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'")) {
            return rs.next() && rs.getInt(1) > 0;
        }
    }

    @Test
    void aRunCutOffByAKillReadsAsInterruptedAfterTheRestart() throws Exception {
        assertEquals(201, api.registerRepo("app", server, db).status());
        assertEquals(201, api.storeMigration("app", 1, "quick", "CREATE TABLE quick (id int);", "DROP TABLE quick;")
                .status());
        assertEquals(201, api.storeMigration("app", 2, "slow", "SELECT pg_sleep(30);", "SELECT 1;").status());
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cairn.url() + "/repos/app/migrate")).header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, started.statusCode(), started.body());
        String runId = new ObjectMapper().readTree(started.body()).get("runId").asText();
        Await.until(Duration.ofSeconds(15), "the slow migration in flight",
                () -> api.get("/runs/" + runId).body().path("current").path("version").asLong() == 2);
        // The run shows the migration in flight a moment before its history line says so; once the server runs
        // its statement, the line is written.
        Await.until(Duration.ofSeconds(15), "the slow statement on the server", () -> sleeping(db));

        cairn.kill();
        cairn.restart();

        JsonNode run = api.get("/runs/" + runId).body();
        assertEquals("interrupted", run.get("status").asText(), run.toString());
        assertEquals(List.of(1L), StreamSupport.stream(run.get("steps").spliterator(), false)
                .map(s -> s.get("version").asLong()).toList(), "the migration that committed");
        assertEquals(2, run.get("current").get("version").asLong(), "the one in flight");
        JsonNode listed = api.get("/repos/app/runs").body().get(0);
        assertEquals("interrupted", listed.get("status").asText());
    }
}
