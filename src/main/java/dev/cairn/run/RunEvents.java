package dev.cairn.run;

import dev.cairn.migration.Migration;
import dev.cairn.plan.Plan;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** Hands each run event to every {@link RunListener}, in order; a failing listener is logged and skipped. */
@ApplicationScoped
public class RunEvents {

    private static final Logger LOG = Logger.getLogger(RunEvents.class);

    private final List<RunListener> listeners;

    @Inject
    public RunEvents(@All List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void started(ActiveRun run) {
        each(l -> l.started(run));
    }

    void lockAcquired(ActiveRun run, Duration waited) {
        each(l -> l.lockAcquired(run, waited));
    }

    void planned(ActiveRun run, Plan plan) {
        each(l -> l.planned(run, plan));
    }

    void migrationStarted(ActiveRun run, Migration migration) {
        each(l -> l.migrationStarted(run, migration));
    }

    void statement(ActiveRun run, Migration migration, int index, int count) {
        each(l -> l.statement(run, migration, index, count));
    }

    void migrationFinished(ActiveRun run, Run.RunStep step) {
        each(l -> l.migrationFinished(run, step));
    }

    void finished(ActiveRun run, Run record) {
        each(l -> l.finished(run, record));
    }

    private void each(Consumer<RunListener> event) {
        for (RunListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.errorf("Run listener %s failed: %s", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
