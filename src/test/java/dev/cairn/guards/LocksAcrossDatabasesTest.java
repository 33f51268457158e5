package dev.cairn.guards;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README, "Serialised per database": runs on different databases proceed in parallel, and dry runs take no lock.
 * The test holds a table lock that database A's migration needs, so A's run sits inside its run lock for as long as
 * the test wants, with no sleep standing in for "long enough". Everything asserted about B and about A's dry run
 * happens while that lock is provably held (a real run on A is refused).
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class LocksAcrossDatabasesTest {

    @TestHTTPResource("/")
    URL cairn;

    @Test
    void aRunBlockedInsideItsLockHoldsUpNeitherAnotherDatabaseNorADryRun() throws Exception {
        try (TargetRepo a = TargetRepo.register(TestServers.postgres(), "lock-a");
             TargetRepo b = TargetRepo.register(TestServers.postgres(), "lock-b");
             Connection gatekeeper = a.server.connect(a.db)) {
            a.database.execute("CREATE TABLE gate (id int)");
            a.store(1, "through_the_gate", "INSERT INTO gate VALUES (1);\nCREATE TABLE a_done (id int);", null);
            b.store(1, "unhindered", "CREATE TABLE b_done (id int);", null);

            gatekeeper.setAutoCommit(false);
            try (Statement st = gatekeeper.createStatement()) {
                st.execute("LOCK TABLE gate IN EXCLUSIVE MODE"); // INSERT waits for this until the test rolls back
            }
            CairnClient client = new CairnClient(cairn.toString().replaceAll("/$", ""));
            CompletableFuture<CairnClient.Reply> blocked = CompletableFuture.supplyAsync(
                    () -> client.migrate(a.id, Map.of()));
            awaitInsertWaitingOnGate(a);
            String runId = given().get("/repos/{id}/status", a.id).then().statusCode(200)
                    .extract().path("runInProgress.runId");
            assertNotNull(runId, "status shows A's run in progress");

            given().contentType(ContentType.JSON).body("{\"waitSeconds\": 0}").post("/repos/{id}/migrate", a.id)
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("urn:cairn:problem:run-in-progress")).body("heldBy", equalTo(runId));

            // Were runs serialised across databases, B would wait its 10 s behind A (which never ends) and get a 409.
            given().contentType(ContentType.JSON).body("{\"waitSeconds\": 10}").post("/repos/{id}/migrate", b.id)
                    .then().statusCode(200).body("applied.version", contains(1));
            assertEquals(List.of(1L), b.ledger());
            assertTrue(b.tableExists("b_done"));

            // A dry run that took the lock would wait the 30 s asked for and then answer 409.
            long started = System.nanoTime();
            given().contentType(ContentType.JSON).body("{\"dryRun\": true, \"waitSeconds\": 30}")
                    .post("/repos/{id}/migrate", a.id)
                    .then().statusCode(200).body("dryRun", equalTo(true)).body("plan.version", contains(1));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < 5_000, "the dry run answered at once, not after a lock wait: " + millis + " ms");

            assertFalse(blocked.isDone(), "A was still blocked on the gate throughout");
            assertEquals(List.of(), a.ledger());
            gatekeeper.rollback();
            CairnClient.Reply done = blocked.get(60, TimeUnit.SECONDS);
            assertEquals(200, done.status(), done.toString());
            assertEquals(List.of(1L), a.ledger());
        }
    }

    /** Polls pg_stat_activity until A's migration is inside its script and waiting for the test's table lock. */
    private static void awaitInsertWaitingOnGate(TargetRepo a) throws Exception {
        String waiting = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO gate%'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"1".equals(a.database.query(waiting))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("A's migration never reached the gate: "
                        + a.database.column("SELECT state || ' ' || coalesce(wait_event_type, '-') || ' ' || query"
                        + " FROM pg_stat_activity WHERE datname = current_database()"));
            }
            Thread.sleep(20);
        }
    }
}
