package dev.cairn.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnClient.Reply;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A name that resolved inside {@code cairn.targets.allowed-hosts} when the repo was registered, and resolves outside
 * later, is refused when Cairn next connects. The packaged Cairn runs with its own hosts file
 * ({@code jdk.net.hosts.file}) and no DNS cache, so the test can move the name.
 */
class AllowedHostsIT {

    @Test
    void aNameThatLaterResolvesOutsideIsRefusedAtConnectTime() throws Exception {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        Path hosts = Files.createTempFile("cairn-hosts-", "");
        Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 pg.test\n");
        try (CairnProcess cairn = CairnProcess.start("allowed-hosts", Map.of("jdk.net.hosts.file", hosts.toString(),
                "sun.net.inetaddr.ttl", "0", "cairn.targets.allowed-hosts", "127.0.0.0/8",
                "cairn.pool.idle-timeout", "1s"))) {
            CairnClient api = new CairnClient(cairn);
            String url = pg.url(db).replaceFirst("//[^:/]+", "//pg.test");
            assertEquals(201, api.post("/repos", Map.of("id", "moving", "url", url, "username", pg.user())).status());
            assertEquals(201, api.storeMigration("moving", 1, "first", "CREATE TABLE first (id int);", null).status());
            assertEquals(200, api.migrate("moving", Map.of()).status());

            Files.writeString(hosts, "127.0.0.1 localhost\n10.255.255.1 pg.test\n");
            Reply refused = untilRefused(api);
            assertEquals("host-not-allowed", refused.problemType(), refused.toString());
            assertEquals("pg.test", refused.body().path("host").asText());
            assertTrue(refused.body().path("detail").asText().contains("resolves to an address outside"),
                    refused.toString());
            assertEquals(201, api.storeMigration("moving", 2, "second", "CREATE TABLE second (id int);", null)
                    .status());
            Reply migrate = api.migrate("moving", Map.of());
            assertEquals(400, migrate.status(), migrate.toString());
            assertEquals("host-not-allowed", migrate.problemType());
            assertEquals(List.of("1"), new DatabaseInspector(pg, db).column("SELECT version FROM schema_migrations"));
        } finally {
            Files.deleteIfExists(hosts);
            pg.dropDatabase(db);
        }
    }

    /**
     * Status calls until the pool has closed its idle connection and must open a new one: 3 s apart, as a call every
     * second would keep the connection from ever being idle for the 1 s of the idle timeout.
     */
    private static Reply untilRefused(CairnClient api) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Reply status = api.get("/repos/moving/status");
            if (status.status() != 200) {
                assertEquals(400, status.status(), status.toString());
                return status;
            }
            Thread.sleep(3000);
        }
        return fail("the status stayed 200 with pg.test resolving outside the allowed hosts");
    }
}
