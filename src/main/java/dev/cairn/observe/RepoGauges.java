package dev.cairn.observe;

import dev.cairn.repo.Repo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What the last look at each repo's database showed: whether it answered, and how many migrations are pending. */
@ApplicationScoped
public class RepoGauges {

    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();

    public RepoGauges(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("cairn.repos.unreachable", unreachable, Set::size)
                .description("Repos whose database the last attempt could not reach").register(meters);
    }

    /** The target answered, and this many stored migrations are not applied. */
    public void reached(Repo repo, int pendingMigrations) {
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
}
