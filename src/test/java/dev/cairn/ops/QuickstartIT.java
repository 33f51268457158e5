package dev.cairn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.scripts.AtomicFiles;
import dev.cairn.testing.CairnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through on the packaged jar: the demo repo on an embedded PostgreSQL, with the Phoenix guide's
 * two migrations as committed in migrations-store/demo.
 */
class QuickstartIT {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDemoRepoMigratesReportsAndRollsBack() throws Exception {
        Path store = Files.createTempDirectory("cairn-quickstart-");
        copy(Path.of("migrations-store/demo"), store.resolve("demo"));
        try (CairnProcess cairn = CairnProcess.start("quickstart",
                Map.of("cairn.demo.enabled", "true", "cairn.store.path", store.toString()))) {
            String migrated = post(cairn, "/repos/demo/migrate", 200);
            assertTrue(migrated.contains("\"name\":\"add_comments_table\"") && migrated.contains("\"name\":\"create_users\""),
                    migrated);
            String status = get(cairn, "/repos/demo/status");
            assertTrue(status.contains("\"version\":20170523151118") && status.contains("\"pending\":0"), status);
            String rolledBack = post(cairn, "/repos/demo/rollback", 200);
            assertTrue(rolledBack.contains("\"reverted\":[{\"version\":20170523151118"), rolledBack);
            assertTrue(cairn.logText().contains("Demo repo 'demo' is ready"));
        } finally {
            AtomicFiles.deleteTree(store);
        }
    }

    private String post(CairnProcess cairn, String path, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cairn.url() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        return r.body();
    }

    private String get(CairnProcess cairn, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cairn.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void copy(Path from, Path to) throws Exception {
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
