package dev.cairn.engine;

import dev.cairn.repos.Repo;
import dev.cairn.runs.Run;
import dev.cairn.scripts.Migration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/** The log lines and metrics every run leaves behind: one line per migration and one per run. */
@ApplicationScoped
public class RunObserver {

    private static final Logger LOG = Logger.getLogger("dev.cairn.runs");

    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

    public RunObserver(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("cairn.repos.unreachable", unreachable, Set::size)
                .description("Repos whose database the last attempt could not reach").register(meters);
    }

    /** What the last ledger read showed: the target answered, and this many stored migrations are not applied. */
    void reached(Repo repo, int pendingMigrations) {
        unreachable.remove(repo.id());
        pending.computeIfAbsent(repo.id(), id -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("cairn.pending.migrations", value, AtomicInteger::get).tag("repo", id)
                    .description("Stored migrations not applied, as of the last status or run").register(meters);
            return value;
        }).set(pendingMigrations);
    }

    public void unreachable(Repo repo) {
        unreachable.add(repo.id());
    }

    public void reachable(Repo repo) {
        unreachable.remove(repo.id());
    }

    void lockAcquired(Repo repo, Duration waited) {
        Timer.builder("cairn.lock.wait").description("Time a run waited for the database's run lock")
                .tag("repo", repo.id()).register(meters).record(waited);
    }

    void stepDone(Repo repo, Run run, Migration m, String outcome, long millis) {
        LOG.infof("repo=%s run=%s version=%d name=%s outcome=%s durationMs=%d", repo.id(), run.runId, m.version(),
                m.name(), outcome, millis);
        Timer.builder("cairn.migration.duration").description("Time to apply or revert one migration")
                .tag("repo", repo.id()).tag("direction", run.direction)
                .publishPercentileHistogram().register(meters).record(Duration.ofMillis(millis));
    }

    void runFinished(Repo repo, Run run) {
        String outcome = run.status.name();
        LOG.infof("repo=%s run=%s direction=%s strategy=%s actor=%s outcome=%s migrations=%d version=%s", repo.id(),
                run.runId, run.direction, run.strategy, run.actor, outcome, run.steps.size(), run.version);
        meters.counter("cairn.runs", "repo", repo.id(), "direction", run.direction, "outcome", outcome).increment();
    }
}
