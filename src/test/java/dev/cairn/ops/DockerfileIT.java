package dev.cairn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so this checks what can be checked without one, after {@code package}: every path
 * the Dockerfile copies exists (sources from the checkout, the fast-jar from the build stage's target/).
 */
class DockerfileIT {

    private static final Pattern COPY = Pattern.compile("^COPY\\s+(--from=build\\s+)?(--chown=\\S+\\s+)?(.+)\\s+(\\S+)$");

    @Test
    void everyCopiedPathExists() throws IOException {
        List<String> missing = new ArrayList<>();
        int copies = 0;
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            Matcher m = COPY.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            copies++;
            for (String source : m.group(3).trim().split("\\s+")) {
                // The build stage works in /src, a copy of this checkout.
                Path local = Path.of(m.group(1) != null ? source.replaceFirst("^/src/", "") : source);
                if (!Files.exists(local)) {
                    missing.add(line.trim() + " -> " + local);
                }
            }
        }
        assertTrue(copies >= 6, "the Dockerfile copies the sources and the fast-jar");
        assertEquals(List.of(), missing);
    }

    @Test
    void runsAsNonRootWithHealthCheckAndStoreVolume() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("USER 10001"));
        assertTrue(dockerfile.contains("EXPOSE 8080"));
        assertTrue(dockerfile.contains("VOLUME [\"/data/migrations-store\"]"));
        assertTrue(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("/q/health/ready"));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:25-jre"));
        // The runtime image writes its own AOT cache and starts with it from /app (AotCacheIT checks both work).
        assertTrue(dockerfile.contains("RUN bash /tmp/aot-train.sh /app"));
        assertTrue(dockerfile.contains("-XX:AOTCache=app.aot") && dockerfile.contains("-jar quarkus-run.jar"));
    }
}
