package dev.cairn.engine;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Set;

/**
 * What the ledger said when a run (or status) read it once. The versions are a sorted primitive array: planning a
 * run over 10,000 applied migrations must not cost more in boxing and tree maps than the query itself. The rows
 * (time, name, checksum) are there only when they were read; a migrate plans from versions alone.
 */
public record LedgerState(long[] versions, NavigableMap<Long, Applied> rows, Dirty dirty) {

    /** A ledger read with every row. */
    public static LedgerState of(NavigableMap<Long, Applied> rows, Dirty dirty) {
        return new LedgerState(rows.keySet().stream().mapToLong(Long::longValue).toArray(), rows, dirty);
    }

    /** A ledger read as versions only; sorts the array it is given, which it keeps. */
    public static LedgerState ofVersions(long[] versions, Dirty dirty) {
        Arrays.sort(versions);
        return new LedgerState(versions, null, dirty);
    }

    public boolean isApplied(long version) {
        return Arrays.binarySearch(versions, version) >= 0;
    }

    public Long currentVersion() {
        return versions.length == 0 ? null : versions[versions.length - 1];
    }

    /** Every row by version; only for a ledger read with its rows. */
    public NavigableMap<Long, Applied> applied() {
        if (rows == null) {
            throw new IllegalStateException("the ledger was read as versions only");
        }
        return rows;
    }

    /** The newest applied version once the given versions were applied (UP) or reverted (DOWN). */
    Long currentAfter(Direction direction, Collection<Long> done) {
        Long current = currentVersion();
        if (direction == Direction.UP) {
            for (long v : done) {
                current = current == null || v > current ? v : current;
            }
            return current;
        }
        Set<Long> reverted = new HashSet<>(done);
        for (int i = versions.length - 1; i >= 0; i--) {
            if (!reverted.contains(versions[i])) {
                return versions[i];
            }
        }
        return null;
    }
}
