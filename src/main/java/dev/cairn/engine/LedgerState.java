package dev.cairn.engine;

import java.util.NavigableMap;

/** What the ledger said when a run (or status) read it once. */
public record LedgerState(NavigableMap<Long, Applied> applied, Dirty dirty) {

    public Long currentVersion() {
        return applied.isEmpty() ? null : applied.lastKey();
    }
}
