package dev.cairn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's AOT cache, without Docker: {@code src/main/docker/aot-train.sh} trains the packaged jar on a
 * JDK 25+ and writes {@code app.aot}, and that JVM then starts Cairn with {@code -XX:AOTMode=on}, which refuses to
 * start at all when the cache cannot be used (another JVM build, another class path, another folder).
 */
class AotCacheIT {

    @TempDir
    Path work;

    @Test
    void theTrainedCacheIsAcceptedAndCairnStartsWithIt() throws Exception {
        Optional<Path> java = jdk25();
        Assumptions.assumeTrue(java.isPresent(), "no JDK 25 or newer: set CAIRN_TEST_JAVA25 to its bin/java");
        Path app = work.resolve("app");
        copy(Path.of(System.getProperty("cairn.jar", "target/quarkus-app/quarkus-run.jar")).getParent(), app);

        Process training = new ProcessBuilder("bash", "src/main/docker/aot-train.sh", app.toString(),
                java.get().toString()).redirectErrorStream(true).start();
        assertTrue(training.waitFor(3, TimeUnit.MINUTES), "training finished");
        String said = new String(training.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, training.exitValue(), said);
        assertTrue(Files.size(app.resolve("app.aot")) > 1_000_000, said);

        int port = FreePorts.next();
        Process cairn = new ProcessBuilder(java.get().toString(), "-XX:AOTMode=on", "-XX:AOTCache=app.aot",
                "-Dcairn.auth.enabled=false", "-Dcairn.store.path=" + work.resolve("store"),
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", "quarkus-run.jar")
                .directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("cairn.log").toFile()).start();
        try {
            assertEquals(200, readyStatus(cairn, port), () -> log());
        } finally {
            cairn.destroy();
            cairn.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private int readyStatus(Process cairn, int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && cairn.isAlive()) {
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return status;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return cairn.isAlive() ? -1 : -cairn.exitValue();
    }

    private String log() {
        try {
            return Files.readString(work.resolve("cairn.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** CAIRN_TEST_JAVA25, or the newest JDK of 25 or later under /usr/lib/jvm. */
    private static Optional<Path> jdk25() throws IOException {
        String named = System.getenv("CAIRN_TEST_JAVA25");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> major(h) >= 25).max(Comparator.comparingInt(AotCacheIT::major))
                    .map(h -> h.resolve("bin/java"));
        }
    }

    private static int major(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return 0;
        }
        return 0;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().endsWith(".aot")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
