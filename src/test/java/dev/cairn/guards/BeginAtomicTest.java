package dev.cairn.guards;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README, "Scripts run as written": SQL-standard function bodies ({@code BEGIN ATOMIC … END}, PostgreSQL 14+)
 * hold semicolons of their own, and a CASE inside one ends with an END that does not close the body. A splitter
 * that cut at either would send PostgreSQL half a function; the statement after the bodies shows it resumed
 * splitting in the right place.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class BeginAtomicTest {

    static final String UP = """
            CREATE TABLE sums (total int);
            CREATE FUNCTION add_ints(a int, b int) RETURNS int LANGUAGE SQL
            BEGIN ATOMIC
              SELECT a + b;
            END;
            CREATE FUNCTION sign_label(n int) RETURNS text LANGUAGE SQL
            BEGIN ATOMIC
              SELECT CASE WHEN n < 0 THEN 'negative' ELSE 'not negative' END;
            END;
            CREATE PROCEDURE record_sums(a int, b int) LANGUAGE SQL
            BEGIN ATOMIC
              INSERT INTO sums VALUES (add_ints(a, b));
              INSERT INTO sums VALUES (add_ints(a, b) * 2);
            END;
            CREATE TABLE after_bodies (id int);
            """;
    static final String DOWN = """
            DROP TABLE after_bodies;
            DROP PROCEDURE record_sums(int, int);
            DROP FUNCTION sign_label(int);
            DROP FUNCTION add_ints(int, int);
            DROP TABLE sums;
            """;

    @Test
    void functionBodiesMigrateWorkAndRollBack() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "atomic")) {
            repo.store(1, "sql_standard_bodies", UP, DOWN);

            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("status", equalTo("succeeded")).body("applied.version", contains(1));
            assertEquals(List.of(1L), repo.ledger());
            assertEquals("5", repo.database.query("SELECT add_ints(2, 3)"));
            assertEquals("negative", repo.database.query("SELECT sign_label(-4)"));
            repo.database.execute("CALL record_sums(1, 2)");
            assertEquals(List.of("3", "6"), repo.database.column("SELECT total FROM sums ORDER BY total"));
            assertTrue(repo.tableExists("after_bodies"), "the statement after the bodies ran too");

            given().post("/repos/{id}/rollback", repo.id).then().statusCode(200).body("reverted.version", contains(1));
            assertEquals(List.of(), repo.ledger());
            assertEquals(List.of(), repo.database.column("SELECT proname FROM pg_proc WHERE proname IN"
                    + " ('add_ints', 'sign_label', 'record_sums')"));
            assertFalse(repo.tableExists("sums"));
        }
    }
}
