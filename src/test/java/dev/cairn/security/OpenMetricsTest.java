package dev.cairn.security;

import static io.restassured.RestAssured.given;

import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** cairn.auth.open-metrics=true opens /q/metrics for a scraper, and nothing else. */
@QuarkusTest
@TestProfile(OpenMetricsTest.Profile.class)
@QuarkusTestResource(CairnTestResource.class)
class OpenMetricsTest {

    public static class Profile extends SecuredProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new HashMap<>(super.getConfigOverrides());
            settings.put("cairn.auth.open-metrics", "true");
            return settings;
        }
    }

    @Test
    void metricsAnswerWithoutATokenAndTheRestStaysClosed() {
        given().get("/q/metrics").then().statusCode(200);
        for (String path : new String[] {"/q/openapi", "/q/health", "/q/health/group/targets", "/q/swagger-ui/",
                "/q/metricsx", "/repos"}) {
            given().get(path).then().statusCode(401);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }
}
