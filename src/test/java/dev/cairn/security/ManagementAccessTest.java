package dev.cairn.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every path under /q: liveness and readiness open, everything else closed to callers without a read token. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(CairnTestResource.class)
class ManagementAccessTest {

    static final List<String> OPEN = List.of("/q/health/live", "/q/health/ready");

    /** Each management endpoint Cairn serves, and paths under /q that serve nothing. */
    static final List<String> CLOSED = List.of("/q/metrics", "/q/openapi", "/q/openapi?format=json",
            "/q/swagger-ui", "/q/swagger-ui/", "/q/swagger-ui/index.html", "/q/health", "/q/health/",
            "/q/health/group", "/q/health/group/targets", "/q/health/started", "/q/health/well",
            "/q/health/live/../group/targets", "/q/dev-ui", "/q/no-such-endpoint", "/q", "/q/");

    @Test
    void liveAndReadyAnswerWithoutAToken() {
        for (String path : OPEN) {
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    void everyOtherManagementPathIs401WithoutAToken() {
        List<String> wrong = new ArrayList<>();
        for (String path : CLOSED) {
            for (String header : new String[] {null, "Bearer not-a-token", "Basic YWRtaW46YWRtaW4="}) {
                var request = given().redirects().follow(false);
                if (header != null) {
                    request.header("Authorization", header);
                }
                Response r = request.get(path);
                if (r.statusCode() != 401 || !r.contentType().startsWith("application/problem+json")
                        || !"Bearer realm=\"cairn\"".equals(r.header("WWW-Authenticate"))) {
                    wrong.add(path + " with " + header + " -> " + r.statusCode() + " " + r.contentType() + " " + r.headers() + r.asString());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aReadTokenReadsThem() {
        for (String token : List.of(SecuredProfile.READ, SecuredProfile.DEPLOY, SecuredProfile.ADMIN)) {
            for (String path : List.of("/q/metrics", "/q/openapi", "/q/health", "/q/health/group/targets",
                    "/q/health/started", "/q/swagger-ui/index.html")) {
                var r = given().header("Authorization", "Bearer " + token).get(path);
                assertEquals(200, r.statusCode(), path + " " + token + r.headers() + r.asString());
            }
            given().header("Authorization", "Bearer " + token).redirects().follow(false).get("/q/swagger-ui")
                    .then().statusCode(org.hamcrest.Matchers.oneOf(200, 301, 302));
        }
    }
}
