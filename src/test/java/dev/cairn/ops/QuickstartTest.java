package dev.cairn.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through as {@code ./mvnw quarkus:dev} serves it: the demo repo on an embedded PostgreSQL (a
 * "provided" dependency, so on the class path of dev mode and the tests), with the Phoenix guide's two migrations as
 * committed in migrations-store/demo.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
@TestProfile(QuickstartTest.Demo.class)
class QuickstartTest {

    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cairn.demo.enabled", "true");
        }
    }

    @Test
    void theDemoRepoMigratesReportsAndRollsBack() throws IOException {
        copy(Path.of("migrations-store/demo"),
                Path.of(ConfigProvider.getConfig().getValue("cairn.store.path", String.class), "demo"));

        given().post("/repos/demo/migrate").then().statusCode(200)
                .body("applied.name", contains("add_comments_table", "create_users"));
        // The top-level fields: each migration entry carries a "version" too, so a text search proves nothing.
        given().get("/repos/demo/status").then().statusCode(200)
                .body("version", equalTo(20170523151118L)).body("pending", equalTo(0));
        given().post("/repos/demo/rollback").then().statusCode(200)
                .body("reverted.version", contains(20170523151118L)).body("version", equalTo(20150318001628L));
        given().get("/repos/demo/status").then().statusCode(200)
                .body("version", equalTo(20150318001628L)).body("pending", equalTo(1));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
