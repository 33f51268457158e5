package dev.cairn.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.security.SecuredProfile;
import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard relies on with authentication on: its files load without a token under a strict CSP, and the
 * API tells the page who the token is and finds repos by part of their id.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@QuarkusTestResource(CairnTestResource.class)
class DashboardServingTest {

    @Test
    void theRootAndTheBarePathLeadToThePageWhichLoadsWithoutAToken() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", "/ui/");
        given().redirects().follow(false).get("/ui").then().statusCode(302).header("Location", "/ui/");
        given().redirects().follow(false).get("/ui/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("app.js?v="), not(containsString("@cairn.ui.build@")));
        String page = given().get("/ui/").asString();
        String version = page.replaceAll("(?s).*app\\.js\\?v=([0-9]+).*", "$1");
        given().get("/ui/app.js?v=" + version).then().statusCode(200)
                .header("Cache-Control", containsString("immutable"))
                .body(containsString("./api.js?v=" + version));
        given().get("/repos").then().statusCode(401); // the data behind the page still needs the token
    }

    @Test
    void whoamiNamesTheTokensRole() {
        given().get("/whoami").then().statusCode(401);
        for (var token : Map.of(SecuredProfile.READ, "read", SecuredProfile.DEPLOY, "deploy",
                SecuredProfile.ADMIN, "admin").entrySet()) {
            given().auth().oauth2(token.getKey()).get("/whoami").then().statusCode(200)
                    .body("role", equalTo(token.getValue())).body("scoped", equalTo(false))
                    .body("authEnabled", equalTo(true));
        }
        given().auth().oauth2(SecuredProfile.READ).get("/whoami").then().body("name", equalTo("viewer"));
    }

    @Test
    void reposAreFoundByPartOfTheirIdAcrossPages() {
        for (String id : List.of("find-me-1", "find-me-2", "find-me-3", "other-one")) {
            given().auth().oauth2(SecuredProfile.ADMIN).contentType("application/json")
                    .body(Map.of("id", id, "url", "jdbc:postgresql://127.0.0.1:5432/postgres", "username", "postgres",
                            "prefix", id.replace('-', '_')))
                    .post("/repos").then().statusCode(201);
        }
        Response first = given().auth().oauth2(SecuredProfile.READ).get("/repos?search=ME-&limit=2");
        assertEquals(List.of("find-me-1", "find-me-2"), first.jsonPath().getList("id"));
        String next = first.header("Link").replaceAll("<([^>]+)>.*", "$1");
        assertEquals(List.of("find-me-3"),
                given().auth().oauth2(SecuredProfile.READ).get(next).jsonPath().getList("id"));
        for (String id : List.of("find-me-1", "find-me-2", "find-me-3", "other-one")) {
            given().auth().oauth2(SecuredProfile.ADMIN).delete("/repos/" + id).then().statusCode(204);
        }
    }
}
