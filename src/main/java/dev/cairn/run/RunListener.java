package dev.cairn.run;

import dev.cairn.migration.Migration;
import dev.cairn.plan.Plan;
import java.time.Duration;

/**
 * What a run tells as it goes. History, logs and metrics listen; live views and notifications can listen the same
 * way. Listeners are called on the run's thread and must be quick; one that fails is logged and never fails the run.
 */
public interface RunListener {

    default void started(ActiveRun run) {}

    default void lockAcquired(ActiveRun run, Duration waited) {}

    default void planned(ActiveRun run, Plan plan) {}

    default void migrationStarted(ActiveRun run, Migration migration) {}

    /** Statement {@code index} (0-based) of the migration's {@code count} is about to run. */
    default void statement(ActiveRun run, Migration migration, int index, int count) {}

    /** A migration was applied or reverted; one that failed ends the run instead ({@link #finished}). */
    default void migrationFinished(ActiveRun run, Run.RunStep step) {}

    /** The run ended: succeeded, or failed with the problem in {@code record.error()}. */
    default void finished(ActiveRun run, Run record) {}
}
