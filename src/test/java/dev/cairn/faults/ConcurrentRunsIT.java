package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnClient.Reply;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fifty migrate and rollback calls at once on one repo, a few rounds: each caller gets a run (200) or a lock
 * timeout (409), and what the answers say was applied and reverted adds up to exactly the ledger and the schema.
 */
class ConcurrentRunsIT {

    static final int CALLERS = 50, ROUNDS = 3, MIGRATIONS = 6;
    static final long BASE = 20240101000000L;

    final TestServer server = TestServers.postgres();
    final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    final Random random = new Random(42); // a fixed mix, so a failure can be replayed
    String db;
    TargetDb target;
    CairnProcess cairn;
    CairnClient api;

    @BeforeEach
    void start() {
        db = server.createDatabase();
        target = new TargetDb(server, db);
        cairn = CairnProcess.start("concurrent");
        api = new CairnClient(cairn);
        assertEquals(201, api.registerRepo("app", server, db).status());
        for (int i = 1; i <= MIGRATIONS; i++) {
            // A short sleep keeps each run on the lock long enough for the others to queue behind it.
            assertEquals(201, api.storeMigration("app", BASE + i, "create_c" + i,
                    "CREATE TABLE c" + i + " (id int);\nSELECT pg_sleep(0.02);", "DROP TABLE c" + i + ";").status());
        }
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        if (cairn != null) {
            cairn.close();
        }
        server.dropDatabase(db);
    }

    @Test
    void mixedMigrateAndRollbackAddUpToTheLedger() throws Exception {
        RunReplies replies = new RunReplies();
        for (int round = 1; round <= ROUNDS; round++) {
            long started = System.nanoTime();
            for (Call call : round()) {
                replies.add(call.reply);
                if (call.reply.status() == 409) {
                    assertTrue(call.reply.millis() >= call.waitSeconds * 1000L - 100
                            && call.reply.millis() < call.waitSeconds * 1000L + 5000,
                            "a 409 comes after the caller's waitSeconds (" + call.waitSeconds + "): " + call.reply);
                }
            }
            Set<Long> applied = replies.applied();
            System.out.printf("[faults] round %d: %d runs, %d lock timeouts so far, %d applied, %d ms%n", round,
                    replies.done(), replies.busy(), applied.size(), (System.nanoTime() - started) / 1_000_000);
            assertEquals(applied, target.ledger(), "the answers add up to the ledger");
            assertEquals(tablesFor(applied), migrationTables(), "tables exist exactly for applied versions");
            assertEquals(0, target.dirtyMarks());
            assertEquals(0, target.advisoryLocks(), "no run lock left behind");
        }
        assertTrue(replies.busy() > 0, "some callers timed out on the lock, so the 409 path ran too");
        assertTrue(replies.done() > replies.busy(), "most callers got a run");
    }

    record Call(int waitSeconds, Reply reply) {}

    /** Fifty callers released at once: half migrate, half roll back, one or two steps, waiting 0 to 3 s. */
    private List<Call> round() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Call>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            int wait = random.nextInt(4);
            Map<String, Object> body = Map.of("step", 1 + random.nextInt(2), "waitSeconds", wait);
            boolean up = i % 2 == 0;
            calls.add(callers.submit(() -> {
                go.await();
                return new Call(wait, up ? api.migrate("app", body) : api.rollback("app", body));
            }));
        }
        go.countDown();
        List<Call> done = new ArrayList<>();
        for (Future<Call> call : calls) {
            done.add(call.get(60, TimeUnit.SECONDS)); // every caller answered, none left hanging
        }
        return done;
    }

    private Set<String> migrationTables() throws Exception {
        Set<String> tables = new TreeSet<>(target.tables());
        tables.removeAll(Set.of("schema_migrations", "cairn_progress"));
        return tables;
    }

    private static Set<String> tablesFor(Set<Long> versions) {
        Set<String> tables = new TreeSet<>();
        versions.forEach(v -> tables.add("c" + (v - BASE)));
        return tables;
    }
}
