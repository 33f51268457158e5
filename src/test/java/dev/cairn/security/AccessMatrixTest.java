package dev.cairn.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint × {no token, read, deploy, admin}: 401 without, 403 below the needed role, through above it. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(CairnTestResource.class)
class AccessMatrixTest {

    record Endpoint(String method, String path, Role needs) {}

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/repos", Role.read),
            new Endpoint("POST", "/repos", Role.admin),
            new Endpoint("GET", "/repos/ghost", Role.read),
            new Endpoint("PUT", "/repos/ghost", Role.admin),
            new Endpoint("DELETE", "/repos/ghost", Role.admin),
            new Endpoint("POST", "/repos/ghost/migrations", Role.deploy),
            new Endpoint("GET", "/repos/ghost/migrations", Role.read),
            new Endpoint("GET", "/repos/ghost/migrations/1", Role.read),
            new Endpoint("PUT", "/repos/ghost/migrations/1", Role.deploy),
            new Endpoint("DELETE", "/repos/ghost/migrations/1", Role.deploy),
            new Endpoint("POST", "/repos/ghost/migrate", Role.deploy),
            new Endpoint("POST", "/repos/ghost/rollback", Role.deploy),
            new Endpoint("GET", "/repos/ghost/status", Role.read),
            new Endpoint("GET", "/repos/ghost/runs", Role.read),
            new Endpoint("POST", "/repos/ghost/resolve", Role.admin),
            new Endpoint("GET", "/runs/run-unknown", Role.read),
            new Endpoint("GET", "/whoami", Role.read),
            new Endpoint("POST", "/repos/ghost/database", Role.admin),
            new Endpoint("DELETE", "/repos/ghost/database", Role.admin));

    @Test
    void everyEndpointAgainstEveryRole() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            check(e, null, 401, wrong);
            for (Role role : Role.values()) {
                String token = switch (role) {
                    case read -> SecuredProfile.READ;
                    case deploy -> SecuredProfile.DEPLOY;
                    case admin -> SecuredProfile.ADMIN;
                };
                check(e, token, role.ordinal() >= e.needs().ordinal() ? 0 : 403, wrong);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void unknownTokensAndOtherSchemesAre401ProblemsWithAChallenge() {
        given().header("Authorization", "Bearer not-a-token").get("/repos").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer realm=\"cairn\"");
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/repos").then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/repos").then().statusCode(401).body("status", equalTo(401));
    }

    @Test
    void healthStaysOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static void check(Endpoint e, String token, int expected, List<String> wrong) {
        RequestSpecification request = given().contentType("application/json").body("{}");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        Response response = request.request(e.method(), e.path());
        int status = response.statusCode();
        boolean ok = expected == 0 ? status != 401 && status != 403 && status < 500 : status == expected;
        if (ok && status >= 400) {
            ok = response.contentType().startsWith("application/problem+json");
        }
        if (!ok) {
            wrong.add(e.method() + " " + e.path() + " with " + (token == null ? "no token" : token) + " -> " + status
                    + (expected == 0 ? " (expected it through)" : " (expected " + expected + ")"));
        }
        assertTrue(status > 0);
    }
}
