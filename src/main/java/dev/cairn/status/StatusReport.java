package dev.cairn.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.ledger.Dirty;
import dev.cairn.ledger.LedgerRow;
import dev.cairn.ledger.LedgerState;
import dev.cairn.migration.ListedMigration;
import dev.cairn.repo.Repo;
import dev.cairn.run.Run;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Where a repo stands: every known version, up or down, what needs attention, and its installed sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusReport(String repo, String engine, String prefix, Long version, int pending,
                           List<Entry> migrations, List<Long> missing, List<Long> modified, List<Long> outOfOrder,
                           Dirty dirty, Run runInProgress, List<SetStatus> sets) {

    /**
     * The report from the store's listing and one read of the ledger; {@code running} is the run holding the lock;
     * {@code sets}: where each installed set stands, empty when the repo installs none.
     */
    public static StatusReport of(Repo repo, List<ListedMigration> scripts, LedgerState state, Run running,
                                  List<SetStatus> sets) {
        Map<Long, ListedMigration> byVersion = new HashMap<>();
        scripts.forEach(m -> byVersion.putIfAbsent(m.version(), m));
        TreeSet<Long> versions = new TreeSet<>(byVersion.keySet());
        versions.addAll(state.rows().keySet());
        Long current = state.currentVersion();
        List<Entry> entries = new ArrayList<>();
        List<Long> missing = new ArrayList<>(), modified = new ArrayList<>(), outOfOrder = new ArrayList<>();
        int pending = 0;
        for (long v : versions) {
            ListedMigration m = byVersion.get(v);
            LedgerRow row = state.rows().get(v);
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
            entries.add(new Entry(v, name, row != null ? "up" : "down",
                    row == null ? null : row.insertedAt(), isMissing, isModified, isOutOfOrder));
        }
        return new StatusReport(repo.id(), repo.dialect().name(), repo.prefix(), current, pending, entries, missing,
                modified, outOfOrder, state.dirty(), running, sets.isEmpty() ? null : List.copyOf(sets));
    }

    /** Where the installed set stands, or null when the repo does not install it. */
    public SetStatus set(String id) {
        return sets == null ? null : sets.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /**
     * One version. {@code status} is {@code up} or {@code down}; {@code missing} means applied with no script
     * (Ecto's "** FILE NOT FOUND **"), {@code modified} means the up script changed since it was applied.
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Entry(long version, String name, String status, LocalDateTime appliedAt, boolean missing,
                        boolean modified, boolean outOfOrder) {}
}
