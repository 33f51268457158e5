package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnClient.Reply;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cairn killed with SIGKILL while a migration runs, as the OOM killer or a node loss would: the run lock is free
 * at once, the migration left nothing behind (or, outside a transaction, an explicit dirty mark), and after a
 * restart Cairn carries on.
 */
class KilledDuringMigrationIT {

    static final long ACCOUNTS = 20240101000001L, SLOW = 20240101000002L;

    final TestServer server = TestServers.postgres();
    final ExecutorService caller = Executors.newSingleThreadExecutor();
    String db;
    TargetDb target;
    CairnProcess cairn;
    CairnClient api;

    @BeforeEach
    void start() {
        db = server.createDatabase();
        target = new TargetDb(server, db);
        cairn = CairnProcess.start("killed");
        api = new CairnClient(cairn);
        assertEquals(201, api.registerRepo("app", server, db).status());
        assertEquals(201, api.storeMigration("app", ACCOUNTS, "create_accounts",
                "CREATE TABLE accounts (id bigint PRIMARY KEY);", "DROP TABLE accounts;").status());
        assertEquals(200, api.migrate("app", Map.of()).status());
    }

    @AfterEach
    void stop() {
        caller.shutdownNow();
        if (cairn != null) {
            cairn.close();
        }
        server.dropDatabase(db);
    }

    @Test
    void killedInsideATransactionLeavesNothingAndNoLock() throws Exception {
        assertEquals(201, api.storeMigration("app", SLOW, "create_t",
                "CREATE TABLE t (id int);\nSELECT pg_sleep(30);", "DROP TABLE t;").status());
        killWhileSleeping();

        // The lock lived on the run's connection, which the server closed when the process died.
        long lockFreed = Await.until(Duration.ofSeconds(2), "advisory lock released", () -> target.advisoryLocks() == 0);
        // Cairn's connections ask the server to watch for a vanished client, so the orphaned migration is rolled
        // back within about a second instead of sleeping (and holding its locks) for the rest of its 30 s.
        long orphanGone = Await.until(Duration.ofSeconds(5), "orphaned migration ended",
                () -> target.sessionsRunning("pg_sleep") == 0);
        System.out.printf("[faults] after SIGKILL: advisory lock free in %d ms, orphaned migration gone in %d ms%n",
                lockFreed, orphanGone);
        assertEquals(Set.of(ACCOUNTS), target.ledger(), "no ledger row for the killed migration");
        assertEquals(Set.of("accounts", "cairn_progress", "schema_migrations"), target.tables(), "table t absent");
        assertEquals(0, target.dirtyMarks());

        cairn.restart();
        Reply status = api.get("/repos/app/status");
        assertEquals(200, status.status(), status.toString());
        assertEquals(1, status.body().path("pending").asInt(), status.toString());
        assertTrue(status.body().path("dirty").isMissingNode(), status.toString());

        // Not applied, so it may be replaced; a migration that sleeps 30 s has no place in a test suite.
        assertEquals(200, api.replaceMigration("app", SLOW, "create_t", "CREATE TABLE t (id int);",
                "DROP TABLE t;").status());
        Reply run = api.migrate("app", Map.of("waitSeconds", 0)); // any leftover lock would make this a 409
        assertEquals(200, run.status(), run.toString());
        assertEquals(List.of(SLOW), RunReplies.versions(run, "applied"));
        assertTrue(run.millis() < 2000, "a migrate after the restart does not wait: " + run);
        assertEquals(Set.of(ACCOUNTS, SLOW), target.ledger());
        assertTrue(target.tables().containsAll(Set.of("accounts", "t")));
        assertEquals(0, target.advisoryLocks(), "the run released its lock");
    }

    @Test
    void killedOutsideATransactionLeavesADirtyMarkToResolve() throws Exception {
        assertEquals(201, api.post("/repos/app/migrations", Map.of("version", SLOW, "name", "index_accounts",
                "transaction", false, "up", "CREATE TABLE audit (id int);\nSELECT pg_sleep(30);\n"
                        + "CREATE INDEX CONCURRENTLY audit_id ON audit (id);",
                "down", "DROP TABLE audit;")).status());
        killWhileSleeping();
        Await.until(Duration.ofSeconds(5), "orphaned migration ended", () -> target.sessionsRunning("pg_sleep") == 0);
        assertEquals(0, target.advisoryLocks());
        assertTrue(target.tables().contains("audit"), "the first statement committed on its own");
        assertEquals(1, target.dirtyMarks());

        cairn.restart();
        Reply status = api.get("/repos/app/status");
        assertEquals(SLOW, status.body().path("dirty").path("version").asLong(), status.toString());
        assertEquals(1, status.body().path("dirty").path("statementsDone").asInt(), status.toString());
        Reply refused = api.migrate("app", Map.of());
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("repo-dirty", refused.problemType());
        assertTrue(refused.body().path("detail").asText().contains("/resolve"), refused.toString());

        // The operator finishes the migration by hand, then tells Cairn.
        target.execute("CREATE INDEX audit_id ON audit (id)");
        Reply resolved = api.post("/repos/app/resolve", Map.of("version", SLOW, "as", "applied"));
        assertEquals(200, resolved.status(), resolved.toString());
        assertEquals(Set.of(ACCOUNTS, SLOW), target.ledger());
        assertEquals(0, target.dirtyMarks());
        Reply next = api.migrate("app", Map.of());
        assertEquals(200, next.status(), next.toString());
        assertEquals(List.of(), RunReplies.versions(next, "applied"));
    }

    /** Starts a migrate, waits until the database runs its pg_sleep, then SIGKILLs Cairn. */
    private void killWhileSleeping() throws Exception {
        Future<Reply> run = caller.submit(() -> api.migrate("app", Map.of()));
        Await.until(Duration.ofSeconds(10), "the slow migration sleeping", () -> target.sessionsRunning("pg_sleep") == 1);
        assertEquals(1, target.advisoryLocks(), "Cairn holds its run lock while the migration runs");
        cairn.kill();
        ExecutionException dropped = assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
        assertFalse(cairn.alive(), "killed: " + dropped.getCause());
    }
}
