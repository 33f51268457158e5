package dev.cairn.engine;

import dev.cairn.CairnException;
import dev.cairn.config.CairnConfig;
import dev.cairn.repos.Repo;
import dev.cairn.repos.TargetPools;
import dev.cairn.runs.Run;
import dev.cairn.runs.RunHistory;
import dev.cairn.scripts.Migration;
import dev.cairn.scripts.ScriptStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * {@code POST /repos/{id}/resolve}: after an operator checked a migration that stopped part-way outside a
 * transaction, records it as applied or rolled back and clears the dirty mark, under the run lock.
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

    public Run resolve(Repo repo, long version, boolean applied, String actor) {
        Run run = new Run(RunHistory.newRunId(), repo.id(), "resolve", applied ? "applied" : "rolled_back", actor);
        history.started(run);
        Ledger ledger = new Ledger(repo.dialect(), repo.prefix());
        try (RunLocks.Lease lease = locks.acquire(repo, pools, config.lock().waitTimeout(), run)) {
            Connection c = lease.connection();
            LedgerState state = ledger.read(c);
            if (state.dirty() == null || state.dirty().version() != version) {
                throw new CairnException(CairnException.Kind.CONFLICT, "not-dirty", "Nothing to resolve",
                        "repo '" + repo.id() + "' is not dirty at version " + version
                                + (state.dirty() == null ? "; it is not dirty at all" : "; it is dirty at "
                                + state.dirty().version())).with("version", version);
            }
            Migration m = store.find(repo.id(), version).map(Migration::loaded)
                    .orElse(new Migration(version, "unknown", "", null, null));
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(ledger.clearProgress(version));
                st.execute(ledger.recordReverted(version));
                if (applied) {
                    st.execute(ledger.recordApplied(m));
                }
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
            run.status = Run.Status.succeeded;
            run.version = ledger.read(c).currentVersion();
            LOG.infof("repo=%s resolved dirty version %d as %s by %s", repo.id(), version,
                    applied ? "applied" : "rolled_back", actor);
            return run;
        } catch (SQLException e) {
            throw Migrator.fail(run, TargetErrors.unavailable(repo, e));
        } catch (CairnException e) {
            throw Migrator.fail(run, e);
        } finally {
            run.finishedAt = Instant.now();
            history.finished(run);
        }
    }
}
