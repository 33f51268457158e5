package dev.cairn.guards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README, "Creating a token": the two shell lines the README gives, run as written, make a token and a hash the
 * packaged Cairn accepts. A recipe whose output Cairn reads differently (a trailing newline hashed, sha256sum's
 * "  -" kept, upper-case hex refused) would leave people locked out of a fresh install.
 */
class TokenRecipeIT {

    /** Copied from the README, then printed so the test can read both. */
    static final String RECIPE = """
            TOKEN=$(openssl rand -hex 32)
            HASH=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
            printf '%s\\n%s\\n' "$TOKEN" "$HASH"
            """;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theReadmeRecipeMakesATokenCairnAccepts() throws Exception {
        List<String> made = bash(RECIPE);
        String token = made.get(0), hash = made.get(1);
        String stranger = bash(RECIPE).get(0);
        assertNotEquals(token, stranger);

        try (CairnProcess cairn = CairnProcess.start("token-recipe",
                Map.of("cairn.auth.enabled", "true", "cairn.auth.tokens", "pipeline:deploy:" + hash))) {
            assertEquals(200, call(cairn, "GET", "/repos", token), "the recipe's token authenticates");
            // deploy may migrate (so an unknown repo is a 404, past authorisation) but not register repos (admin).
            assertEquals(404, call(cairn, "POST", "/repos/nowhere/migrate", token));
            assertEquals(403, call(cairn, "POST", "/repos", token));
            assertEquals(401, call(cairn, "GET", "/repos", stranger), "another token from the same recipe does not");
            assertEquals(401, call(cairn, "GET", "/repos", hash), "nor does the hash itself");
            assertEquals(401, call(cairn, "GET", "/repos", null));
            assertTrue(!cairn.logText().contains(token), "the token is never logged");
        }
    }

    private int call(CairnProcess cairn, String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cairn.url() + path))
                .header("Content-Type", "application/json")
                .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the recipe finished");
        assertEquals(0, p.exitValue(), "the recipe succeeded: " + out);
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        return lines;
    }
}
