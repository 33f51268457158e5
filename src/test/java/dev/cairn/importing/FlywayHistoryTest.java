package dev.cairn.importing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Flyway history with dotted versions (V1, V1.1, V1_2, V1.10, V2): imported in Flyway's part-by-part order, and
 * a database Flyway migrated adopted under the same versions.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class FlywayHistoryTest {

    private static final List<Long> VERSIONS = List.of(1_000_000_000L, 1_001_000_000L, 1_002_000_000L,
            1_010_000_000L, 2_000_000_000L);

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void dottedVersionsImportInFlywaysOrderAndAFlywayDatabaseIsAdopted(TestServer.Kind kind) throws Exception {
        TestServer server = kind == TestServer.Kind.POSTGRESQL ? TestServers.postgres() : TestServers.mariadb();
        try (TargetRepo repo = TargetRepo.register(server, "flywaydots")) {
            given().contentType("application/zip").body(new Archives()
                            .file("db/migration/V1__init.sql", "CREATE TABLE t1 (id int);")
                            .file("db/migration/V1.1__add_t11.sql", "CREATE TABLE t11 (id int);")
                            .file("db/migration/V1_2__add_t12.sql", "CREATE TABLE t12 (id int);")
                            .file("db/migration/V1.10__add_t110.sql", "CREATE TABLE t110 (id int);")
                            .file("db/migration/U1.10__add_t110.sql", "DROP TABLE t110;")
                            .file("db/migration/V2__Add_t2.sql", "CREATE TABLE t2 (id int);")
                            .zip())
                    .post("/repos/{id}/import", repo.id).then().statusCode(201).body("layout", equalTo("flyway"))
                    .body("imported.version.collect { it as Long }", equalTo(VERSIONS));

            repo.database.execute("CREATE TABLE flyway_schema_history (installed_rank integer NOT NULL PRIMARY KEY,"
                    + " version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,"
                    + " script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL,"
                    + " installed_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time integer NOT NULL,"
                    + " success boolean NOT NULL)");
            repo.database.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                    + " script, checksum, installed_by, execution_time, success) VALUES"
                    + " (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'ci', 5, true),"
                    + " (2, '1.1', 'add t11', 'SQL', 'V1.1__add_t11.sql', 2, 'ci', 5, true),"
                    + " (3, '1.2', 'add t12', 'SQL', 'V1_2__add_t12.sql', 3, 'ci', 5, true)");
            repo.database.execute("CREATE TABLE t1 (id int)");
            repo.database.execute("CREATE TABLE t11 (id int)");
            repo.database.execute("CREATE TABLE t12 (id int)");
            given().contentType(ContentType.JSON).body("{}").post("/repos/{id}/adopt", repo.id).then()
                    .statusCode(200).body("from", equalTo("flyway"))
                    .body("adopted.collect { it as Long }", equalTo(VERSIONS.subList(0, 3)))
                    .body("notInStore", equalTo(List.of()));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version.collect { it as Long }", equalTo(VERSIONS.subList(3, 5)));
            assertEquals(VERSIONS, repo.ledger());
            assertTrue(repo.tableExists("t110") && repo.tableExists("t2"));
            given().contentType(ContentType.JSON).body("{\"to\": 1010000000}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(409).body("type", equalTo("urn:cairn:problem:no-down-script"))
                    .body("version", equalTo(2_000_000_000));
            assertFalse(repo.ledger().isEmpty());
        }
    }
}
