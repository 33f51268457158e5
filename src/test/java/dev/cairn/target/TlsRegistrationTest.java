package dev.cairn.target;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.TestCertificates;
import dev.cairn.testing.TlsPostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * TLS as an API caller sees it: a registration names one of the operator's profiles with {@code "tls"}, and the
 * files come from Cairn's configuration ({@code cairn.tls.<name>.ca|cert|key}), never from the request. Against a
 * PostgreSQL with {@code ssl = on}: {@code verify-full} with the right CA migrates, with another CA it is a 503 and
 * nothing runs.
 */
@QuarkusTest
@TestProfile(TlsRegistrationTest.Profiles.class)
@QuarkusTestResource(CairnTestResource.class)
class TlsRegistrationTest {

    /** Three profiles over this JVM's throwaway certificates. */
    public static class Profiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestCertificates certs = TestCertificates.get();
            return Map.of("cairn.tls.right.ca", certs.ca.toString(),
                    "cairn.tls.other.ca", certs.otherCa.toString(),
                    "cairn.tls.client.ca", certs.ca.toString(),
                    "cairn.tls.client.cert", certs.clientCert.toString(),
                    "cairn.tls.client.key", certs.clientKey.toString());
        }
    }

    private final TlsPostgres server = TlsPostgres.get();

    @Test
    void aRegistrationWithTheRightProfileMigratesOverVerifiedTls() throws SQLException, IOException {
        String db = server.createDatabase("tlsuser");
        given().contentType(ContentType.JSON).body(Map.of("id", "tls-right", "url", server.url("localhost", db),
                        "username", "tlsuser", "tls", "right"))
                .post("/repos").then().statusCode(201).body("tls", equalTo("right"));
        given().get("/repos/tls-right").then().statusCode(200).body("tls", equalTo("right"));
        assertTrue(Files.readString(store().resolve(".cairn/repos/tls-right.json")).contains("\"tls\" : \"right\""));
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "over_tls",
                        "up", "CREATE TABLE seen AS SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid();"))
                .post("/repos/tls-right/migrations").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{}").post("/repos/tls-right/migrate").then().statusCode(200);
        assertEquals("t", new DatabaseInspector(server.admin(), db).query("SELECT ssl FROM seen"));
        given().delete("/repos/tls-right").then().statusCode(204);
        server.admin().dropDatabase(db);
    }

    @Test
    void anotherCaIsA503AndNothingRuns() throws SQLException {
        String db = server.createDatabase("tlsuser");
        given().contentType(ContentType.JSON).body(Map.of("id", "tls-other", "url", server.url("localhost", db),
                        "username", "tlsuser", "tls", "other"))
                .post("/repos").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "never", "up", "CREATE TABLE t ();"))
                .post("/repos/tls-other/migrations").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{}").post("/repos/tls-other/migrate").then().statusCode(503)
                .body("type", equalTo("urn:cairn:problem:target-unavailable"))
                .body("detail", containsString("TLS handshake failed"));
        assertFalse(new DatabaseInspector(server.admin(), db).tableExists("public", "schema_migrations"));
        given().delete("/repos/tls-other").then().statusCode(204);
        server.admin().dropDatabase(db);
    }

    @Test
    void profilesAreTheOperatorsAndTheirModeIsVerified() {
        register("jdbc:postgresql://localhost:5432/app", "nope").statusCode(400).body("field", equalTo("tls"))
                .body("detail", containsString("configured: client, other, right"));
        register("jdbc:postgresql://localhost:5432/app?sslmode=require", "right").statusCode(400)
                .body("parameter", equalTo("sslmode")).body("detail", containsString("verify-ca or verify-full"));
        register("jdbc:mariadb://localhost:3306/app?sslMode=trust", "right").statusCode(400)
                .body("parameter", equalTo("sslMode"));
        register("jdbc:mariadb://localhost:3306/app", "client").statusCode(400).body("field", equalTo("tls"))
                .body("detail", containsString("only to PostgreSQL"));
        register("jdbc:postgresql://localhost:5432/app?sslrootcert=/etc/ssl/certs/ca-certificates.crt", null)
                .statusCode(400).body("type", equalTo("urn:cairn:problem:url-parameter-refused"))
                .body("detail", containsString("name a TLS profile instead"));
        register("jdbc:postgresql://localhost:5432/app?sslmode=verify-full", "right").statusCode(201);
        given().delete("/repos/tls-check").then().statusCode(204);
    }

    private static io.restassured.response.ValidatableResponse register(String url, String tls) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("id", "tls-check", "url", url, "username", "app"));
        if (tls != null) {
            body.put("tls", tls);
        }
        return given().contentType(ContentType.JSON).body(body).post("/repos").then();
    }

    private static Path store() {
        return Path.of(ConfigProvider.getConfig().getValue("cairn.store.path", String.class));
    }
}
