package dev.cairn.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.store.StoreFolder;
import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad requests get a 4xx problem document and touch nothing. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class BadInputTest {

    @Inject
    StoreFolder store;

    @BeforeEach
    void repo() {
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "bad", "url", TestServers.postgres().url("postgres"), "username", "nobody"))
                .put("/repos/bad").then().statusCode(200);
    }

    static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("title", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void malformedAndMistypedJson() {
        problem(given().contentType(ContentType.JSON).body("{\"id\": ").post("/repos").then(), 400)
                .body("type", containsString("malformed-json"));
        problem(given().contentType(ContentType.JSON).body("{\"id\": 5, \"url\": []}").post("/repos").then(), 400);
        problem(given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"up\": \"SELECT 1\", \"version\": \"v1\"}")
                .post("/repos/bad/migrations").then(), 400).body("field", equalTo("version"));
        problem(given().contentType(ContentType.JSON).body("{\"step\": -1}").post("/repos/bad/migrate").then(), 400);
        problem(given().contentType(ContentType.JSON).body("{\"step\": 0}").post("/repos/bad/rollback").then(), 400);
        problem(given().contentType(ContentType.JSON).body("{\"step\": 1, \"to\": 5}").post("/repos/bad/rollback").then(), 400);
        problem(given().contentType(ContentType.JSON).body("{\"to\": \"latest\"}").post("/repos/bad/migrate").then(), 400);
        problem(given().contentType(ContentType.JSON).body("{\"all\": false}").post("/repos/bad/rollback").then(), 400);
        problem(given().contentType(ContentType.JSON).body("{\"version\": 99999999999999999999}")
                .post("/repos/bad/resolve").then(), 400);
    }

    @Test
    void wrongContentTypeAndMethod() {
        problem(given().contentType(ContentType.TEXT).body("hello").post("/repos").then(), 415);
        problem(given().contentType(ContentType.XML).body("<a/>").post("/repos/bad/migrations").then(), 415);
        given().delete("/repos/bad/status").then().statusCode(greaterThanOrEqualTo(400)).statusCode(lessThan(500))
                .contentType("application/problem+json");
    }

    @Test
    void oversizedBodies() {
        String huge = "x".repeat(6 * 1024 * 1024);
        problem(given().contentType(ContentType.JSON).body("{\"name\":\"big\",\"up\":\"" + huge + "\"}")
                .post("/repos/bad/migrations").then(), 413);
    }

    @Test
    void traversalAndHostileIdentifiersNeverLeaveTheStore() throws IOException {
        List<String> before = listing();
        for (String id : List.of("..", "..%2F..%2Fetc", "%2e%2e", "a%00b", "UPPER", "x;drop", "-lead")) {
            given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                    .body(Map.of("name", "evil", "up", "SELECT 1"))
                    .post("/repos/" + id + "/migrations")
                    .then().statusCode(greaterThanOrEqualTo(400)).statusCode(lessThan(500));
        }
        problem(given().contentType(ContentType.JSON)
                .body(Map.of("id", "ok", "url", "jdbc:postgresql://h/db", "prefix", "x\"; DROP SCHEMA public; --"))
                .post("/repos").then(), 400).body("field", equalTo("prefix"));
        problem(given().contentType(ContentType.JSON).body(Map.of("name", "../../etc", "up", "SELECT 1"))
                .post("/repos/bad/migrations").then(), 400).body("field", equalTo("name"));
        problem(given().get("/repos/bad/migrations/..%2F..").then(), 400);
        problem(given().get("/repos/nope").then(), 404);
        assertEquals(before, listing());
        try (Stream<Path> near = Files.list(store.root().getParent())) {
            assertEquals(List.of(), near.filter(p -> p.getFileName().toString().contains("evil")).toList());
        }
    }

    @Test
    void unknownFieldsAreRefusedSoATypoNeverMigratesEverything() {
        problem(given().contentType(ContentType.JSON).body("{\"stpe\": 1}").post("/repos/bad/rollback").then(), 400)
                .body("field", equalTo("stpe"));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.walk(store.root())) {
            return files.map(Path::toString).sorted().toList();
        }
    }
}
