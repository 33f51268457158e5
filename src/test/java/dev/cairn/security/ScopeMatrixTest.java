package dev.cairn.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tokens scoped to team=payments against a repo inside (team=payments) and one outside (team=billing): every
 * endpoint × in/out of scope × role. Outside, the repo does not exist for the token; the databases show that
 * nothing reached the one outside.
 */
@QuarkusTest
@TestProfile(ScopedProfile.class)
@QuarkusTestResource(CairnTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeMatrixTest {

    record Endpoint(String method, String path, Role needs, String type, String body) {}

    static final String JSON = "application/json";
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/repos/{id}", Role.read, JSON, null),
            new Endpoint("POST", "/repos/{id}/migrations", Role.deploy, JSON,
                    "{\"version\": 2, \"name\": \"second\", \"up\": \"CREATE TABLE second (id int)\"}"),
            new Endpoint("POST", "/repos/{id}/migrations?name=third", Role.deploy, "application/sql",
                    "-- migrate:up\nCREATE TABLE third (id int);\n-- migrate:down\nDROP TABLE third;\n"),
            new Endpoint("GET", "/repos/{id}/migrations", Role.read, JSON, null),
            new Endpoint("GET", "/repos/{id}/migrations/1", Role.read, JSON, null),
            new Endpoint("PUT", "/repos/{id}/migrations/9", Role.deploy, JSON,
                    "{\"name\": \"ninth\", \"up\": \"SELECT 1\"}"),
            new Endpoint("DELETE", "/repos/{id}/migrations/9", Role.deploy, JSON, null),
            new Endpoint("POST", "/repos/{id}/migrate", Role.deploy, JSON, "{\"dryRun\": true}"),
            new Endpoint("POST", "/repos/{id}/rollback", Role.deploy, JSON, "{\"dryRun\": true}"),
            new Endpoint("GET", "/repos/{id}/status", Role.read, JSON, null),
            new Endpoint("GET", "/repos/{id}/runs", Role.read, JSON, null),
            new Endpoint("POST", "/repos/{id}/resolve", Role.admin, JSON, "{\"version\": 1, \"as\": \"applied\"}"),
            new Endpoint("POST", "/repos/{id}/adopt", Role.admin, JSON, "{\"from\": \"flyway\", \"dryRun\": true}"),
            new Endpoint("POST", "/repos/{id}/import?dryRun=true", Role.deploy, "application/gzip", "not gzip"),
            new Endpoint("POST", "/repos/{id}/database", Role.admin, JSON, null),
            new Endpoint("DELETE", "/repos/{id}/database", Role.admin, JSON, null),
            new Endpoint("PUT", "/repos/{id}", Role.admin, JSON, null),
            new Endpoint("DELETE", "/repos/{id}", Role.admin, JSON, null));

    static final Map<Role, String> SCOPED = Map.of(Role.read, ScopedProfile.PAY_READ,
            Role.deploy, ScopedProfile.PAY_DEPLOY, Role.admin, ScopedProfile.PAY_ADMIN);

    TestServer server;
    String inside, outside, inDb, outDb, tag;

    /** Per test rather than once: Quarkus gives rest-assured its port per test. */
    @BeforeEach
    void registerTwoRepos() {
        if (server != null) {
            return;
        }
        server = TestServers.postgres();
        tag = UUID.randomUUID().toString().substring(0, 8);
        inDb = server.createDatabase();
        outDb = server.createDatabase();
        inside = "scope-in-" + tag;
        outside = "scope-out-" + tag;
        register(inside, inDb, "payments");
        register(outside, outDb, "billing");
        for (String id : List.of(inside, outside)) {
            as(SecuredProfile.ADMIN).contentType(JSON)
                    .body(Map.of("version", 1, "name", "first", "up", "CREATE TABLE first (id int)",
                            "down", "DROP TABLE first"))
                    .post("/repos/{id}/migrations", id).then().statusCode(201);
        }
    }

    /** The registrations go with the test's store. */
    @AfterAll
    void dropTheDatabases() {
        server.dropDatabase(inDb);
        server.dropDatabase(outDb);
    }

    @Test
    void everyRepoEndpointInAndOutOfScopeForEveryRole() throws Exception {
        String before = tables(outDb);
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            if (e.method().equals("DELETE") && e.path().equals("/repos/{id}")) {
                continue; // deleting the repo inside would end the matrix; deleteAndReplace covers it
            }
            for (Role role : Role.values()) {
                boolean allowed = role.ordinal() >= e.needs().ordinal();
                check(e, role, inside, allowed ? "through" : "forbidden", wrong);
                String outsideAnswer = e.path().equals("/repos/{id}") && e.method().equals("PUT")
                        ? "repo-exists" : "repo-not-found";
                check(e, role, outside, allowed ? outsideAnswer : "forbidden", wrong);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(before, tables(outDb), "nothing ran on the repo outside the scope");
        as(SecuredProfile.ADMIN).get("/repos/{id}/migrations", outside).then().statusCode(200)
                .body("version", equalTo(List.of(1)));
        as(SecuredProfile.ADMIN).get("/repos/{id}", outside).then().statusCode(200)
                .body("labels.team", equalTo("billing"));
    }

    @Test
    void listsShowOnlyTheReposInScope() {
        for (String token : List.of(ScopedProfile.PAY_READ, ScopedProfile.GLOB_READ)) {
            List<String> ids = as(token).get("/repos").then().statusCode(200).extract().path("id");
            assertTrue(ids.contains(inside), ids.toString());
            assertFalse(ids.contains(outside), ids.toString());
        }
        as(ScopedProfile.GLOB_READ).get("/repos/{id}", outside).then().statusCode(404);
        List<String> all = as(SecuredProfile.READ).get("/repos").then().extract().path("id");
        assertTrue(all.containsAll(List.of(inside, outside)), "unscoped tokens see every repo");
    }

    @Test
    void runsOfAReposOutsideAreUnknown() {
        String run = as(SecuredProfile.ADMIN).contentType(JSON).body("{}")
                .post("/repos/{id}/migrate", outside).then().statusCode(200).extract().path("runId");
        try {
            as(ScopedProfile.PAY_READ).get("/runs/{run}", run).then().statusCode(404)
                    .body("type", equalTo("urn:cairn:problem:run-not-found"));
            as(ScopedProfile.PAY_READ).get("/runs/{run}/events", run).then().statusCode(404);
            as(ScopedProfile.PAY_DEPLOY).post("/runs/{run}/cancel", run).then().statusCode(404);
            as(ScopedProfile.PAY_READ).get("/repos/{id}/runs", outside).then().statusCode(404);
            as(SecuredProfile.READ).get("/runs/{run}", run).then().statusCode(200);
        } finally {
            rollBackAll(outside);
        }
    }

    @Test
    void fleetSelectorsAndFleetRunsSeeOnlyTheReposInScope() throws Exception {
        // both repos carry team labels; a selector on the billing team selects nothing for a payments token
        as(ScopedProfile.PAY_DEPLOY).contentType(JSON)
                .body(Map.of("selector", Map.of("labels", Map.of("team", "billing"))))
                .post("/fleet/migrate").then().statusCode(400);
        as(ScopedProfile.PAY_DEPLOY).contentType(JSON).body(Map.of("selector", Map.of("ids", List.of(outside))))
                .post("/fleet/migrate").then().statusCode(404)
                .body("type", equalTo("urn:cairn:problem:repo-not-found"));
        as(ScopedProfile.PAY_DEPLOY).contentType(JSON)
                .body(Map.of("selector", Map.of("ids", List.of(inside, outside))))
                .post("/fleet/migrate").then().statusCode(404);

        String both = fleet(SecuredProfile.ADMIN, Map.of("ids", List.of(inside, outside)));
        String onlyOutside = fleet(SecuredProfile.ADMIN, Map.of("ids", List.of(outside)));
        rollBackAll(inside);
        rollBackAll(outside);
        JsonPath seen = as(ScopedProfile.PAY_READ).get("/fleet/runs/{id}", both).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(inside), seen.getList("repos.repo"));
        assertEquals(1, seen.getInt("counts.planned"));
        as(ScopedProfile.PAY_READ).get("/fleet/runs/{id}", onlyOutside).then().statusCode(404)
                .body("type", equalTo("urn:cairn:problem:fleet-run-not-found"));
        List<String> listed = as(ScopedProfile.PAY_READ).get("/fleet/runs").then().statusCode(200)
                .extract().path("fleetRunId");
        assertTrue(listed.contains(both));
        assertFalse(listed.contains(onlyOutside));
        as(ScopedProfile.PAY_READ).get("/fleet/runs").then()
                .body("find { it.fleetRunId == '" + both + "' }.counts.planned", equalTo(1));
        as(ScopedProfile.PAY_DEPLOY).post("/fleet/runs/{id}/cancel", both).then().statusCode(403)
                .body("type", equalTo("urn:cairn:problem:repo-out-of-scope"));
        as(ScopedProfile.PAY_DEPLOY).post("/fleet/runs/{id}/resume", onlyOutside).then().statusCode(404);

        // a label every repo of this test carries: the payments token's fleet run migrates the one inside only
        String mine = fleet(ScopedProfile.PAY_DEPLOY, Map.of("labels", Map.of("fleet", tag)));
        assertEquals(List.of(inside), as(SecuredProfile.READ).get("/fleet/runs/{id}", mine).then().extract()
                .jsonPath().getList("repos.repo"));
        assertTrue(new DatabaseInspector(server, inDb).tableExists("public", "first"));
        assertFalse(new DatabaseInspector(server, outDb).tableExists("public", "first"));
        rollBackAll(inside);
    }

    @Test
    void scopedAdminsRegisterAndDeleteOnlyInsideTheirScope() {
        String id = "scope-new-" + tag;
        as(ScopedProfile.PAY_ADMIN).contentType(JSON).body(registration(id, inDb, "billing"))
                .post("/repos").then().statusCode(403).body("type", equalTo("urn:cairn:problem:repo-out-of-scope"));
        as(SecuredProfile.ADMIN).get("/repos/{id}", id).then().statusCode(404);
        as(ScopedProfile.PAY_ADMIN).contentType(JSON).body(registration(id, null, null))
                .post("/repos").then().statusCode(403);
        as(ScopedProfile.PAY_ADMIN).contentType(JSON)
                .body(List.of(registration(id, inDb, "payments"), registration(id + "-b", inDb, "billing")))
                .post("/repos/batch").then().statusCode(400)
                .body("invalid[0].index", equalTo(1))
                .body("invalid[0].type", equalTo("repo-out-of-scope"));
        as(SecuredProfile.ADMIN).get("/repos/{id}", id).then().statusCode(404);
        // the id of a repo outside is taken, not free: a scoped admin cannot take it over
        as(ScopedProfile.PAY_ADMIN).contentType(JSON).body(registration(outside, inDb, "payments"))
                .post("/repos").then().statusCode(409);
        as(ScopedProfile.PAY_ADMIN).contentType(JSON).body(registration(outside, inDb, "payments"))
                .put("/repos/{id}", outside).then().statusCode(409);
        as(ScopedProfile.PAY_ADMIN).delete("/repos/{id}", outside).then().statusCode(404);
        as(SecuredProfile.ADMIN).get("/repos/{id}", outside).then().statusCode(200)
                .body("labels.team", equalTo("billing"));

        as(ScopedProfile.PAY_ADMIN).contentType(JSON).body(registration(id, inDb, "payments"))
                .post("/repos").then().statusCode(201);
        as(ScopedProfile.PAY_ADMIN).contentType(JSON).body(registration(id, inDb, "billing"))
                .put("/repos/{id}", id).then().statusCode(403);
        as(ScopedProfile.PAY_ADMIN).delete("/repos/{id}", id).then().statusCode(204);
        as(SecuredProfile.ADMIN).get("/repos/{id}", id).then().statusCode(404);
    }

    @Test
    void managementEndpointsNeedAnUnscopedToken() {
        for (String path : List.of("/q/metrics", "/q/health/group/targets", "/q/openapi")) {
            Response r = as(ScopedProfile.PAY_READ).get(path);
            assertEquals(403, r.statusCode(), path);
            as(SecuredProfile.READ).get(path).then().statusCode(200);
        }
    }

    private void check(Endpoint e, Role role, String id, String expected, List<String> wrong) {
        RequestSpecification request = as(SCOPED.get(role)).contentType(e.type());
        String body = e.body();
        if (e.path().equals("/repos/{id}") && e.method().equals("PUT")) {
            body = registrationJson(id, id.equals(inside) ? inDb : outDb, "payments");
        }
        if (body != null) {
            request.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Response r = request.request(e.method(), e.path().replace("{id}", id));
        String type = r.statusCode() >= 400 ? r.jsonPath().getString("type") : "";
        boolean ok = switch (expected) {
            case "through" -> r.statusCode() < 500 && r.statusCode() != 401 && r.statusCode() != 403
                    && !type.endsWith(":repo-not-found");
            case "forbidden" -> r.statusCode() == 403 && type.endsWith(":forbidden");
            default -> type.endsWith(":" + expected);
        };
        if (!ok) {
            wrong.add(e.method() + " " + e.path() + " on " + (id.equals(inside) ? "inside" : "outside") + " as "
                    + role + " -> " + r.statusCode() + " " + type + " (expected " + expected + ")");
        }
    }

    private static String fleet(String token, Map<String, Object> selector) throws Exception {
        String location = as(token).contentType(JSON).body(Map.of("selector", selector))
                .post("/fleet/migrate").then().statusCode(202).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (int i = 0; i < 200; i++) {
            if (!"running".equals(as(SecuredProfile.READ).get("/fleet/runs/{id}", id).then().extract()
                    .path("status"))) {
                return id;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fleet run " + id + " did not end");
    }

    private static void rollBackAll(String id) {
        as(SecuredProfile.ADMIN).contentType(JSON).body("{\"all\": true}").post("/repos/{id}/rollback", id)
                .then().statusCode(200);
    }

    private String tables(String db) throws Exception {
        return new DatabaseInspector(server, db).query("SELECT coalesce(string_agg(table_name, ',' ORDER BY "
                + "table_name), '') FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private void register(String id, String db, String team) {
        as(SecuredProfile.ADMIN).contentType(JSON).body(registration(id, db, team)).post("/repos").then()
                .statusCode(201);
    }

    private Map<String, Object> registration(String id, String db, String team) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("id", id, "url",
                server.url(db == null ? inDb : db), "username", server.user()));
        if (team != null) {
            body.put("labels", Map.of("team", team, "fleet", tag));
        }
        return body;
    }

    private String registrationJson(String id, String db, String team) {
        return "{\"id\": \"" + id + "\", \"url\": \"" + server.url(db) + "\", \"username\": \"" + server.user()
                + "\", \"labels\": {\"team\": \"" + team + "\", \"fleet\": \"" + tag + "\"}}";
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
