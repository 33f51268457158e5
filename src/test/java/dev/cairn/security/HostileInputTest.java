package dev.cairn.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.store.StoreFolder;
import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of malformed or hostile requests: each gets a 4xx problem document, nothing lands outside the store,
 * and no database changes.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class HostileInputTest {

    static final List<String> BAD_IDS = List.of("..", "%2e%2e", "..%2f..%2fetc", "%2e%2e%2f%2e%2e", "a%00b", "%00",
            "UPPER", "x%3Bdrop", "-lead", "a%20b", "%27%20or%201%3D1--", "x%22%3B", "%252e%252e",
            "a".repeat(64), "%C3%A9t%C3%A9", "..%5c..%5cwindows");
    // ".." and "%2e%2e" are not here: HTTP resolves dot-segments before routing (…/migrations/.. is …/{id}).
    static final List<String> BAD_VERSIONS = List.of("abc", "-1", "1.5", "99999999999999999999", "1e9",
            "%00", "0x10", "%20", "%2F");
    static final List<String> BAD_RUN_BODIES = List.of("{", "[]", "null", "\"all\"", "{\"step\":-1}", "{\"step\":0}",
            "{\"step\":1.5}", "{\"step\":\"two\"}", "{\"step\":1e400}", "{\"to\":-5}", "{\"to\":\"latest\"}",
            "{\"to\":99999999999999999999999}", "{\"all\":false}", "{\"all\":\"yes\"}", "{\"step\":1,\"to\":2}",
            "{\"step\":1,\"all\":true}", "{\"waitSeconds\":-1}", "{\"waitSeconds\":99999}", "{\"dryRun\":\"maybe\"}",
            "{\"direction\":\"sideways\"}", "{\"step\":1}{\"step\":2}", "{\"step\":null,\"to\":1,\"all\":true}",
            "{\"step\":[1]}", "{\"\\u0000\":1}");
    static final List<String> BAD_REPO_BODIES = List.of("{", "{}", "{\"id\":\"x\"}", "{\"id\":5,\"url\":\"jdbc:postgresql://h/d\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:oracle:thin:@h\"}", "{\"id\":\"x\",\"url\":\"file:///etc/passwd\"}",
            "{\"id\":\"../x\",\"url\":\"jdbc:postgresql://h/d\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"prefix\":\"a\\\"; DROP SCHEMA public; --\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"prefix\":\"1abc\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"prefix\":\"\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d?password=leak\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"password\":\"p\",\"passwordEnv\":\"P\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"passwordEnv\":\"$(rm -rf /)\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"passwordEnv\":\"CAIRN_SECRET_KEY\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"passwordEnv\":\"quarkus_datasource_password\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"labels\":[1]}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"createSchema\":\"sure\"}",
            "{\"id\":\"x\",\"url\":\"jdbc:postgresql://h/d\",\"role\":\"admin\"}");
    static final List<String> BAD_MIGRATION_BODIES = List.of("{", "{}", "{\"name\":\"ok\"}",
            "{\"name\":\"../../etc/cron.d/x\",\"up\":\"SELECT 1\"}", "{\"name\":\"Bad Name\",\"up\":\"SELECT 1\"}",
            "{\"name\":\"ok\",\"up\":null}", "{\"name\":\"ok\",\"down\":\"DROP TABLE t\"}",
            "{\"name\":\"ok\",\"up\":5}", "{\"name\":\"ok\",\"up\":\"SELECT 1\",\"version\":-3}",
            "{\"name\":\"ok\",\"up\":\"SELECT 1\",\"version\":\"v2\"}",
            "{\"name\":\"ok\",\"up\":\"SELECT 1\",\"version\":99999999999999999999}",
            "{\"name\":\"ok\",\"up\":\"SELECT 1\",\"transaction\":\"no\"}", "{\"name\":\"a\\u0000b\",\"up\":\"SELECT 1\"}",
            "{\"name\":\"" + "n".repeat(101) + "\",\"up\":\"SELECT 1\"}");

    @Inject
    StoreFolder store;

    @TestHTTPResource("/")
    URL base;

    final HttpClient http = HttpClient.newHttpClient();

    final TestServer server = TestServers.postgres();
    String db;

    @BeforeEach
    void repo() {
        db = server.createDatabase();
        given().contentType("application/json").body(Map.of("id", "target", "url", server.url(db), "username",
                server.user())).put("/repos/target").then().statusCode(200);
    }

    @AfterEach
    void drop() {
        given().delete("/repos/target").then().statusCode(204);
        server.dropDatabase(db);
    }

    @Test
    void everyHostileRequestIsA4xxProblemAndChangesNothing() throws Exception {
        List<String> storeBefore = listing(store.root());
        List<String> tablesBefore = tables();
        List<Answer> answers = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (String id : BAD_IDS) {
            for (String[] call : new String[][] {{"GET", "/status"}, {"POST", "/migrate"}, {"POST", "/migrations"},
                    {"GET", ""}, {"DELETE", ""}}) {
                send(answers, described, call[0], "/repos/" + id + call[1], "application/json", "{}");
            }
        }
        for (String v : BAD_VERSIONS) {
            send(answers, described, "GET", "/repos/target/migrations/" + v, null, null);
            send(answers, described, "DELETE", "/repos/target/migrations/" + v, null, null);
            send(answers, described, "PUT", "/repos/target/migrations/" + v, "application/json",
                    "{\"name\":\"x\",\"up\":\"SELECT 1\"}");
            send(answers, described, "POST", "/repos/target/migrations?name=ok&version=" + v, "application/sql",
                    "-- migrate:up\nSELECT 1;");
        }
        for (String body : BAD_RUN_BODIES) {
            send(answers, described, "POST", "/repos/target/migrate", "application/json", body);
            send(answers, described, "POST", "/repos/target/rollback", "application/json", body);
            send(answers, described, "POST", "/repos/target/resolve", "application/json", body);
        }
        for (String body : BAD_REPO_BODIES) {
            send(answers, described, "POST", "/repos", "application/json", body);
            send(answers, described, "PUT", "/repos/target2", "application/json", body);
        }
        for (String body : BAD_MIGRATION_BODIES) {
            send(answers, described, "POST", "/repos/target/migrations", "application/json", body);
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "image/png",
                "application/json; charset=ebcdic", "garbage/", ";;")) {
            send(answers, described, "POST", "/repos", type, "id=x");
            send(answers, described, "POST", "/repos/target/migrations", type, "name=x");
        }
        send(answers, described, "POST", "/repos/target/migrations?name=ok", "application/sql", "SELECT 1; -- no markers");
        send(answers, described, "POST", "/repos/target/migrations?name=Bad!", "application/sql", "-- migrate:up\nSELECT 1;");
        send(answers, described, "POST", "/repos/target/migrations", "application/sql", "-- migrate:up\nSELECT 1;");
        for (String method : List.of("PATCH", "PUT", "DELETE")) {
            send(answers, described, method, "/repos/target/status", "application/json", "{}");
            send(answers, described, method, "/repos/target/migrate", "application/json", "{}");
        }
        String tenMegabytes = "{\"name\":\"big\",\"up\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        send(answers, described, "POST", "/repos/target/migrations", "application/json", tenMegabytes);
        send(answers, described, "POST", "/repos", "application/json", tenMegabytes);

        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer r = answers.get(i);
            if (r.status() < 400 || r.status() >= 500 || !r.contentType().startsWith("application/problem+json")) {
                wrong.add(described.get(i) + " -> " + r.status() + " " + r.contentType());
            }
        }
        assertEquals(List.of(), wrong, "every hostile request must be a 4xx problem");
        assertEquals(true, answers.size() >= 200, "sent " + answers.size());
        assertEquals(storeBefore, listing(store.root()), "the store is unchanged");
        try (Stream<Path> near = Files.list(store.root().getParent())) {
            assertEquals(List.of(), near.filter(p -> p.getFileName().toString().matches(".*(etc|cron|passwd|windows).*"))
                    .toList(), "nothing written beside the store");
        }
        assertEquals(tablesBefore, tables(), "the target database is unchanged");
    }

    /** Raw HTTP, so nothing on the client side tidies the hostile parts away. */
    private void send(List<Answer> answers, List<String> described, String method, String path, String type,
                      String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        answers.add(new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse("")));
        described.add(method + " " + path + " [" + type + "] " + (body == null ? "" : body.substring(0,
                Math.min(60, body.length()))));
    }

    record Answer(int status, String contentType) {}

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(Path::toString).filter(p -> !p.contains("/.cairn/runs")).sorted().toList();
        }
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                        + "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
