package dev.cairn.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code lockTimeout}, {@code lockRetries} and {@code statementTimeout}: a migration behind another session's lock
 * gives up quickly instead of queueing every query on the table behind it, tries again, and succeeds once the lock
 * is gone; a statement that runs too long is stopped.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class TimeoutsTest {

    @Test
    void aMigrationBehindALockGivesUpRetriesAndSucceedsOnceTheLockIsGone() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "retry")) {
            repo.database.execute("CREATE TABLE gate (id int)");
            repo.store(1, "alter_gate", "ALTER TABLE gate ADD COLUMN note text;", "ALTER TABLE gate DROP COLUMN note;");
            String body = "{\"lockTimeout\": \"200ms\", \"lockRetries\": 30}";
            given().contentType(ContentType.JSON).body("{\"dryRun\": true, \"lockTimeout\": \"200ms\"}")
                    .post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("sql", hasItem("SET lock_timeout = '200ms'"));
            CompletableFuture<JsonPath> run;
            try (Connection holder = repo.server.connect(repo.db)) {
                holder.setAutoCommit(false);
                try (Statement st = holder.createStatement()) {
                    st.execute("LOCK TABLE gate IN ACCESS SHARE MODE");
                }
                run = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body)
                        .post("/repos/{id}/migrate", repo.id).then().statusCode(200).extract().jsonPath());
                Thread.sleep(1_000);
                holder.commit();
            }
            JsonPath done = run.get(30, TimeUnit.SECONDS);
            int attempts = done.getInt("applied[0].attempts");
            assertTrue(attempts >= 2, "it gave up at least once while the lock was held: " + attempts);
            assertEquals(attempts - 1, done.getList("applied[0].retries").size());
            assertTrue(done.getString("applied[0].retries[0]").contains("lock timeout"), done.prettify());
            assertEquals(List.of("gate.id", "gate.note"), List.of(repo.database.query(
                    "SELECT string_agg('gate.' || column_name, ',' ORDER BY column_name) FROM information_schema"
                            + ".columns WHERE table_name = 'gate'").split(",")));
        }
    }

    @Test
    void withoutRetriesALockTimeoutFailsTheMigrationAtOnceAndLeavesNothing() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "noretry")) {
            repo.database.execute("CREATE TABLE gate (id int)");
            repo.store(1, "alter_gate", "ALTER TABLE gate ADD COLUMN note text;", "ALTER TABLE gate DROP COLUMN note;");
            try (Connection holder = repo.server.connect(repo.db)) {
                holder.setAutoCommit(false);
                try (Statement st = holder.createStatement()) {
                    st.execute("LOCK TABLE gate IN ACCESS SHARE MODE");
                }
                given().contentType(ContentType.JSON).body("{\"lockTimeout\": \"300ms\"}")
                        .post("/repos/{id}/migrate", repo.id).then().statusCode(422)
                        .body("type", equalTo("urn:cairn:problem:migration-failed")).body("sqlState", equalTo("55P03"))
                        .time(lessThan(5_000L));
                holder.rollback();
            }
            assertEquals(List.of(), repo.ledger());
        }
    }

    @Test
    void aStatementThatRunsTooLongIsStoppedOnBothEngines() throws Exception {
        try (TargetRepo pg = TargetRepo.register(TestServers.postgres(), "slowpg")) {
            pg.store(1, "slow", "SELECT pg_sleep(10);", "SELECT 1;");
            given().contentType(ContentType.JSON).body("{\"statementTimeout\": \"300ms\"}")
                    .post("/repos/{id}/migrate", pg.id).then().statusCode(422)
                    .body("databaseMessage", containsString("statement timeout")).time(lessThan(5_000L));
        }
        try (TargetRepo maria = TargetRepo.register(TestServers.mariadb(), "slowmaria")) {
            maria.store(1, "slow", "SELECT SLEEP(10);", "SELECT 1;");
            given().contentType(ContentType.JSON).body("{\"statementTimeout\": \"1s\"}")
                    .post("/repos/{id}/migrate", maria.id).then().statusCode(422).time(lessThan(8_000L));
            given().contentType(ContentType.JSON).body("{\"statementTimeout\": \"soon\"}")
                    .post("/repos/{id}/migrate", maria.id).then().statusCode(400)
                    .body("field", equalTo("statementTimeout"));
        }
    }
}
