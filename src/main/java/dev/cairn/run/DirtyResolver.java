package dev.cairn.run;

import dev.cairn.config.CairnConfig;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.ledger.Ledger;
import dev.cairn.ledger.LedgerState;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.Migration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.target.TargetErrors;
import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * After an operator checked a migration that stopped part-way outside a transaction: records it as applied or
 * rolled back and clears the dirty mark, under the run lock. Recorded in the run history like a run.
 */
@ApplicationScoped
public class DirtyResolver {

    private static final Logger LOG = Logger.getLogger(DirtyResolver.class);

    private final ScriptStore store;
    private final TargetPools pools;
    private final RunLocks locks;
    private final RunHistory history;
    private final CairnConfig config;

    public DirtyResolver(ScriptStore store, TargetPools pools, RunLocks locks, RunHistory history, CairnConfig config) {
        this.store = store;
        this.pools = pools;
        this.locks = locks;
        this.history = history;
        this.config = config;
    }

    public RunOutcome resolve(Repo repo, long version, boolean applied, String actor, String requestId) {
        String as = applied ? "applied" : "rolled_back";
        ActiveRun run = new ActiveRun(repo, null, "resolve", as, actor, requestId);
        history.started(run);
        CairnException problem = null;
        Long current = null;
        try (RunLocks.Lease lease = locks.acquire(repo, pools, config.lock().waitTimeout(), run)) {
            current = resolve(repo, version, applied, lease.connection());
            LOG.infof("repo=%s resolved dirty version %d as %s by %s", repo.id(), version, as, actor);
        } catch (SQLException e) {
            problem = TargetErrors.unavailable(repo, e);
        } catch (CairnException e) {
            problem = e;
        }
        Run record = problem == null ? run.succeeded(current) : run.failed(problem);
        if (problem != null) {
            problem.with("runId", run.runId());
        }
        history.finished(run, record);
        return new RunOutcome(record, problem);
    }

    /** @return the newest applied version afterwards */
    private Long resolve(Repo repo, long version, boolean applied, Connection c) throws SQLException {
        Ledger ledger = EctoLedger.of(repo);
        LedgerState state = ledger.read(c);
        if (state.dirty() == null || state.dirty().version() != version) {
            throw Problem.NOT_DIRTY.raise("repo '" + repo.id() + "' is not dirty at version " + version
                    + (state.dirty() == null ? "; it is not dirty at all" : "; it is dirty at "
                    + state.dirty().version())).with("version", version);
        }
        Migration m = store.find(repo.id(), version).map(ListedMigration::load)
                .orElse(new Migration(version, "unknown", "", null, null));
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(ledger.clearDirty(version));
            st.execute(ledger.recordReverted(version));
            if (applied) {
                st.execute(ledger.recordApplied(m));
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        return ledger.read(c).currentVersion();
    }
}
