package dev.cairn.run;

import dev.cairn.config.CairnConfig;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.ledger.Ledger;
import dev.cairn.ledger.LedgerState;
import dev.cairn.ledger.adopt.ForeignLedger;
import dev.cairn.ledger.adopt.ForeignLedgers;
import dev.cairn.ledger.adopt.ForeignTool;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.plan.SessionScript;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.problem.Remedy;
import dev.cairn.repo.Repo;
import dev.cairn.target.TargetErrors;
import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes over a database that another tool migrated: the stored migrations that tool's ledger lists (or, for a
 * baseline, every stored version up to one) are recorded as applied in the repo's ledger, without running them.
 * The other tool's ledger is only read. Under the run lock, recorded as a run ({@code adopt}).
 */
@ApplicationScoped
public class Adopter {

    private final ScriptStore store;
    private final TargetPools pools;
    private final RunLocks locks;
    private final RunHistory history;
    private final CairnConfig config;

    public Adopter(ScriptStore store, TargetPools pools, RunLocks locks, RunHistory history, CairnConfig config) {
        this.store = store;
        this.pools = pools;
        this.locks = locks;
        this.history = history;
        this.config = config;
    }

    /** Exactly one of {@code from} (null: look for one) and {@code baseline} is used; baseline wins when set. */
    public record Request(ForeignTool from, Long baseline, boolean dryRun, String actor, String requestId) {}

    /** What was (or, in a dry run, would be) recorded, and what stays as it was. */
    public record AdoptReport(String repo, String runId, String from, boolean dryRun, List<Long> adopted,
                              List<Long> alreadyApplied, List<Long> notInStore, List<Long> pending) {}

    public AdoptReport adopt(Repo repo, Request request) {
        if (request.dryRun()) {
            try {
                return pools.read(repo, c -> decide(repo, request, EctoLedger.of(repo).read(c), c, null));
            } catch (SQLException e) {
                throw TargetErrors.unavailable(repo, e);
            }
        }
        String strategy = request.baseline() != null ? "baseline:" + request.baseline()
                : "from:" + (request.from() == null ? "auto" : request.from().slug());
        ActiveRun run = new ActiveRun(repo, null, "adopt", strategy, request.actor(), request.requestId());
        history.started(run);
        CairnException problem = null;
        AdoptReport report = null;
        try (RunLocks.Lease lease = locks.acquire(repo, pools, config.lock().waitTimeout(), run)) {
            Connection c = lease.connection();
            Ledger ledger = EctoLedger.of(repo);
            SessionCheck.check(repo, c);
            SessionScript.of(repo, ledger).apply(c);
            report = decide(repo, request, ledger.read(c), c, run.runId());
            record(c, ledger, repo, report.adopted());
            report.adopted().forEach(v -> run.stepDone(new Run.RunStep(v, name(repo, v), 0, "adopted", null)));
        } catch (SQLException e) {
            problem = TargetErrors.unavailable(repo, e);
        } catch (CairnException e) {
            problem = e;
        }
        Run record = problem == null ? run.succeeded(null) : run.failed(problem);
        history.finished(run, record);
        if (problem != null) {
            throw problem.with("runId", run.runId());
        }
        return report;
    }

    private AdoptReport decide(Repo repo, Request request, LedgerState own, Connection c, String runId)
            throws SQLException {
        List<ListedMigration> scripts = store.list(repo.id());
        Set<Long> stored = scripts.stream().map(ListedMigration::version).collect(Collectors.toSet());
        List<Long> adopted = new ArrayList<>(), already = new ArrayList<>(), pending = new ArrayList<>();
        ForeignLedger foreign = request.baseline() != null ? null : foreign(repo, request.from(), c);
        for (ListedMigration m : scripts) {
            boolean listed = foreign == null ? m.version() <= request.baseline() : foreign.applied(m.version());
            (own.isApplied(m.version()) ? already : listed ? adopted : pending).add(m.version());
        }
        List<Long> notInStore = foreign == null ? List.of()
                : foreign.versions().stream().filter(v -> !stored.contains(v)).sorted().toList();
        return new AdoptReport(repo.id(), runId, foreign == null ? "baseline" : foreign.tool().slug(),
                request.dryRun(), adopted, already, notInStore, pending);
    }

    private static ForeignLedger foreign(Repo repo, ForeignTool named, Connection c) throws SQLException {
        ForeignTool tool = named;
        if (tool == null) {
            List<ForeignTool> found = new ArrayList<>(ForeignLedgers.present(c, repo.dialect(), repo.prefix()));
            found.removeIf(t -> t == ForeignTool.ECTO && repo.ledger().equals(t.table())); // the repo's own
            if (found.size() != 1) {
                throw Problem.FOREIGN_LEDGER_MISSING.raise(found.isEmpty()
                        ? "no other tool's ledger was found in the repo's database; name the tool with from, or "
                        + "adopt with a baseline"
                        : "found the ledgers of " + found.stream().map(ForeignTool::slug).toList() + "; name the "
                        + "one to adopt with from").with("found", found.stream().map(ForeignTool::slug).toList());
            }
            tool = found.get(0);
        }
        if (tool.table().equals(repo.ledger()) && tool != ForeignTool.ECTO) {
            throw Problem.FOREIGN_LEDGER.raise(tool.slug() + "'s ledger is called " + tool.table() + ", the very "
                    + "name of this repo's ledger; register the repo with another ledgerTable, then adopt")
                    .with("table", tool.table()).remedy(Remedy.REPLACE_REPO);
        }
        return ForeignLedgers.read(c, repo.dialect(), repo.prefix(), tool);
    }

    /** The ledger rows, all in one transaction: an adoption is recorded whole or not at all. */
    private void record(Connection c, Ledger ledger, Repo repo, List<Long> versions) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (long v : versions) {
                st.execute(ledger.recordApplied(store.get(repo.id(), v).load()));
            }
            c.commit();
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    private String name(Repo repo, long version) {
        return store.find(repo.id(), version).map(ListedMigration::name).orElse(null);
    }
}
