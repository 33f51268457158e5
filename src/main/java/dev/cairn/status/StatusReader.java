package dev.cairn.status;

import dev.cairn.ledger.EctoLedger;
import dev.cairn.ledger.KnownLedgers;
import dev.cairn.ledger.LedgerState;
import dev.cairn.migration.ScriptStore;
import dev.cairn.observe.RepoGauges;
import dev.cairn.repo.Repo;
import dev.cairn.set.MigrationSets;
import dev.cairn.run.ActiveRun;
import dev.cairn.run.RunLocks;
import dev.cairn.target.TargetErrors;
import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where a repo stands, read without locking, so it never waits for a running migration. */
@ApplicationScoped
public class StatusReader {

    private final ScriptStore store;
    private final TargetPools pools;
    private final RunLocks locks;
    private final RepoGauges gauges;
    private final KnownLedgers knownLedgers;
    private final MigrationSets sets;

    public StatusReader(ScriptStore store, TargetPools pools, RunLocks locks, RepoGauges gauges,
                        KnownLedgers knownLedgers, MigrationSets sets) {
        this.sets = sets;
        this.store = store;
        this.pools = pools;
        this.locks = locks;
        this.gauges = gauges;
        this.knownLedgers = knownLedgers;
    }

    /** {@link #status}, in its turn among the status calls on the repo's database ({@link TargetPools#inTurn}). */
    public CompletionStage<StatusReport> statusInTurn(Repo repo) {
        return pools.inTurn(repo, () -> status(repo)).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof SQLException waitedTooLong ? unavailable(repo, waitedTooLong) : e));
    }

    public StatusReport status(Repo repo) {
        LedgerState state;
        List<SetStatus> installed = new ArrayList<>();
        try {
            state = pools.read(repo, c -> {
                for (String set : repo.sets()) {
                    Repo owner = repo.forSet(set);
                    installed.add(SetStatus.of(set, sets.scripts().list(set),
                            knownLedgers.readForStatus(owner, EctoLedger.of(owner), c)));
                }
                return knownLedgers.readForStatus(repo, EctoLedger.of(repo), c);
            });
        } catch (SQLException e) {
            throw unavailable(repo, e);
        }
        StatusReport report = StatusReport.of(repo, store.list(repo.id()), state,
                locks.holder(repo).map(ActiveRun::snapshot).orElse(null), installed);
        gauges.reached(repo, report.pending());
        return report;
    }

    /**
     * Whether the version is applied, or dirty part-way; a repo never migrated has nothing applied. For a set's
     * version, pass {@link Repo#forSet}.
     */
    public boolean isApplied(Repo repo, long version) {
        try {
            LedgerState state = pools.read(repo, c -> EctoLedger.of(repo).read(c));
            return state.isApplied(version) || (state.dirty() != null && state.dirty().version() == version);
        } catch (SQLException e) {
            throw TargetErrors.unavailable(repo, e);
        }
    }

    private RuntimeException unavailable(Repo repo, SQLException e) {
        gauges.unreachable(repo);
        return TargetErrors.unavailable(repo, e);
    }
}
