package dev.cairn.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.ledger.Dirty;
import dev.cairn.ledger.LedgerState;
import dev.cairn.migration.ListedMigration;
import java.util.List;

/**
 * Where one installed set stands in a repo: the newest applied set version ({@code migratedVersion}, PhoenixKit's
 * {@code migrated_version}; null when none is), the set's newest version and the versions not applied yet.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetStatus(String id, Long migratedVersion, Long latestVersion, List<Long> pending, Dirty dirty) {

    public static SetStatus of(String id, List<ListedMigration> scripts, LedgerState state) {
        List<Long> pending = scripts.stream().map(ListedMigration::version).filter(v -> !state.isApplied(v))
                .distinct().toList();
        Long latest = scripts.isEmpty() ? null : scripts.get(scripts.size() - 1).version();
        return new SetStatus(id, state.currentVersion(), latest, pending, state.dirty());
    }
}
