package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnClient.Reply;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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
 * Two Cairn processes, each with a store of its own holding the same scripts and a registration of the same
 * database, as in a blue/green deploy or two replicas: only the database lock keeps their runs apart.
 */
class TwoInstancesIT {

    static final int CALLS_EACH = 12, ROUNDS = 2, MIGRATIONS = 4;
    static final long BASE = 20240101000000L;

    static CairnProcess blue, green;
    static CairnClient blueApi, greenApi;
    final TestServer server = TestServers.postgres();
    final ExecutorService callers = Executors.newFixedThreadPool(2 * CALLS_EACH);
    final Random random = new Random(7);
    String db;
    TargetDb target;

    @BeforeAll
    static void startBoth() {
        blue = CairnProcess.start("blue");
        green = CairnProcess.start("green");
        blueApi = new CairnClient(blue);
        greenApi = new CairnClient(green);
    }

    @AfterAll
    static void stopBoth() {
        for (CairnProcess cairn : new CairnProcess[] {blue, green}) {
            if (cairn != null) {
                cairn.close();
            }
        }
    }

    @BeforeEach
    void register() {
        db = server.createDatabase();
        target = new TargetDb(server, db);
        for (CairnClient api : List.of(blueApi, greenApi)) {
            assertEquals(201, api.registerRepo(db, server, db).status());
        }
    }

    @AfterEach
    void drop() {
        callers.shutdownNow();
        for (CairnClient api : List.of(blueApi, greenApi)) {
            api.delete("/repos/" + db);
        }
        server.dropDatabase(db);
    }

    @Test
    void aRunOnOneInstanceHoldsOffTheOther() throws Exception {
        storeOnBoth(BASE + 1, "slow_table", "CREATE TABLE slow (id int);\nSELECT pg_sleep(2);", "DROP TABLE slow;");
        Future<Reply> blueRun = callers.submit(() -> blueApi.migrate(db, Map.of()));
        Await.until(Duration.ofSeconds(10), "blue's migration running", () -> target.sessionsRunning("pg_sleep") == 1);

        Reply refused = greenApi.migrate(db, Map.of("waitSeconds", 0));
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("run-in-progress", refused.problemType());
        assertTrue(refused.body().path("holder").asText().contains("PostgreSQL backend pid"),
                "names the other instance's session: " + refused);

        Reply waited = greenApi.migrate(db, Map.of("waitSeconds", 20));
        assertEquals(200, waited.status(), waited.toString());
        assertEquals(List.of(), RunReplies.versions(waited, "applied"), "green found nothing left to do");
        Reply blueDone = blueRun.get(30, TimeUnit.SECONDS);
        assertEquals(List.of(BASE + 1), RunReplies.versions(blueDone, "applied"));
        assertEquals(Set.of(BASE + 1), target.ledger());
    }

    @Test
    void concurrentCallsOnBothInstancesAreSerialised() throws Exception {
        for (int i = 1; i <= MIGRATIONS; i++) {
            storeOnBoth(BASE + i, "create_s" + i, "CREATE TABLE s" + i + " (id int);\nSELECT pg_sleep(0.05);",
                    "DROP TABLE s" + i + ";");
        }
        RunReplies replies = new RunReplies();
        for (int round = 1; round <= ROUNDS; round++) {
            for (Reply reply : round()) {
                replies.add(reply);
            }
            Set<Long> applied = replies.applied();
            System.out.printf("[faults] two instances, round %d: %d runs, %d lock timeouts, %d applied%n", round,
                    replies.done(), replies.busy(), applied.size());
            assertEquals(applied, target.ledger(), "nothing applied twice: the answers add up to the ledger");
            for (int i = 1; i <= MIGRATIONS; i++) {
                assertEquals(applied.contains(BASE + i), target.tables().contains("s" + i), "table s" + i);
            }
            assertEquals(0, target.advisoryLocks());
        }
    }

    /** Both instances called at once, each half migrate and half rollback. */
    private List<Reply> round() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 2 * CALLS_EACH; i++) {
            CairnClient api = i % 2 == 0 ? blueApi : greenApi;
            boolean up = (i / 2) % 2 == 0;
            Map<String, Object> body = Map.of("step", 1 + random.nextInt(2), "waitSeconds", 20);
            calls.add(callers.submit(() -> {
                go.await();
                return up ? api.migrate(db, body) : api.rollback(db, body);
            }));
        }
        go.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> call : calls) {
            replies.add(call.get(60, TimeUnit.SECONDS));
        }
        return replies;
    }

    private void storeOnBoth(long version, String name, String up, String down) {
        for (CairnClient api : List.of(blueApi, greenApi)) {
            assertEquals(201, api.storeMigration(db, version, name, up, down).status());
        }
    }
}
