package dev.cairn.plan;

import dev.cairn.ledger.Dirty;
import dev.cairn.ledger.LedgerRow;
import dev.cairn.ledger.LedgerState;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.Migration;
import dev.cairn.problem.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Decides which migrations a run touches, in which order, from the scripts in the store and the ledger alone.
 * Pure: no database, no clock. Everything that would make the run fail part-way for a reason known up front
 * (a missing down script, a duplicate version, a refused out-of-order migration) is refused here.
 */
public final class Planner {

    private Planner() {}

    /**
     * @param resumable whether the dialect can pick a dirty migration up at the statement that failed
     */
    public static Plan plan(RunRequest request, List<ListedMigration> scripts, LedgerState ledger,
                            boolean resumable) {
        return plan(request, scripts, notApplied(scripts, ledger), ledger, resumable);
    }

    /**
     * The scripts the ledger does not list, in store order, after refusing duplicate versions: the one pass over
     * the whole store a plan needs, so a caller that already knows the answer for this listing and ledger may
     * pass it to {@link #plan(RunRequest, List, List, LedgerState, boolean)} instead.
     */
    public static List<ListedMigration> notApplied(List<ListedMigration> scripts, LedgerState ledger) {
        refuseDuplicates(scripts);
        List<ListedMigration> notApplied = new ArrayList<>();
        for (ListedMigration m : scripts) {
            if (!ledger.isApplied(m.version())) {
                notApplied.add(m);
            }
        }
        return notApplied;
    }

    public static Plan plan(RunRequest request, List<ListedMigration> scripts, List<ListedMigration> notApplied,
            LedgerState ledger,
                     boolean resumable) {
        Map<Long, ListedMigration> byVersion = request.direction() == Direction.DOWN || ledger.dirty() != null
                ? indexByVersion(scripts) : Map.of();
        Dirty resumed = checkDirty(request.direction(), ledger.dirty(), byVersion, resumable);
        Plan plan = request.direction() == Direction.UP
                ? planUp(request, notApplied, ledger, resumed)
                : planDown(request.strategy(), byVersion, ledger, resumed);
        checkResumedFirst(ledger.dirty(), plan, request.strategy());
        return plan;
    }

    private static Plan planUp(RunRequest request, List<ListedMigration> notApplied, LedgerState ledger,
                               Dirty resumed) {
        List<ListedMigration> pending = new ArrayList<>(notApplied);
        Dirty dirty = ledger.dirty();
        if (dirty != null) {
            // The interrupted migration finishes before anything else starts (checkDirty made sure it is listed).
            ListedMigration interrupted = pending.stream().filter(m -> m.version() == dirty.version()).findFirst()
                    .orElseThrow();
            pending.remove(interrupted);
            pending.add(0, interrupted);
        }
        List<ListedMigration> selected = select(request.strategy(), pending, ListedMigration::version, Direction.UP);
        Long current = ledger.currentVersion();
        List<Long> outOfOrder = current == null ? List.of()
                : selected.stream().map(ListedMigration::version).filter(v -> v < current).toList();
        if (request.strictOrder() && !outOfOrder.isEmpty()) {
            throw Problem.OUT_OF_ORDER.raise("strictOrder is set and the plan would apply " + outOfOrder
                    + ", older than the current version " + current + "; renumber them after " + current
                    + " or run without strictOrder")
                    .with("outOfOrder", outOfOrder).with("currentVersion", current);
        }
        return new Plan(Direction.UP, selected.stream().map(ListedMigration::load).toList(), outOfOrder, resumed);
    }

    private static Plan planDown(Strategy strategy, Map<Long, ListedMigration> byVersion, LedgerState ledger,
                                 Dirty resumed) {
        List<Long> newestFirst = new ArrayList<>(ledger.rows().descendingKeySet());
        Dirty dirty = ledger.dirty();
        if (dirty != null) {
            newestFirst.remove(dirty.version());
            newestFirst.add(0, dirty.version());
        }
        List<Long> versions = select(strategy, newestFirst, Long::longValue, Direction.DOWN);
        List<Migration> steps = new ArrayList<>();
        for (long v : versions) {
            ListedMigration listed = byVersion.get(v);
            LedgerRow row = ledger.rows().get(v);
            String name = row != null && row.name() != null ? " (" + row.name() + ")" : "";
            if (listed == null) {
                throw Problem.SCRIPT_MISSING.raise("cannot roll back version " + v + name
                        + ": it is applied but the store has no script for it; "
                        + "store it again with its down script, then retry. Nothing was run.")
                        .with("version", v);
            }
            Migration m = listed.load();
            if (!m.hasDown()) {
                throw Problem.NO_DOWN_SCRIPT.raise("cannot roll back migration " + v + "_" + m.name()
                        + ": it has no down script. " + "Add one to the migration or roll back fewer steps. "
                        + "Nothing was run.").with("version", v).with("name", m.name());
            }
            steps.add(m);
        }
        return new Plan(Direction.DOWN, List.copyOf(steps), List.of(), resumed);
    }

    /** {@code to} is inclusive both ways: migrate up to and including it, roll back down to and including it. */
    private static <T> List<T> select(Strategy strategy, List<T> ordered, ToLongFunction<T> version, Direction d) {
        if (strategy instanceof Strategy.Step step) {
            return ordered.subList(0, Math.min(step.count(), ordered.size()));
        }
        if (strategy instanceof Strategy.To to) {
            return ordered.stream().filter(x -> d == Direction.UP ? version.applyAsLong(x) <= to.version()
                    : version.applyAsLong(x) >= to.version()).toList();
        }
        return ordered;
    }

    /** @return the dirty mark the run resumes, or null when nothing is dirty */
    private static Dirty checkDirty(Direction direction, Dirty dirty, Map<Long, ListedMigration> byVersion,
                                    boolean resumable) {
        if (dirty == null) {
            return null;
        }
        ListedMigration m = byVersion.get(dirty.version());
        String what = "version " + dirty.version() + (m == null ? "" : " (" + m.name() + ")");
        boolean sameWay = dirty.direction().equals(direction.word());
        if (!resumable || !sameWay || m == null) {
            String why = !resumable ? "this database cannot resume a migration part-way"
                    : !sameWay ? "it stopped while going " + dirty.direction() + ", so only that direction may resume it"
                    : "its script is no longer in the store";
            throw Problem.REPO_DIRTY.raise("a non-transactional migration stopped part-way at " + what + " after "
                    + dirty.statementsDone() + " statement(s), and " + why
                    + ". Check the database, then resolve the version as applied or rolled back.")
                    .with("version", dirty.version()).with("direction", dirty.direction())
                    .with("statementsDone", dirty.statementsDone());
        }
        return dirty;
    }

    /** A {@code to} that stops short of the dirty migration would otherwise run others while it is half done. */
    private static void checkResumedFirst(Dirty dirty, Plan plan, Strategy strategy) {
        if (dirty != null && (plan.steps().isEmpty() || plan.steps().get(0).version() != dirty.version())) {
            throw Problem.REPO_DIRTY.raise("version " + dirty.version()
                    + " stopped part-way and must finish first, but " + strategy
                    + " leaves it out. Run with a strategy that includes it, or resolve the version. Nothing was run.")
                    .with("version", dirty.version()).with("direction", dirty.direction())
                    .with("statementsDone", dirty.statementsDone());
        }
    }

    /**
     * Finds a duplicate version without a map of boxed versions, which counts at 10,000 scripts; the store lists
     * them sorted, so usually no sort is needed either.
     */
    private static void refuseDuplicates(List<ListedMigration> scripts) {
        long[] versions = new long[scripts.size()];
        boolean sorted = true;
        for (int i = 0; i < versions.length; i++) {
            versions[i] = scripts.get(i).version();
            sorted &= i == 0 || versions[i] >= versions[i - 1];
        }
        if (!sorted) {
            Arrays.sort(versions);
        }
        for (int i = 1; i < versions.length; i++) {
            long v = versions[i];
            if (v == versions[i - 1]) {
                List<String> names = scripts.stream().filter(m -> m.version() == v).map(ListedMigration::name)
                        .toList();
                throw Problem.DUPLICATE_VERSION.raise("the store holds two migrations with version " + v + ": "
                        + names.get(0) + " and " + names.get(1)
                        + "; rename one folder. Nothing was run.").with("version", v);
            }
        }
    }

    private static Map<Long, ListedMigration> indexByVersion(List<ListedMigration> scripts) {
        Map<Long, ListedMigration> byVersion = new HashMap<>();
        scripts.forEach(m -> byVersion.put(m.version(), m));
        return byVersion;
    }
}
