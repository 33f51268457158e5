package dev.cairn.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar leaves the embedded PostgreSQL out, so asking it for the demo fails at start-up with the fix
 * (the walk-through itself runs in dev mode; {@link QuickstartTest} covers it on the test class path).
 */
class QuickstartIT {

    @Test
    void thePackagedJarRefusesTheDemoAndSaysWhere() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CairnProcess.start("quickstart", Map.of("cairn.demo.enabled", "true")).close());
        assertTrue(e.getMessage().contains("cairn.demo.enabled=true needs the embedded PostgreSQL")
                && e.getMessage().contains("./mvnw quarkus:dev"), e.getMessage());
    }
}
