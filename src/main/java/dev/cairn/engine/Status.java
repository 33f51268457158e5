package dev.cairn.engine;

import dev.cairn.dialect.Dialect;
import dev.cairn.repos.Repo;
import dev.cairn.runs.Run;
import dev.cairn.scripts.Migration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds a {@link StatusReport} from the store and one read of the ledger. */
final class Status {

    private Status() {}

    static StatusReport report(Repo repo, Dialect dialect, List<Migration> scripts, LedgerState state, Run running) {
        Map<Long, Migration> byVersion = new HashMap<>();
        scripts.forEach(m -> byVersion.putIfAbsent(m.version(), m));
        TreeSet<Long> versions = new TreeSet<>(byVersion.keySet());
        versions.addAll(state.applied().keySet());
        Long current = state.currentVersion();
        List<StatusReport.Entry> entries = new ArrayList<>();
        List<Long> missing = new ArrayList<>(), modified = new ArrayList<>(), outOfOrder = new ArrayList<>();
        int pending = 0;
        for (long v : versions) {
            Migration m = byVersion.get(v);
            Applied row = state.applied().get(v);
            boolean isMissing = row != null && m == null;
            boolean isModified = row != null && m != null && row.checksum() != null
                    && !row.checksum().equals(m.checksum());
            boolean isOutOfOrder = row == null && current != null && v < current;
            pending += row == null ? 1 : 0;
            if (isMissing) {
                missing.add(v);
            }
            if (isModified) {
                modified.add(v);
            }
            if (isOutOfOrder) {
                outOfOrder.add(v);
            }
            String name = m != null ? m.name() : row.name();
            entries.add(new StatusReport.Entry(v, name, row != null ? "up" : "down",
                    row == null ? null : row.insertedAt(), isMissing, isModified, isOutOfOrder));
        }
        return new StatusReport(repo.id(), dialect.name(), repo.prefix(), current, pending, entries, missing,
                modified, outOfOrder, state.dirty(), running);
    }
}
