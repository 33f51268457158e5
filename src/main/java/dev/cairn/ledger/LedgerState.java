package dev.cairn.ledger;

import dev.cairn.plan.Direction;
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
public record LedgerState(long[] versions, NavigableMap<Long, LedgerRow> rows, Dirty dirty, boolean cairnShape) {

    /**
     * A ledger read with every row; {@code cairnShape} when both tables were found with Cairn's columns, so the next
     * read may take them in one statement.
     */
    public static LedgerState of(NavigableMap<Long, LedgerRow> rows, Dirty dirty, boolean cairnShape) {
        return new LedgerState(rows.keySet().stream().mapToLong(Long::longValue).toArray(), rows, dirty, cairnShape);
    }

    /** A ledger read as versions only; sorts the array it is given, which it keeps. */
    public static LedgerState ofVersions(long[] versions, Dirty dirty) {
        Arrays.sort(versions);
        return new LedgerState(versions, null, dirty, false);
    }

    public boolean isApplied(long version) {
        return Arrays.binarySearch(versions, version) >= 0;
    }

    public Long currentVersion() {
        return versions.length == 0 ? null : versions[versions.length - 1];
    }

    /** Every row by version; only for a ledger read with its rows. */
    @Override
    public NavigableMap<Long, LedgerRow> rows() {
        if (rows == null) {
            throw new IllegalStateException("the ledger was read as versions only");
        }
        return rows;
    }

    /** The newest applied version once the given versions were applied (UP) or reverted (DOWN). */
    public Long currentAfter(Direction direction, Collection<Long> done) {
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
