package dev.cairn.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.store.StoreFolder;
import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A recognisable password goes through every endpoint, including failures (unreachable host, wrong password);
 * it must not appear in any response, log line or store file.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class SecretsNeverLeakTest {

    static final String CANARY = "Canary-Pw-5b8e0f-" + UUID.randomUUID();

    @Inject
    StoreFolder store;

    final List<Response> responses = new ArrayList<>();

    @Test
    void theCanaryPasswordAppearsNowhere() throws Exception {
        TestServer postgres = TestServers.postgres();
        TestServer mariadb = TestServers.mariadb();
        String db = postgres.createDatabase();
        String user = "cairn_leak_" + UUID.randomUUID().toString().substring(0, 8);
        String mdb = mariadb.createDatabase();
        mariadb.admin("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'the-right-one'");
        mariadb.admin("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'the-right-one'");
        try {
            register("works", postgres.url(db), postgres.user()); // trust auth: the password is sent, then ignored
            register("unreachable", "jdbc:postgresql://127.0.0.1:1/nowhere", "app");
            register("wrongpw", mariadb.url(mdb), user);
            for (String id : List.of("works", "unreachable", "wrongpw")) {
                exercise(id);
            }
            assertEquals(200, responses.get(responses.size() - 1).statusCode());
            assertTrue(responses.stream().anyMatch(r -> r.statusCode() == 503
                    && r.asString().contains("target-auth-failed")), "the wrong password was refused");

            List<String> leaks = new ArrayList<>();
            for (Response r : responses) {
                if (r.asString().contains(CANARY) || r.headers().toString().contains(CANARY)) {
                    leaks.add("response: " + r.asString());
                }
            }
            try (Stream<Path> files = Files.walk(store.root())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (Files.readString(f, StandardCharsets.ISO_8859_1).contains(CANARY)) {
                        leaks.add("store file: " + f);
                    }
                }
            }
            Path log = Path.of("target/cairn-test.log");
            assertTrue(Files.exists(log), "the test log is written");
            if (Files.readString(log, StandardCharsets.ISO_8859_1).contains(CANARY)) {
                leaks.add("log: " + log);
            }
            assertEquals(List.of(), leaks);
        } finally {
            for (String id : List.of("works", "unreachable", "wrongpw")) {
                given().delete("/repos/" + id);
            }
            mariadb.admin("DROP USER IF EXISTS '" + user + "'@'%'");
            mariadb.admin("DROP USER IF EXISTS '" + user + "'@'localhost'");
            mariadb.dropDatabase(mdb);
            postgres.dropDatabase(db);
        }
    }

    private void register(String id, String url, String username) {
        responses.add(given().contentType("application/json")
                .body(Map.of("id", id, "url", url, "username", username, "password", CANARY)).post("/repos"));
        responses.add(given().contentType("application/json")
                .body(Map.of("id", id, "url", url, "username", username, "password", CANARY)).put("/repos/" + id));
    }

    private void exercise(String id) {
        String base = "/repos/" + id;
        responses.add(given().contentType("application/json")
                .body(Map.of("version", 1, "name", "one", "up", "CREATE TABLE one (id int);", "down", "DROP TABLE one;"))
                .post(base + "/migrations"));
        responses.add(given().get("/repos"));
        responses.add(given().get(base));
        responses.add(given().get(base + "/migrations"));
        responses.add(given().get(base + "/migrations/1"));
        responses.add(given().contentType("application/json").body("{\"dryRun\": true}").post(base + "/migrate"));
        responses.add(given().post(base + "/migrate"));
        responses.add(given().get(base + "/status"));
        responses.add(given().post(base + "/rollback"));
        responses.add(given().contentType("application/json").body("{\"version\": 1, \"as\": \"applied\"}")
                .post(base + "/resolve"));
        responses.add(given().delete(base + "/migrations/1"));
        responses.add(given().get(base + "/runs"));
        responses.add(given().get("/q/health/group/targets"));
        responses.add(given().get("/q/health"));
    }
}
