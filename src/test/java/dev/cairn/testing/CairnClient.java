package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP calls to a running Cairn, safe to use from many threads at once (RestAssured is not). Every answer is kept
 * whole, with how long it took, so fault tests can assert on the status, the problem document and the timing.
 */
public final class CairnClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public CairnClient(String base) {
        this(base, null);
    }

    /** Calls that send {@code Authorization: Bearer <token>}, for a Cairn with authentication on. */
    public CairnClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public CairnClient(CairnProcess cairn) {
        this(cairn.url());
    }

    /** One answer. {@code body} is a MissingNode when the body is empty or not JSON. */
    public record Reply(int status, String contentType, JsonNode body, long millis) {

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        /** The problem's slug, e.g. {@code run-in-progress} for {@code urn:cairn:problem:run-in-progress}. */
        public String problemType() {
            return body.path("type").asText().replace("urn:cairn:problem:", "");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body + " (" + millis + " ms)";
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply post(String path, Object body) {
        return send(json(path).POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    public Reply put(String path, Object body) {
        return send(json(path).PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Registers a repo on a database without a password (the test servers trust local logins). */
    public Reply registerRepo(String id, TestServer server, String database) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("url", server.url(database));
        body.put("username", server.user());
        return post("/repos", body);
    }

    public Reply storeMigration(String repo, long version, String name, String up, String down) {
        return post("/repos/" + repo + "/migrations", migration(version, name, up, down));
    }

    public Reply replaceMigration(String repo, long version, String name, String up, String down) {
        return put("/repos/" + repo + "/migrations/" + version, migration(version, name, up, down));
    }

    public Reply migrate(String repo, Map<String, Object> body) {
        return post("/repos/" + repo + "/migrate", body);
    }

    public Reply rollback(String repo, Map<String, Object> body) {
        return post("/repos/" + repo + "/rollback", body);
    }

    private static Map<String, Object> migration(long version, String name, String up, String down) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("name", name);
        body.put("up", up);
        if (down != null) {
            body.put("down", down);
        }
        return body;
    }

    private HttpRequest.Builder json(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Reply send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            String type = response.headers().firstValue("Content-Type").orElse("");
            return new Reply(response.statusCode(), type, parse(response.body()), millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
