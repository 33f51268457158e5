package dev.cairn.health;

import dev.cairn.repos.Repo;
import dev.cairn.repos.RepoRegistry;
import dev.cairn.repos.TargetPools;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Reachability of every registered target, in its own group ({@code /q/health/group/targets}) so that one dead
 * database never takes Cairn out of a load balancer.
 */
@HealthGroup("targets")
@ApplicationScoped
public class TargetsHealth implements HealthCheck {

    private final RepoRegistry registry;
    private final TargetPools pools;
    private final AtomicInteger unreachable = new AtomicInteger();

    public TargetsHealth(RepoRegistry registry, TargetPools pools) {
        this.registry = registry;
        this.pools = pools;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("targets");
        int down = 0;
        for (Repo repo : registry.list()) {
            boolean up = reachable(repo);
            response.withData(repo.id(), up ? "UP" : "DOWN");
            down += up ? 0 : 1;
        }
        unreachable.set(down);
        return response.status(down == 0).build();
    }

    /** How many targets the last check found unreachable, for the metrics. */
    public int unreachable() {
        return unreachable.get();
    }

    private boolean reachable(Repo repo) {
        try (Connection c = pools.dataSource(repo).getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
