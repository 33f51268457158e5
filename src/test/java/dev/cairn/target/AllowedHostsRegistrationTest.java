package dev.cairn.target;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code cairn.targets.allowed-hosts} set, a registration may point only at the hosts it admits: anything else,
 * however it is spelt, is a 400 naming the host, answered before Cairn opens any connection, so an admin token
 * cannot use Cairn to probe its network.
 */
@QuarkusTest
@TestProfile(AllowedHostsRegistrationTest.Rules.class)
@QuarkusTestResource(CairnTestResource.class)
class AllowedHostsRegistrationTest {

    public static class Rules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cairn.targets.allowed-hosts", "127.0.0.0/8,::1,*.db.test");
        }
    }

    @Test
    void hostsOutsideTheRulesAreRefusedAtRegistrationInEverySpelling() {
        for (String host : List.of("10.1.2.3", "169.254.169.254", "[fd00::1]", "[::ffff:10.1.2.3]", "167772161",
                "no-such-host.invalid", "db.test")) {
            given().contentType(ContentType.JSON).body(Map.of("id", "scan", "url",
                            "jdbc:postgresql://" + host + ":5432/app", "username", "app"))
                    .post("/repos").then().statusCode(400).time(lessThan(3000L))
                    .body("type", equalTo("urn:cairn:problem:host-not-allowed")).body("field", equalTo("url"))
                    .body("detail", containsString("cairn.targets.allowed-hosts"));
        }
        given().contentType(ContentType.JSON).body(Map.of("url", "jdbc:mariadb://127.0.0.1:3306,10.0.0.9:3306/app"))
                .put("/repos/scan").then().statusCode(400).body("host", equalTo("10.0.0.9"));
        given().get("/repos/scan").then().statusCode(404);
    }

    @Test
    void hostsInsideTheRulesRegisterAndMigrate() throws SQLException {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        for (String host : List.of("127.0.0.1", "localhost", "2130706433", "pg-1.db.test")) {
            given().contentType(ContentType.JSON).body(Map.of("id", "inside", "url",
                            pg.url(db).replaceFirst("//[^:/]+", "//" + host), "username", pg.user()))
                    .post("/repos").then().statusCode(201);
            given().delete("/repos/inside").then().statusCode(204);
        }
        given().contentType(ContentType.JSON).body(Map.of("id", "inside", "url",
                        pg.url(db).replaceFirst("//[^:/]+", "//localhost"), "username", pg.user()))
                .post("/repos").then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("version", 1, "name", "inside", "up", "CREATE TABLE t (id int);"))
                .post("/repos/inside/migrations").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{}").post("/repos/inside/migrate").then().statusCode(200);
        assertTrue(new DatabaseInspector(pg, db).tableExists("public", "t"));
        given().delete("/repos/inside").then().statusCode(204);
        pg.dropDatabase(db);
    }
}
