package dev.cairn.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar in the production profile: closed by default, open only when told so, and then loudly. */
class ProductionAuthIT {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesToStartWithoutAnyToken() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CairnProcess.start("no-tokens", Map.of("cairn.auth.enabled", "true")).close());
        assertTrue(e.getMessage().contains("No API token is configured"), e.getMessage());
    }

    @Test
    void startsWithTokensAndChecksThem() throws Exception {
        String token = "prod-token-" + System.nanoTime();
        String hash = HexFormat.of().formatHex(Tokens.sha256(token));
        try (CairnProcess cairn = CairnProcess.start("with-tokens",
                Map.of("cairn.auth.enabled", "true", "cairn.auth.tokens", "ci:read:" + hash))) {
            assertEquals(401, get(cairn, "/repos", null));
            assertEquals(200, get(cairn, "/repos", token));
            assertEquals(200, get(cairn, "/q/health/ready", null));
            assertTrue(!cairn.logText().contains(token), "the token is never logged");
        }
    }

    @Test
    void runsOpenOnlyWhenExplicitlyDisabledAndWarns() throws Exception {
        try (CairnProcess cairn = CairnProcess.start("open", Map.of("cairn.auth.enabled", "false"))) {
            assertEquals(200, get(cairn, "/repos", null));
            assertTrue(cairn.logText().contains("Authentication is OFF"), cairn.logText());
        }
    }

    private int get(CairnProcess cairn, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cairn.url() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
