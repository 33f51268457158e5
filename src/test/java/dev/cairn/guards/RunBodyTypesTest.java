package dev.cairn.guards;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * README, "Hostile input" and "Errors": a string where a number or boolean is expected is a 400 naming the field,
 * never quietly converted. Each value here would, converted, make a real run ({@code "step": "2"} applies the pending
 * migration, {@code "dryRun": "true"} read as false too), so the database shows whether the refusal came first.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class RunBodyTypesTest {

    TargetRepo repo;

    @BeforeEach
    void oneAppliedOnePending() throws Exception {
        repo = TargetRepo.register(TestServers.postgres(), "types");
        repo.store(1, "applied_one", "CREATE TABLE t1 (id int);", "DROP TABLE t1;");
        repo.store(2, "pending_two", "CREATE TABLE t2 (id int);", "DROP TABLE t2;");
        given().contentType(ContentType.JSON).body("{\"step\": 1}").post("/repos/{id}/migrate", repo.id)
                .then().statusCode(200);
        assertEquals(List.of(1L), repo.ledger());
    }

    @AfterEach
    void drop() {
        repo.close();
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource({"step, 2", "to, 5", "dryRun, true", "dryRun, false", "strictOrder, false", "waitSeconds, 0",
            "all, true"})
    void aQuotedScalarIsRefusedNamingItsFieldAndRunsNothing(String field, String value) throws Exception {
        String body = "{\"" + field + "\": \"" + value + "\"}";
        for (String call : List.of("migrate", "rollback")) {
            given().contentType(ContentType.JSON).body(body).post("/repos/{id}/" + call, repo.id)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("field", equalTo(field));
        }
        assertEquals(List.of(1L), repo.ledger(), "neither migrated nor rolled back");
        assertTrue(repo.tableExists("t1"));
        assertFalse(repo.tableExists("t2"));
    }
}
