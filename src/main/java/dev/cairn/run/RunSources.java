package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.ledger.Ledger;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.migration.SetPin;
import dev.cairn.migration.Timeouts;
import dev.cairn.plan.Direction;
import dev.cairn.plan.LedgerGuard;
import dev.cairn.plan.MigrationScript;
import dev.cairn.plan.Plan;
import dev.cairn.plan.Planner;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.repo.Repo;
import dev.cairn.set.MigrationSets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's migrations and ledger come from: the repo's own, or an installed set's (the repo as the set sees
 * it); and what a {@link SetPin} runs: the set's migrations up to its version (or back through it), planned on the
 * run's connection against the set's ledger as it is at that moment, so a pin after another pin of the same set sees
 * what the first one did.
 */
final class RunSources {

    private final ScriptStore store;
    private final MigrationSets sets;

    RunSources(ScriptStore store, MigrationSets sets) {
        this.store = store;
        this.sets = sets;
    }

    /** Refuses a set run of a set that does not exist or that the repo does not install. */
    void check(Repo repo, RunRequest request) {
        if (request.set() != null) {
            sets.require(request.set());
            MigrationSets.requireInstalled(repo, request.set());
        }
    }

    /** The repo whose ledger the run reads and writes: the repo itself, or the repo as the set sees it. */
    static Repo ledgerOwner(Repo repo, RunRequest request) {
        return request.set() == null ? repo : repo.forSet(request.set());
    }

    List<ListedMigration> scripts(Repo repo, RunRequest request) {
        return request.set() == null ? store.list(repo.id()) : sets.list(request.set());
    }

    /**
     * The set's scripts the pin runs, with the statements that create the set's ledger first; {@code create} makes
     * the ledger on the connection (a real run), else it is only read (a dry run: a missing one reads as empty);
     * {@code atomic}: the scripts run inside the run's one transaction.
     */
    Planned plan(Connection c, Repo repo, SetPin pin, Direction direction, Dialect dialect, Timeouts timeouts,
                 boolean create, boolean atomic) throws SQLException {
        sets.require(pin.set());
        MigrationSets.requireInstalled(repo, pin.set());
        Ledger ledger = EctoLedger.of(repo.forSet(pin.set()));
        if (create) {
            ledger.ensure(c);
        }
        RunRequest request = new RunRequest(direction, new Strategy.To(pin.version()), !create, false, null, null)
                .ofSet(pin.set());
        Plan plan = Planner.plan(request, sets.list(pin.set()), ledger.read(c), dialect.resumesPartialMigrations());
        return new Planned(ledger.createStatements(),
                MigrationScript.of(plan, dialect, ledger, LedgerGuard.of(repo, ledger), timeouts, atomic));
    }

    /** The set's ledger statements and migration scripts, in the order a dry run prints them. */
    record Planned(List<String> ledger, List<MigrationScript> scripts) {

        List<String> sql() {
            List<String> sql = new ArrayList<>(ledger);
            scripts.forEach(s -> sql.addAll(s.sql()));
            return sql;
        }
    }
}
