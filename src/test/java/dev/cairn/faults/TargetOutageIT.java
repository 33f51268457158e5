package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnClient.Reply;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.ControlledPostgres;
import dev.cairn.testing.FreePorts;
import dev.cairn.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The target database goes away: stopped in the middle of a run, down when a run starts, restarted between runs.
 * Each caller gets a 503 problem quickly, Cairn itself stays ready, and the next run succeeds once the database
 * is back.
 */
class TargetOutageIT {

    /** The bound the README promises: connect timeout (2 s here) plus a margin for a loaded CI machine. */
    static final long MAX_MILLIS_TO_503 = 15_000;
    static final long FIRST = 20240101000001L, SECOND = 20240101000002L;

    static ControlledPostgres pg;
    static CairnProcess cairn;
    static CairnClient api;
    final ExecutorService caller = Executors.newSingleThreadExecutor();
    TestServer server;
    String db, repo;
    TargetDb target;

    @BeforeAll
    static void startBoth() {
        pg = ControlledPostgres.start();
        cairn = CairnProcess.start("outage");
    }

    @AfterAll
    static void stopBoth() {
        if (cairn != null) {
            cairn.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void register() throws Exception {
        pg.startAgain();
        server = pg.server();
        db = server.createDatabase();
        target = new TargetDb(server, db);
        repo = "outage-" + db.substring(db.length() - 8);
        api = new CairnClient(cairn);
        assertEquals(201, api.registerRepo(repo, server, db).status());
        assertEquals(201, api.storeMigration(repo, FIRST, "create_first", "CREATE TABLE first (id int);",
                "DROP TABLE first;").status());
    }

    @AfterEach
    void drop() throws Exception {
        caller.shutdownNow();
        pg.thaw();
        pg.startAgain();
        api.delete("/repos/" + repo);
        server.dropDatabase(db);
    }

    @Test
    void databaseStoppedMidRunGivesA503AndTheNextRunSucceeds() throws Exception {
        assertEquals(201, api.storeMigration(repo, SECOND, "create_second",
                "CREATE TABLE second (id int);\nSELECT pg_sleep(30);", "DROP TABLE second;").status());
        Future<Reply> run = caller.submit(() -> api.migrate(repo, Map.of()));
        Await.until(Duration.ofSeconds(10), "the migration sleeping", () -> target.sessionsRunning("pg_sleep") == 1);

        long stopped = System.nanoTime();
        pg.stop();
        Reply failed = run.get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - stopped) / 1_000_000;
        System.out.printf("[faults] database stopped mid-run: 503 after %d ms: %s%n", millis, failed.body());
        assertUnavailable(failed);
        assertTrue(millis < MAX_MILLIS_TO_503, "503 within " + MAX_MILLIS_TO_503 + " ms, took " + millis);
        assertEquals(SECOND, failed.body().path("version").asLong(), "names the migration: " + failed);
        assertReady();

        Reply whileDown = api.migrate(repo, Map.of());
        System.out.printf("[faults] database down at the start of a run: 503 after %d ms: %s%n", whileDown.millis(),
                whileDown.body());
        assertUnavailable(whileDown);
        assertTrue(whileDown.millis() < MAX_MILLIS_TO_503, whileDown.toString());

        pg.startAgain();
        assertEquals(Set.of(FIRST), target.ledger(), "the first migration committed; the stopped one left no row");
        assertTrue(!target.tables().contains("second"), "the stopped migration was rolled back");
        assertEquals(200, api.replaceMigration(repo, SECOND, "create_second", "CREATE TABLE second (id int);",
                "DROP TABLE second;").status());
        Reply again = api.migrate(repo, Map.of());
        assertEquals(200, again.status(), again.toString());
        assertEquals(List.of(SECOND), RunReplies.versions(again, "applied"));
        assertEquals(Set.of(FIRST, SECOND), target.ledger());
    }

    @Test
    void databaseRestartedBetweenRunsIsNotNoticedByTheNextRun() throws Exception {
        assertEquals(200, api.migrate(repo, Map.of()).status()); // leaves idle connections in the pool
        pg.stop();
        pg.startAgain();
        Reply status = api.get("/repos/" + repo + "/status");
        assertEquals(200, status.status(), "a status call after the restart is answered too: " + status);
        assertEquals(201, api.storeMigration(repo, SECOND, "create_second", "CREATE TABLE second (id int);",
                "DROP TABLE second;").status());
        Reply run = api.migrate(repo, Map.of());
        assertEquals(200, run.status(), "stale pooled connections are replaced, not used: " + run);
        assertEquals(Set.of(FIRST, SECOND), target.ledger());
    }

    @Test
    void frozenDatabaseAtTheStartOfARunGivesA503WithinTheTimeouts() throws Exception {
        assertEquals(200, api.migrate(repo, Map.of()).status()); // leaves idle connections in the pool
        pg.freeze();
        try {
            Reply frozen = api.migrate(repo, Map.of());
            System.out.printf("[faults] database frozen (SIGSTOP) at the start of a run: 503 after %d ms: %s%n",
                    frozen.millis(), frozen.body());
            assertUnavailable(frozen);
            assertTrue(frozen.millis() < MAX_MILLIS_TO_503, frozen.toString());
            assertReady();
        } finally {
            pg.thaw();
        }
        assertEquals(201, api.storeMigration(repo, SECOND, "create_second", "CREATE TABLE second (id int);",
                "DROP TABLE second;").status());
        Reply thawed = api.migrate(repo, Map.of());
        assertEquals(200, thawed.status(), thawed.toString());
        assertEquals(Set.of(FIRST, SECOND), target.ledger());
    }

    @Test
    void unreachableAtTheStartOfARunGivesA503Quickly() throws Exception {
        assertEquals(201, api.post("/repos", Map.of("id", repo + "-nowhere", "username", "postgres",
                "url", "jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/app")).status());
        try {
            Reply refused = api.migrate(repo + "-nowhere", Map.of());
            System.out.printf("[faults] nothing listening: 503 after %d ms: %s%n", refused.millis(), refused.body());
            assertUnavailable(refused);
            assertTrue(refused.millis() < 5_000, refused.toString());
            Reply status = api.get("/repos/" + repo + "-nowhere/status");
            assertUnavailable(status);
            assertReady();
            Reply targets = api.get("/q/health/group/targets");
            assertEquals(503, targets.status(), "the targets group reports it: " + targets);
            assertEquals("DOWN", targets.body().path("checks").path(0).path("data").path(repo + "-nowhere").asText(),
                    targets.toString());
        } finally {
            api.delete("/repos/" + repo + "-nowhere");
        }
    }

    private static void assertUnavailable(Reply reply) {
        assertEquals(503, reply.status(), reply.toString());
        assertTrue(reply.isProblem(), reply.toString());
        assertTrue(reply.problemType().startsWith("target-"), reply.toString());
        assertTrue(reply.body().path("detail").asText().length() > 20, "a detail that says what to do: " + reply);
    }

    private static void assertReady() {
        Reply ready = api.get("/q/health/ready");
        assertEquals(200, ready.status(), "Cairn itself stays ready while a target is down: " + ready);
    }
}
