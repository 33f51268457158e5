package dev.cairn.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DieselVersionsTest {

    @Test
    void timestampsAndSubversionsBecomeNumbersInDieselsTextOrder() {
        assertEquals(0, DieselVersions.of("00000000000000"));
        assertEquals(2019040210150000L, DieselVersions.of("2019-04-02-101500"));
        assertEquals(2019040210150000L, DieselVersions.of("20190402101500"), "as Diesel's ledger keeps it");
        assertEquals(2024110509300001L, DieselVersions.of("2024-11-05-093000-0000"));
        assertEquals(2024110509300001L, DieselVersions.of("202411050930000000"));
        assertEquals(2024110509300003L, DieselVersions.of("2024-11-05-093000-02"));
        assertEquals(7, DieselVersions.of("0007"), "a version shorter than a timestamp keeps its number");

        List<String> dieselOrder = List.of("00000000000000", "20140924113530", "2019-04-02-101500",
                "2024-11-05-093000", "2024-11-05-093000-0000", "2024-11-05-093000-0001", "2025-01-01-000000",
                "9000-01-01-000000-0098");
        List<String> sortedAsDieselDoes = dieselOrder.stream()
                .sorted(Comparator.comparing(v -> v.replace("-", ""))).toList();
        assertEquals(dieselOrder, sortedAsDieselDoes);
        List<Long> versions = dieselOrder.stream().map(DieselVersions::of).toList();
        assertEquals(versions.stream().sorted().toList(), versions);
        assertTrue(versions.stream().allMatch(v -> v < 1L << 53), "JSON clients read them whole");
    }

    @Test
    void shapesThatWouldLoseTheOrderAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DieselVersions.of("2024-11-05-093000-0099"))
                .getMessage().contains("subversion from 0 to 98"));
        assertThrows(IllegalArgumentException.class, () -> DieselVersions.of("2024-11-05-093000-00001"));
        assertThrows(IllegalArgumentException.class, () -> DieselVersions.of("v2"));
    }
}
