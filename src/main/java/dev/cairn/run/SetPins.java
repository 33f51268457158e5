package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.ledger.Ledger;
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
 * What a {@link SetPin} runs: the set's migrations up to its version (or back through it), planned on the run's
 * connection against the set's ledger as it is at that moment, so a pin after another pin of the same set sees what
 * the first one did.
 */
final class SetPins {

    private final MigrationSets sets;

    SetPins(MigrationSets sets) {
        this.sets = sets;
    }

    /**
     * The set's scripts the pin runs, with the statements that create the set's ledger first; {@code create} makes
     * the ledger on the connection (a real run), else it is only read (a dry run: a missing one reads as empty).
     */
    Planned plan(Connection c, Repo repo, SetPin pin, Direction direction, Dialect dialect, Timeouts timeouts,
                 boolean create) throws SQLException {
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
                MigrationScript.of(plan, dialect, ledger, LedgerGuard.of(repo, ledger), timeouts));
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
