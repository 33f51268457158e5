package dev.cairn.adopt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /repos/{id}/adopt}: a database migrated by another tool, its ledger written as that tool writes it,
 * is taken over (its applied migrations recorded, none run), and the rest migrates through Cairn.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class AdoptTest {

    private static final Map<String, Object> OWN_LEDGER = Map.of("ledgerTable", "cairn_migrations");

    @Test
    void golangMigrateKeepsOnlyItsCurrentVersionAndNeverItsTableTouched() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "gomigrate", OWN_LEDGER)) {
            storeThree(repo);
            repo.database.execute("CREATE TABLE t1 (id int); CREATE TABLE t2 (id int)");
            repo.database.execute("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY,"
                    + " dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, false)");
            adopt(repo, "{\"dryRun\": true}").statusCode(200).body("from", equalTo("golang-migrate"))
                    .body("adopted", equalTo(List.of(1, 2))).body("pending", equalTo(List.of(3)));
            assertEquals(List.of(), repo.ledger("cairn_migrations"), "a dry run writes nothing");
            adopt(repo, "{\"from\": \"auto\"}").statusCode(200).body("adopted", equalTo(List.of(1, 2)));
            assertEquals(List.of(1L, 2L), repo.ledger("cairn_migrations"));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version", equalTo(List.of(3)));
            assertEquals("2:false", repo.database.query("SELECT version || ':' || dirty FROM schema_migrations"));
            given().get("/repos/{id}/runs", repo.id).then().body("direction", org.hamcrest.Matchers.hasItem("adopt"));

            repo.database.execute("UPDATE schema_migrations SET dirty = true");
            adopt(repo, "{\"from\": \"golang-migrate\"}").statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:foreign-ledger-unclean"));
        }
    }

    @Test
    void aForeignLedgerUnderTheRepoLedgersNameIsRefusedWithTheWayOut() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "samename")) {
            storeThree(repo);
            repo.database.execute("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);"
                    + " INSERT INTO schema_migrations VALUES ('1')");
            adopt(repo, "{\"from\": \"dbmate\"}").statusCode(409).body("type", equalTo("urn:cairn:problem:foreign-ledger"))
                    .body("detail", org.hamcrest.Matchers.containsString("ledgerTable"));
            assertEquals(List.of("version"), repo.database.columns("public", "schema_migrations"));
        }
    }

    @Test
    void flywaysHistoryWithUndoAndAFailureIsReadAsFlywayWritesIt() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "flyway")) {
            storeThree(repo);
            repo.database.execute("CREATE TABLE t1 (id int); CREATE TABLE t2 (id int)");
            repo.database.execute("""
                    CREATE TABLE flyway_schema_history (installed_rank integer NOT NULL PRIMARY KEY,
                      version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
                      script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,
                      installed_on timestamp NOT NULL DEFAULT now(), execution_time integer NOT NULL,
                      success boolean NOT NULL);
                    INSERT INTO flyway_schema_history VALUES
                      (1, '1', 'create t1', 'SQL', 'V1__create_t1.sql', 1, 'ci', now(), 5, true),
                      (2, '2', 'create t2', 'SQL', 'V2__create_t2.sql', 2, 'ci', now(), 5, true),
                      (3, NULL, 'views', 'SQL', 'R__views.sql', 3, 'ci', now(), 5, true),
                      (4, '9', 'gone', 'SQL', 'V9__gone.sql', 9, 'ci', now(), 5, true)""");
            adopt(repo, "{\"from\": \"flyway\"}").statusCode(200).body("adopted", equalTo(List.of(1, 2)))
                    .body("notInStore", equalTo(List.of(9))).body("pending", equalTo(List.of(3)));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version", equalTo(List.of(3)));

            repo.database.execute("INSERT INTO flyway_schema_history VALUES (5, '10', 'broken', 'SQL',"
                    + " 'V10__broken.sql', 10, 'ci', now(), 5, false)");
            adopt(repo, "{\"from\": \"flyway\"}").statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:foreign-ledger-unclean"));
        }
    }

    @Test
    void gooseAndDieselLedgersOnMariaDb() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.mariadb(), "goose")) {
            storeThree(repo);
            repo.database.execute("CREATE TABLE goose_db_version (id serial, version_id bigint NOT NULL,"
                    + " is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now())");
            repo.database.execute("INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true),"
                    + " (1, true), (2, true), (2, false)");
            adopt(repo, "{}").statusCode(200).body("from", equalTo("goose")).body("adopted", equalTo(List.of(1)))
                    .body("pending", equalTo(List.of(2, 3)));
        }
        try (TargetRepo repo = TargetRepo.register(TestServers.mariadb(), "diesel")) {
            storeThree(repo);
            repo.database.execute("CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY,"
                    + " run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)");
            repo.database.execute("INSERT INTO __diesel_schema_migrations (version) VALUES ('1'), ('2')");
            adopt(repo, "{\"from\": \"diesel\"}").statusCode(200).body("adopted", equalTo(List.of(1, 2)));
            assertEquals(List.of(1L, 2L), repo.ledger());
        }
    }

    @Test
    void aBaselineMarksEveryStoredVersionUpToItApplied() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "baseline")) {
            storeThree(repo);
            repo.database.execute("CREATE TABLE t1 (id int); CREATE TABLE t2 (id int)");
            adopt(repo, "{\"baseline\": 2}").statusCode(200).body("from", equalTo("baseline"))
                    .body("adopted", equalTo(List.of(1, 2)));
            adopt(repo, "{\"baseline\": 2}").statusCode(200).body("adopted", equalTo(List.of()))
                    .body("alreadyApplied", equalTo(List.of(1, 2)));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version", equalTo(List.of(3)));
            assertTrue(repo.tableExists("t3"));
            adopt(repo, "{\"baseline\": 1, \"from\": \"flyway\"}").statusCode(400);
            adopt(repo, "{\"from\": \"liquibase\"}").statusCode(400).body("field", equalTo("from"));
            adopt(repo, "{}").statusCode(409).body("type", equalTo("urn:cairn:problem:foreign-ledger-missing"));
        }
    }

    private static void storeThree(TargetRepo repo) {
        for (int v = 1; v <= 3; v++) {
            repo.store(v, "create_t" + v, "CREATE TABLE t" + v + " (id int);", "DROP TABLE t" + v + ";");
        }
    }

    private static ValidatableResponse adopt(TargetRepo repo, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/repos/{id}/adopt", repo.id).then();
    }
}
