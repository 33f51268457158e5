package dev.cairn.run;

import dev.cairn.plan.RunRequest;
import dev.cairn.repo.Repo;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs that outlive the request that started them ({@code Prefer: respond-async}), each on a thread of its own: a
 * migration may hold its thread for hours, which must not starve the HTTP workers.
 */
@ApplicationScoped
public class BackgroundRuns {

    private final Runner runner;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "cairn-run-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public BackgroundRuns(Runner runner) {
        this.runner = runner;
    }

    /**
     * Checks the plan first (a refusal is thrown here, to the caller), then starts the run and returns it at once.
     */
    public ActiveRun start(Repo repo, RunRequest request) {
        runner.dryRun(repo, request);
        ActiveRun run = runner.begin(repo, request);
        executor.execute(() -> runner.finish(run, request));
        return run;
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
