package dev.cairn.observe;

import dev.cairn.run.ActiveRun;
import dev.cairn.run.Run;
import dev.cairn.run.RunListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The meters every run feeds: lock waits, each migration's duration, and runs by outcome. */
@ApplicationScoped
public class RunMetrics implements RunListener {

    private final MeterRegistry meters;

    public RunMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void lockAcquired(ActiveRun run, Duration waited) {
        Timer.builder("cairn.lock.wait").description("Time a run waited for the database's run lock")
                .tag("repo", run.repo().id()).register(meters).record(waited);
    }

    @Override
    public void migrationFinished(ActiveRun run, Run.RunStep step) {
        Timer.builder("cairn.migration.duration").description("Time to apply or revert one migration")
                .tag("repo", run.repo().id()).tag("direction", run.direction())
                .publishPercentileHistogram().register(meters).record(Duration.ofMillis(step.durationMs()));
    }

    @Override
    public void finished(ActiveRun run, Run record) {
        meters.counter("cairn.runs", "repo", record.repo(), "direction", record.direction(), "outcome",
                record.status().name()).increment();
    }
}
