package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.migration.Migration;
import dev.cairn.migration.Timeouts;
import dev.cairn.plan.MigrationScript;
import dev.cairn.plan.Plan;
import dev.cairn.plan.RunRequest;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The refusals of an {@code atomic} run, the whole plan in one transaction with its ledger rows: only where DDL is
 * transactional, and only of migrations that may run in a transaction, a pinned set's included. Both come before
 * any migration's SQL.
 */
final class AtomicRuns {

    private AtomicRuns() {}

    static void checkEngine(Repo repo, RunRequest request) {
        if (request.atomic() && !repo.dialect().transactionalDdl()) {
            throw Problem.ATOMIC_UNSUPPORTED.raise("atomic runs need transactional DDL, and on "
                    + repo.dialect().name() + " every DDL statement commits itself, so a failure part-way could not "
                    + "take back the migrations before it. Run without atomic: each migration then commits on its "
                    + "own, and a failed one resumes at its statement. Nothing was run.")
                    .with("engine", repo.dialect().name());
        }
    }

    /** Refuses the plan if one of its migrations, or of the sets it pins, opted out of transactions. */
    static void checkPlan(Connection c, Repo repo, Plan plan, RunSources sources, Timeouts timeouts)
            throws SQLException {
        Dialect dialect = repo.dialect();
        List<Migration> all = new ArrayList<>();
        for (Migration m : plan.steps()) {
            if (m.pin() != null) {
                sources.plan(c, repo, m.pin(), plan.direction(), dialect, timeouts, false, false).scripts()
                        .forEach(s -> all.add(s.migration()));
            }
            all.add(m);
        }
        for (Migration m : all) {
            if (!MigrationScript.transactional(m, dialect)) {
                throw Problem.ATOMIC_NOT_TRANSACTIONAL.raise("migration " + m + " runs outside a transaction "
                        + "(transaction: false), so it cannot be part of an atomic run. Run without atomic, or "
                        + "up to the version before it atomically and the rest after. Nothing was run.")
                        .with("version", m.version()).with("name", m.name());
            }
        }
    }
}
