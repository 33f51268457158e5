package dev.cairn.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.FreePorts;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a small HTTP receiver in the test: signed events, retries of a flaky receiver with the same
 * delivery id, a dead and a slow receiver that never slow a run down, and the deliveries at {@code GET /runs/{id}}.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
@TestProfile(WebhooksTest.Hooks.class)
class WebhooksTest {

    static final String SECRET = "hook-secret-3d91b7e0", OTHER_SECRET = "other-secret-a7c4";

    public static class Hooks implements QuarkusTestProfile {
        static final int PORT = FreePorts.next(), DEAD = FreePorts.next();

        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://127.0.0.1:" + PORT;
            return Map.ofEntries(
                    Map.entry("cairn.webhooks.all.url", base + "/all?token=t0k3n"),
                    Map.entry("cairn.webhooks.all.secret", SECRET),
                    Map.entry("cairn.webhooks.flaky.url", base + "/flaky"),
                    Map.entry("cairn.webhooks.flaky.events", "run-succeeded"),
                    Map.entry("cairn.webhooks.flaky.secret", OTHER_SECRET),
                    Map.entry("cairn.webhooks.flaky.backoff", "100ms"),
                    Map.entry("cairn.webhooks.failures.url", base + "/failures"),
                    Map.entry("cairn.webhooks.failures.events", "run-failed,run-cancelled"),
                    Map.entry("cairn.webhooks.failures.secret", OTHER_SECRET),
                    Map.entry("cairn.webhooks.dead.url", "http://127.0.0.1:" + DEAD + "/nobody"),
                    Map.entry("cairn.webhooks.dead.events", "run-succeeded"),
                    Map.entry("cairn.webhooks.dead.secret", OTHER_SECRET),
                    Map.entry("cairn.webhooks.dead.backoff", "100ms"),
                    Map.entry("cairn.webhooks.dead.retry-for", "1s"),
                    Map.entry("cairn.webhooks.slow.url", base + "/slow"),
                    Map.entry("cairn.webhooks.slow.events", "run-succeeded"),
                    Map.entry("cairn.webhooks.slow.secret", OTHER_SECRET),
                    Map.entry("cairn.webhooks.slow.timeout", "500ms"),
                    Map.entry("cairn.webhooks.slow.backoff", "100ms"),
                    Map.entry("cairn.webhooks.slow.retry-for", "1s"));
        }
    }

    record Received(String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    static HttpServer receiver;
    static final Queue<Received> received = new ConcurrentLinkedQueue<>();
    static final Map<String, AtomicInteger> flakyTries = new ConcurrentHashMap<>();

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Hooks.PORT), 16);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", WebhooksTest::receive);
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    private static void receive(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
        int status = 200;
        if (path.equals("/flaky")) {
            String delivery = exchange.getRequestHeaders().getFirst("X-Cairn-Delivery");
            status = flakyTries.computeIfAbsent(delivery, d -> new AtomicInteger()).incrementAndGet() < 3 ? 503 : 200;
        } else if (path.equals("/slow")) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Test
    void aRunsEndIsDeliveredSignedRetriedAndShownWithoutSlowingTheRun() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "hooked")) {
            repo.store(1, "one", "CREATE TABLE one (id int);", "DROP TABLE one;");
            String runId = given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .time(lessThan(3_000L), TimeUnit.MILLISECONDS).extract().path("runId");

            Received event = await(r -> r.path().equals("/all") && r.body().contains(runId));
            assertEquals("run-succeeded", event.header("X-Cairn-Event"));
            assertEquals("application/json", event.header("Content-Type"));
            assertEquals("sha256=" + hmac(SECRET, event.body()), event.header("X-Cairn-Signature"));
            JsonPath body = JsonPath.from(event.body());
            assertEquals("run-succeeded", body.getString("event"));
            assertEquals(event.header("X-Cairn-Delivery"), body.getString("deliveryId"));
            assertEquals(runId, body.getString("run.runId"));
            assertEquals(List.of(1), body.getList("run.applied.version"));

            JsonPath run = awaitRun(runId, r -> state(r, "flaky").equals("delivered")
                    && state(r, "dead").equals("failed") && state(r, "slow").equals("failed"));
            assertEquals("delivered", state(run, "all"));
            assertEquals(1, run.getInt("notifications.find { it.webhook == 'all' }.attempts"));
            assertEquals(200, run.getInt("notifications.find { it.webhook == 'all' }.lastStatus"));
            assertEquals("http://127.0.0.1:" + Hooks.PORT + "/…",
                    run.getString("notifications.find { it.webhook == 'all' }.url"), "no path, no token");
            assertEquals(3, run.getInt("notifications.find { it.webhook == 'flaky' }.attempts"));
            String flakyId = run.getString("notifications.find { it.webhook == 'flaky' }.deliveryId");
            List<Received> flaky = received.stream().filter(r -> flakyId.equals(r.header("X-Cairn-Delivery")))
                    .toList();
            assertEquals(3, flaky.size(), "the same delivery, tried three times");
            assertEquals(1, flaky.stream().map(Received::body).distinct().count(), "with the same signed body");
            assertTrue(run.getInt("notifications.find { it.webhook == 'dead' }.attempts") >= 2);
            assertEquals("could not connect", run.getString("notifications.find { it.webhook == 'dead' }.lastError"));
            assertEquals("no answer within 500 ms",
                    run.getString("notifications.find { it.webhook == 'slow' }.lastError"));
            assertNull(run.get("notifications.find { it.webhook == 'failures' }"), "not subscribed to successes");
        }
    }

    @Test
    void aFailedRunGoesToTheWebhooksThatAskedForFailures() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "hookfail")) {
            repo.store(1, "broken", "CREATE TABLE broken (id int); SELECT no_such_function();", "SELECT 1;");
            String runId = given().post("/repos/{id}/migrate", repo.id).then().statusCode(422).extract()
                    .path("runId");
            Received event = await(r -> r.path().equals("/failures") && r.body().contains(runId));
            assertEquals("run-failed", event.header("X-Cairn-Event"));
            assertEquals("sha256=" + hmac(OTHER_SECRET, event.body()), event.header("X-Cairn-Signature"));
            assertEquals("migration-failed", JsonPath.from(event.body()).getString("run.error.type"));
            assertFalse(received.stream().anyMatch(r -> r.path().equals("/flaky") && r.body().contains(runId)));
        }
    }

    @Test
    void aFleetRunsEndIsDeliveredAndShownOnTheFleetRun() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "hookfleet")) {
            repo.store(1, "one", "CREATE TABLE one (id int);", "DROP TABLE one;");
            String fleetRunId = given().contentType(ContentType.JSON)
                    .body(Map.of("selector", Map.of("ids", List.of(repo.id))))
                    .post("/fleet/migrate").then().statusCode(202).extract().path("fleetRunId");
            Received event = await(r -> r.path().equals("/all") && r.body().contains(fleetRunId)
                    && "fleet-finished".equals(r.header("X-Cairn-Event")));
            JsonPath body = JsonPath.from(event.body());
            assertEquals("succeeded", body.getString("fleetRun.status"));
            assertEquals(repo.id, body.getString("fleetRun.repos[0].repo"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String state = null;
            while (System.nanoTime() < deadline && !"delivered".equals(state)) {
                state = given().get("/fleet/runs/{id}", fleetRunId).then().statusCode(200).extract()
                        .path("notifications.find { it.webhook == 'all' }.status");
                Thread.sleep(50);
            }
            assertEquals("delivered", state);
        }
    }

    @Test
    void theSecretsAppearInNoLogLine() throws Exception {
        aFailedRunGoesToTheWebhooksThatAskedForFailures();
        Path log = Path.of("target/cairn-test.log");
        String text = Files.readString(log);
        assertTrue(text.contains("webhook all (http://127.0.0.1:" + Hooks.PORT + "/…)"), "the webhooks are named");
        assertFalse(text.contains(SECRET) || text.contains(OTHER_SECRET) || text.contains("t0k3n"));
    }

    private static String state(JsonPath run, String webhook) {
        return String.valueOf(run.getString("notifications.find { it.webhook == '" + webhook + "' }.status"));
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Received await(Predicate<Received> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (match.test(r)) {
                    return r;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the receiver never got the expected event; it got " + received);
    }

    private static JsonPath awaitRun(String runId, Predicate<JsonPath> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonPath run = null;
        while (System.nanoTime() < deadline) {
            run = given().get("/runs/{id}", runId).then().statusCode(200).extract().jsonPath();
            if (until.test(run)) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the deliveries never reached the expected states: " + run.prettify());
    }
}
