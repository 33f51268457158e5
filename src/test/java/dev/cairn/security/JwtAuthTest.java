package dev.cairn.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JWTs signed in the test with a key pair made here, verified against a JWKS file: grants turn claims into role and
 * scope, every kind of bad token is a 401 problem saying why, and the static tokens keep working beside them.
 */
@QuarkusTest
@TestProfile(JwtAuthTest.Profile.class)
@QuarkusTestResource(CairnTestResource.class)
class JwtAuthTest {

    static final String ISSUER = "https://ci.example.test", AUDIENCE = "cairn";
    static final KeyPair KEYS = keyPair(), OTHER_KEYS = keyPair();

    public static class Profile extends SecuredProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> settings = new HashMap<>(super.getConfigOverrides());
            settings.put("cairn.auth.jwt.issuer", ISSUER);
            settings.put("cairn.auth.jwt.audience", AUDIENCE);
            settings.put("cairn.auth.jwt.keys", jwks().toString());
            settings.put("cairn.auth.jwt.grants", "repository=acme/payments -> deploy on team=payments, env=prod,"
                    + "repository=acme/ops ref=refs/heads/main -> admin,"
                    + "repository=acme/* -> read");
            return settings;
        }
    }

    static boolean registered;

    @BeforeEach
    void registerRepos() {
        if (!registered) {
            register("jwt-pay-prod", Map.of("team", "payments", "env", "prod"));
            register("jwt-pay-dev", Map.of("team", "payments", "env", "dev"));
            register("jwt-billing", Map.of("team", "billing"));
            registered = true;
        }
    }

    @Test
    void aGrantGivesTheRoleAndScopeOfTheFirstMatch() {
        String payments = sign(claims("acme/payments", "refs/heads/main"));
        List<String> seen = as(payments).get("/repos").then().statusCode(200).extract().path("id");
        assertEquals(List.of("jwt-pay-prod"), seen.stream().filter(id -> id.startsWith("jwt-")).toList());
        as(payments).get("/repos/jwt-billing").then().statusCode(404);
        as(payments).contentType("application/json").body("{}").post("/repos").then().statusCode(403);
        as(payments).get("/q/metrics").then().statusCode(403); // scoped

        String ops = sign(claims("acme/ops", "refs/heads/main"));
        as(ops).contentType("application/json").body(Map.of("id", "jwt-by-ops", "url",
                "jdbc:postgresql://127.0.0.1:5432/none")).post("/repos").then().statusCode(201)
                .body("id", equalTo("jwt-by-ops"));
        as(ops).delete("/repos/jwt-by-ops").then().statusCode(204);

        // acme/ops from another branch misses the admin grant and falls to the read grant for acme/*
        String branch = sign(claims("acme/ops", "refs/heads/feature"));
        List<String> all = as(branch).get("/repos").then().statusCode(200).extract().path("id");
        assertTrue(all.containsAll(List.of("jwt-pay-prod", "jwt-pay-dev", "jwt-billing")), all.toString());
        as(branch).contentType("application/json").body("{}").post("/repos").then().statusCode(403);
        as(branch).get("/q/metrics").then().statusCode(200); // unscoped read
    }

    @Test
    void aVerifiedTokenThatNoGrantMatchesMayDoNothing() {
        String stranger = sign(claims("evil/fork", "refs/heads/main"));
        as(stranger).get("/repos").then().statusCode(403).contentType("application/problem+json");
        as(stranger).get("/q/health").then().statusCode(403);
    }

    @Test
    void badTokensAre401ProblemsSayingWhy() {
        Instant now = Instant.now();
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(sign(claims("acme/payments", "x").issuedAt(now.minusSeconds(1200))
                .expiresAt(now.minusSeconds(600))), "expired");
        refused.put(sign(claims("acme/payments", "x").claim("nbf", now.plusSeconds(300).getEpochSecond())
                .expiresAt(now.plusSeconds(900))),
                "not valid yet");
        refused.put(sign(claims("acme/payments", "x").audience("someone-else")), "audience");
        refused.put(sign(claims("acme/payments", "x").issuer("https://evil.example.test")), "issuer");
        refused.put(claims("acme/payments", "x").jws().keyId("k1").sign(OTHER_KEYS.getPrivate()), "signature");
        refused.put(unsigned(), "algorithm");
        refused.put("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.bm9wZQ", "");
        for (var e : refused.entrySet()) {
            as(e.getKey()).get("/repos").then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer realm=\"cairn\"")
                    .body("detail", containsString("the bearer JWT was refused"))
                    .body("detail", containsString(e.getValue()));
            as(e.getKey()).get("/q/metrics").then().statusCode(401);
        }
        String log = readLog();
        refused.keySet().forEach(token -> assertFalse(log.contains(token), "a refused token is never logged"));
    }

    @Test
    void staticTokensKeepWorkingBesideJwts() {
        as(SecuredProfile.READ).get("/repos").then().statusCode(200);
        as(SecuredProfile.ADMIN).get("/q/metrics").then().statusCode(200);
        as("not-a-token").get("/repos").then().statusCode(401)
                .body("detail", containsString("not one Cairn knows"));
    }

    static JwtClaimsBuilder claims(String repository, String ref) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("repo:" + repository + ":ref:" + ref)
                .claim("repository", repository).claim("ref", ref).expiresIn(300);
    }

    static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("k1").sign(KEYS.getPrivate());
    }

    /** alg none: a token anyone can make. */
    static String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE
                + "\",\"sub\":\"x\",\"repository\":\"acme/ops\",\"ref\":\"refs/heads/main\",\"exp\":"
                + (Instant.now().getEpochSecond() + 300) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + body + ".";
    }

    private static void register(String id, Map<String, String> labels) {
        as(SecuredProfile.ADMIN).contentType("application/json").body(Map.of("id", id, "url",
                "jdbc:postgresql://127.0.0.1:5432/none", "labels", labels)).post("/repos").then().statusCode(201);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static String readLog() {
        try {
            return Files.readString(Path.of("target/cairn-test.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path jwks() {
        try {
            RsaJsonWebKey key = new RsaJsonWebKey((RSAPublicKey) KEYS.getPublic());
            key.setKeyId("k1");
            key.setAlgorithm("RS256");
            Path file = Files.createTempFile("cairn-jwks-", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, new JsonWebKeySet(key).toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
