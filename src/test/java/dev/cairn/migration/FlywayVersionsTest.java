package dev.cairn.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlywayVersionsTest {

    @Test
    void wholeVersionsKeepTheirNumbers() {
        assertFalse(FlywayVersions.dotted(List.of("1", "0002", "20250101120000")));
        assertEquals(2, FlywayVersions.of("0002", false));
        assertEquals(20250101120000L, FlywayVersions.of("20250101120000", false));
    }

    @Test
    void dottedHistoriesKeepFlywaysPartByPartOrder() {
        List<String> flywayOrder = List.of("1", "1.1", "1_2", "1.2.1", "1.2.1.5", "1.10", "2", "2.0.1", "10");
        assertTrue(FlywayVersions.dotted(flywayOrder));
        List<Long> versions = flywayOrder.stream().map(v -> FlywayVersions.of(v, true)).toList();
        assertEquals(List.of(1_000_000_000L, 1_001_000_000L, 1_002_000_000L, 1_002_001_000L, 1_002_001_005L,
                1_010_000_000L, 2_000_000_000L, 2_000_001_000L, 10_000_000_000L), versions);
        assertEquals(FlywayVersions.of("1", true), FlywayVersions.of("1.0", true), "Flyway's 1 and 1.0 are one");
        assertTrue(FlywayVersions.of("9007198.999.999.999", true) < 1L << 53);
    }

    @Test
    void versionsOutsideTheReadingAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FlywayVersions.of("1.2.3.4.5", true))
                .getMessage().contains("more than 4 parts"));
        assertThrows(IllegalArgumentException.class, () -> FlywayVersions.of("1.1000", true));
        assertThrows(IllegalArgumentException.class, () -> FlywayVersions.of("20250101120000.1", true));
        assertThrows(IllegalArgumentException.class, () -> FlywayVersions.of("1..2", true));
        assertThrows(IllegalArgumentException.class, () -> FlywayVersions.of("12345678901234567890", false));
    }
}
