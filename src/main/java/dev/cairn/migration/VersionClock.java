package dev.cairn.migration;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Versions for migrations stored without one: the current UTC time, as {@code mix ecto.gen.migration} writes it. */
final class VersionClock {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private VersionClock() {}

    /** {@code YYYYMMDDHHMMSS} now, moved forward a second at a time past versions already taken. */
    static long freeTimestamp(List<ListedMigration> existing) {
        LocalDateTime t = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        while (true) {
            long candidate = Long.parseLong(t.format(TIMESTAMP));
            if (existing.stream().noneMatch(m -> m.version() == candidate)) {
                return candidate;
            }
            t = t.plusSeconds(1);
        }
    }
}
