package dev.cairn.migration;

import java.util.Collection;

/**
 * Flyway's versions as Cairn versions. Flyway compares versions part by part ({@code 1.2 < 1.10}, {@code 1 = 1.0},
 * underscores in file names standing for dots). A history of whole versions ({@code V1}, {@code V20250101120000})
 * keeps its numbers. A history with dotted ones reads every version as up to four parts, the first below
 * 9,007,199 and the others below 1000: p1 × 10^9 + p2 × 10^6 + p3 × 10^3 + p4, so {@code V1} → 1000000000,
 * {@code V1.1} → 1001000000 and {@code V1.10} → 1010000000: Flyway's order, below 2^53 for JSON clients.
 */
public final class FlywayVersions {

    private static final int PARTS = 4, MAX_PART = 999;
    private static final long MAX_FIRST = (1L << 53) / 1_000_000_000L;

    private FlywayVersions() {}

    /** Whether the versions, as Flyway writes them, need the dotted reading. */
    public static boolean dotted(Collection<String> versions) {
        return versions.stream().anyMatch(v -> v.contains(".") || v.contains("_"));
    }

    /**
     * @param dotted whether the history the version is part of has dotted versions ({@link #dotted})
     * @throws IllegalArgumentException saying why, for a version outside the shapes above
     */
    public static long of(String version, boolean dotted) {
        String[] parts = version.replace('_', '.').split("\\.", -1);
        if (!dotted) {
            if (!version.matches("\\d+") || !Versions.fits(version)) {
                throw new IllegalArgumentException("its version " + version + " is not a whole number from 0 to "
                        + Long.MAX_VALUE);
            }
            return Long.parseLong(version);
        }
        if (parts.length > PARTS) {
            throw new IllegalArgumentException("its version " + version + " has more than " + PARTS + " parts");
        }
        long cairn = 0;
        for (int i = 0; i < PARTS; i++) {
            String part = i < parts.length ? parts[i] : "0";
            long max = i == 0 ? MAX_FIRST - 1 : MAX_PART;
            if (!part.matches("\\d+") || part.replaceFirst("^0+(?=.)", "").length() > 7 || Long.parseLong(part) > max) {
                throw new IllegalArgumentException("its version " + version + " is not whole numbers joined by dots,"
                        + " the first at most " + (MAX_FIRST - 1) + " and the others at most " + MAX_PART
                        + " (a history with dotted versions reads every version so)");
            }
            cairn = cairn * 1000 + Long.parseLong(part);
        }
        return cairn;
    }
}
