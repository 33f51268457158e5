package dev.cairn.fleet;

import dev.cairn.config.CairnConfig;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.plan.RunRequest;
import dev.cairn.run.ActiveRun;
import dev.cairn.run.DryRun;
import dev.cairn.run.RunOutcome;
import dev.cairn.run.Runner;
import dev.cairn.status.StatusReader;
import io.quarkus.arc.All;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Fleet runs: one migrate or rollback on many repos, canaries first and alone, then up to the concurrency at once,
 * each repo's run an ordinary run of its own (its run lock, its history). The fleet's record is journaled, so a
 * restart shows what finished and {@link #resume} runs the rest.
 */
@ApplicationScoped
public class Fleets {

    private static final Logger LOG = Logger.getLogger(Fleets.class);

    private final Runner runner;
    private final RepoRegistry registry;
    private final FleetJournal journal;
    private final StatusReader statusReader;
    private final List<FleetListener> listeners;
    private final int maxConcurrency;
    private final Map<String, FleetRun> runs = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "cairn-fleet-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public Fleets(Runner runner, RepoRegistry registry, FleetJournal journal, StatusReader statusReader,
                  CairnConfig config, @All List<FleetListener> listeners) {
        this.runner = runner;
        this.statusReader = statusReader;
        this.registry = registry;
        this.journal = journal;
        this.listeners = List.copyOf(listeners);
        // Each repo's run holds one pooled connection for its whole length; more at once would only queue there.
        this.maxConcurrency = config.pool().maxSize();
        journal.load().forEach(r -> runs.put(r.id(), r));
    }

    /** The highest concurrency a fleet run gets; more is lowered to this. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    public FleetRun start(FleetRequest request) {
        FleetRequest bounded = new FleetRequest(request.repos(), request.run(),
                Math.max(1, Math.min(request.concurrency(), maxConcurrency)), request.canary(),
                request.stopOnError());
        FleetRun run = new FleetRun("f-" + UUID.randomUUID(), bounded, Instant.now());
        runs.put(run.id(), run);
        journal.started(run);
        executor.execute(() -> drive(run));
        return run;
    }

    public Optional<FleetRun> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    /** Newest first. */
    public List<FleetRun> list() {
        return runs.values().stream().sorted(Comparator.comparing(FleetRun::startedAt).reversed()).toList();
    }

    /** What the run would do on each repo, one after the other; a repo whose plan is refused says why. */
    public List<FleetDryRun> dryRun(List<Repo> repos, RunRequest request) {
        List<FleetDryRun> plans = new ArrayList<>();
        for (Repo repo : repos) {
            try {
                DryRun plan = runner.dryRun(repo, request);
                plans.add(new FleetDryRun(repo.id(), plan.plan(), null));
            } catch (CairnException e) {
                plans.add(new FleetDryRun(repo.id(), null, e.describe()));
            }
        }
        return plans;
    }

    /** The status of each repo, read in its turn on its database, summed up. */
    /** The repos' status summed up; with a set, where each stands in that set instead of its own migrations. */
    public FleetStatus status(List<Repo> repos, String set) {
        List<CompletableFuture<FleetStatus.Reading>> readings = repos.stream().map(repo -> statusReader
                .statusInTurn(repo).toCompletableFuture()
                .thenApply(report -> new FleetStatus.Reading(repo, report, null))
                .exceptionally(e -> new FleetStatus.Reading(repo, null, problem(e)))).toList();
        return FleetStatus.of(readings.stream().map(CompletableFuture::join).toList(), set);
    }

    private static CairnException problem(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof CairnException c ? c
                : Problem.INTERNAL_ERROR.raise("the status could not be read: " + cause.getClass().getSimpleName());
    }

    /** No new repo starts; those in flight finish. */
    public FleetRun cancel(String id) {
        FleetRun run = get(id);
        if (!run.running()) {
            throw Problem.RUN_FINISHED.raise("fleet run " + id + " has already ended (" + run.view().status()
                    + "); there is nothing to cancel").with("fleetRunId", id);
        }
        run.cancel();
        return run;
    }

    /** Runs the repos a restart cut off: those that never started and those that were in flight. */
    public FleetRun resume(String id) {
        FleetRun run = get(id);
        synchronized (run) {
            if (run.view().status() != FleetRun.Status.interrupted) {
                throw Problem.FLEET_RUN_NOT_INTERRUPTED.raise("fleet run " + id + " is " + run.view().status()
                        + "; only a fleet run that a restart interrupted can be resumed").with("fleetRunId", id);
            }
            run.resumed();
        }
        journal.resumed(run);
        executor.execute(() -> drive(run));
        return run;
    }

    private FleetRun get(String id) {
        return find(id).orElseThrow(() -> Problem.FLEET_RUN_NOT_FOUND.raise("no fleet run " + id
                + " is known; fleet runs are kept in the store").with("fleetRunId", id));
    }

    private void drive(FleetRun run) {
        try {
            List<FleetRepo> left = run.left();
            for (FleetRepo canary : left.stream().filter(FleetRepo::canary).toList()) {
                if (run.stopping()) {
                    break;
                }
                runOne(run, canary);
                if (run.repo(canary.repo()).state() == FleetRepo.State.failed) {
                    run.halt();
                }
            }
            Queue<FleetRepo> queue = new ConcurrentLinkedQueue<>(left.stream().filter(r -> !r.canary()).toList());
            List<Future<?>> workers = new ArrayList<>();
            int count = Math.min(run.request().concurrency(), queue.size());
            for (int i = 0; i < count && !run.stopping(); i++) {
                workers.add(executor.submit(() -> {
                    FleetRepo next;
                    while (!run.stopping() && (next = queue.poll()) != null) {
                        runOne(run, next);
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf(e, "Fleet run %s stopped early", run.id());
        } finally {
            Instant at = Instant.now();
            FleetRun.Status status = run.end(at);
            journal.ended(run, status, at);
            FleetRunView view = run.view();
            LOG.infof("Fleet run %s %s: %s", run.id(), status, view.counts());
            tell(view);
        }
    }

    private void tell(FleetRunView view) {
        for (FleetListener listener : listeners) {
            try {
                listener.finished(view);
            } catch (RuntimeException e) {
                LOG.errorf("Fleet listener %s failed: %s", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private void runOne(FleetRun run, FleetRepo member) {
        long started = System.nanoTime();
        Optional<Repo> repo = registry.find(member.repo());
        if (repo.isEmpty()) {
            ended(run, member.ended(FleetRepo.State.failed, null, "the repo is no longer registered", 0));
            return;
        }
        String runId = null;
        try {
            ActiveRun active = runner.begin(repo.get(), run.request().run());
            runId = active.runId();
            FleetRepo running = member.running(runId);
            run.update(running);
            journal.repo(run, running);
            RunOutcome outcome = runner.finish(active, run.request().run());
            long ms = (System.nanoTime() - started) / 1_000_000;
            ended(run, outcome.succeeded()
                    ? member.ended(FleetRepo.State.succeeded, runId, null, ms)
                    : member.ended(FleetRepo.State.failed, runId, outcome.problem().getMessage(), ms));
        } catch (CairnException e) {
            ended(run, member.ended(FleetRepo.State.failed, runId, e.getMessage(),
                    (System.nanoTime() - started) / 1_000_000));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Fleet run %s: repo %s failed unexpectedly", run.id(), member.repo());
            ended(run, member.ended(FleetRepo.State.failed, runId, "Cairn failed unexpectedly: "
                    + e.getClass().getSimpleName(), (System.nanoTime() - started) / 1_000_000));
        }
    }

    private void ended(FleetRun run, FleetRepo repo) {
        run.update(repo);
        journal.repo(run, repo);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
