package dev.cairn.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The top-level openapi.yaml is the contract of the running service. When this fails, regenerate it with
 * {@code ./mvnw test -Dtest=OpenApiContractTest -Dopenapi.write=true} and review the diff.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class OpenApiContractTest {

    static final Path CONTRACT = Path.of("openapi.yaml");

    @Test
    void openapiYamlMatchesTheRunningService() throws IOException {
        String served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200)
                .extract().asString().strip() + "\n";
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(CONTRACT, served, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(CONTRACT) ? Files.readString(CONTRACT, StandardCharsets.UTF_8) : "";
        assertEquals(committed, served, "openapi.yaml is out of date: run ./mvnw test -Dtest=OpenApiContractTest "
                + "-Dopenapi.write=true and commit the result");
    }
}
