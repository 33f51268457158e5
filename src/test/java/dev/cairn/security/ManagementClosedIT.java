package dev.cairn.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.testing.CairnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar started with no cairn.auth setting but its tokens: the management endpoints are closed, as the
 * API is, and only liveness and readiness answer without a token.
 */
class ManagementClosedIT {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void managementEndpointsNeedATokenByDefault() throws Exception {
        String token = "it-read-" + System.nanoTime();
        Map<String, String> settings = new HashMap<>();
        settings.put("cairn.auth.enabled", null);
        settings.put("cairn.auth.tokens", "scraper:read:" + HexFormat.of().formatHex(Tokens.sha256(token)));
        try (CairnProcess cairn = CairnProcess.start("management-closed", settings)) {
            List<String> wrong = new ArrayList<>();
            for (String path : ManagementAccessTest.CLOSED) {
                expect(cairn, path, null, 401, wrong);
            }
            for (String path : List.of("/q/metrics", "/q/openapi", "/q/health", "/q/health/group/targets",
                    "/q/swagger-ui/index.html")) {
                expect(cairn, path, token, 200, wrong);
            }
            for (String path : ManagementAccessTest.OPEN) {
                expect(cairn, path, null, 200, wrong);
            }
            expect(cairn, "/repos", null, 401, wrong);
            assertEquals(List.of(), wrong);
        }
    }

    private void expect(CairnProcess cairn, String path, String token, int status, List<String> wrong)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cairn.url() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        int got = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (got != status) {
            wrong.add(path + (token == null ? " without" : " with") + " a token -> " + got + ", expected " + status);
        }
    }
}
