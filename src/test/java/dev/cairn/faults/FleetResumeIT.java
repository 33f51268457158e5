package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cairn killed in the middle of a fleet run: after the restart the fleet run reads {@code interrupted}, shows which
 * tenants finished and which never started, and resume migrates the rest, each tenant exactly once.
 */
class FleetResumeIT {

    private static final int TENANTS = 6;

    final TestServer server = TestServers.postgres();
    final String db = server.createDatabase();
    final CairnProcess cairn = CairnProcess.start("fleet-resume");
    final CairnClient api = new CairnClient(cairn);

    @AfterEach
    void stop() {
        cairn.close();
        server.dropDatabase(db);
    }

    @Test
    void aFleetRunCutOffByAKillIsResumedAndEachTenantIsMigratedOnce() throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", "tenant-" + i);
            r.put("url", server.url(db));
            r.put("username", server.user());
            r.put("prefix", "tenant_" + i);
            r.put("labels", Map.of("fleet", "resume"));
            batch.add(r);
        }
        assertEquals(200, api.post("/repos/batch", batch).status());
        sql("CREATE TABLE public.go_slow (x int)");
        for (int i = 0; i < TENANTS; i++) {
            assertEquals(201, api.storeMigration("tenant-" + i, 1, "items", "CREATE TABLE items (id int);",
                    "DROP TABLE items;").status());
            // Slow only while public.go_slow exists, so the resumed run does not wait again.
            assertEquals(201, api.storeMigration("tenant-" + i, 2, "slow_when_told",
                    "SELECT pg_sleep(CASE WHEN to_regclass('public.go_slow') IS NULL THEN 0 ELSE 30 END);",
                    "SELECT 1;").status());
        }
        CairnClient.Reply started = api.post("/fleet/migrate",
                Map.of("selector", Map.of("labels", Map.of("fleet", "resume")), "concurrency", 1));
        assertEquals(202, started.status(), started.toString());
        String id = started.body().get("fleetRunId").asText();
        Await.until(Duration.ofSeconds(20), "the first tenant's slow migration in flight", () -> {
            JsonNode run = api.get("/runs/" + api.get("/fleet/runs/" + id).body().path("repos").path(0)
                    .path("runId").asText("none")).body();
            return run != null && run.path("current").path("version").asLong() == 2;
        });

        cairn.kill();
        sql("DROP TABLE public.go_slow");
        cairn.restart();

        JsonNode cut = api.get("/fleet/runs/" + id).body();
        assertEquals("interrupted", cut.get("status").asText(), cut.toString());
        assertEquals("interrupted", cut.get("repos").get(0).get("state").asText());
        assertEquals(TENANTS - 1, cut.get("counts").get("notStarted").asInt(), cut.toString());

        assertEquals(202, api.post("/fleet/runs/" + id + "/resume", Map.of()).status());
        Await.until(Duration.ofSeconds(30), "the resumed fleet run ends",
                () -> !"running".equals(api.get("/fleet/runs/" + id).body().get("status").asText()));
        JsonNode done = api.get("/fleet/runs/" + id).body();
        assertEquals("succeeded", done.get("status").asText(), done.toString());
        assertEquals(TENANTS, done.get("counts").get("succeeded").asInt());
        for (int i = 0; i < TENANTS; i++) {
            assertEquals(List.of(1L, 2L), versions("tenant_" + i));
            int runs = api.get("/repos/tenant-" + i + "/runs").body().size();
            assertEquals(i == 0 ? 2 : 1, runs, "tenant-" + i + " ran once (the first twice: cut off, resumed)");
        }
        assertEquals(409, api.post("/fleet/runs/" + id + "/resume", Map.of()).status());
    }

    private void sql(String statement) throws Exception {
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private List<Long> versions(String schema) throws Exception {
        List<Long> versions = new ArrayList<>();
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + schema + ".schema_migrations ORDER BY 1")) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
            }
        }
        return versions;
    }
}
