package dev.cairn.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST/DELETE /repos/{id}/database} and each failure the Phoenix guide lists for {@code mix ecto.create},
 * against real roles on a PostgreSQL of this test's own (its pg_hba.conf is changed to demand a password).
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class DatabaseLifecycleTest {

    static EmbeddedPostgres server;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedPostgres.builder().start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE cannot_login NOLOGIN");
            st.execute("CREATE ROLE no_createdb LOGIN");
            st.execute("CREATE ROLE with_password LOGIN CREATEDB PASSWORD 'the-right-one'");
            Path hba;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            // First match wins: this one role must present a password, everyone else stays trusted.
            Files.writeString(hba, "host all with_password 127.0.0.1/32 scram-sha-256\n"
                    + "host all with_password ::1/128 scram-sha-256\n" + Files.readString(hba));
            st.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String url(String database) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    static void register(String id, String database, String username, String password) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "url", url(database), "username", username));
        if (password != null) {
            body.put("password", password);
        }
        given().contentType("application/json").body(body).put("/repos/" + id).then().statusCode(200);
    }

    static ValidatableResponse create(String id) {
        return given().post("/repos/" + id + "/database").then();
    }

    @Test
    void createsOnceThenSaysItExistsAndDropsOnlyWhenConfirmed() {
        register("lifecycle", "shop_db", "postgres", null);
        create("lifecycle").statusCode(201).body("created", equalTo(true)).body("database", equalTo("shop_db"));
        create("lifecycle").statusCode(200).body("created", equalTo(false)).body("detail", equalTo("already exists"));
        given().contentType("application/json").body(Map.of("version", 1, "name", "one", "up", "CREATE TABLE one (id int);"))
                .post("/repos/lifecycle/migrations").then().statusCode(201);
        given().post("/repos/lifecycle/migrate").then().statusCode(200);
        given().delete("/repos/lifecycle/database").then().statusCode(400).body("field", equalTo("confirm"));
        given().delete("/repos/lifecycle/database?confirm=other").then().statusCode(400);
        given().delete("/repos/lifecycle/database?confirm=lifecycle").then().statusCode(200).body("dropped", equalTo(true));
        given().delete("/repos/lifecycle/database?confirm=lifecycle").then().statusCode(200).body("dropped", equalTo(false));
        given().get("/repos/lifecycle/status").then().statusCode(503)
                .body("type", containsString("target-database-missing")).body("detail", containsString("/database"));
    }

    @Test
    void roleDoesNotExist() {
        register("no-role", "x_db", "ghost_role", null);
        create("no-role").statusCode(503).contentType("application/problem+json")
                .body("type", containsString("target-role-missing")).body("detail", containsString("CREATE ROLE"));
    }

    @Test
    void roleNotPermittedToLogIn() {
        register("no-login", "x_db", "cannot_login", null);
        create("no-login").statusCode(503).body("type", containsString("target-login-not-permitted"))
                .body("detail", containsString("ALTER ROLE"));
    }

    @Test
    void permissionDeniedToCreateDatabase() {
        register("no-createdb", "x_db", "no_createdb", null);
        create("no-createdb").statusCode(422).body("type", containsString("target-permission-denied"))
                .body("detail", containsString("CREATEDB"));
    }

    @Test
    void passwordAuthenticationFailed() {
        register("wrong-pw", "x_db", "with_password", "not-the-right-one");
        create("wrong-pw").statusCode(503).body("type", containsString("target-auth-failed"))
                .body("detail", containsString("password"));
        register("right-pw", "pw_db", "with_password", "the-right-one");
        create("right-pw").statusCode(201);
    }

    @Test
    void serverUnreachable() {
        given().contentType("application/json")
                .body(Map.of("id", "nowhere", "url", "jdbc:postgresql://127.0.0.1:1/x_db", "username", "postgres"))
                .put("/repos/nowhere").then().statusCode(200);
        create("nowhere").statusCode(503).body("type", containsString("target-unavailable"))
                .body("detail", containsString("reachable"));
    }
}
