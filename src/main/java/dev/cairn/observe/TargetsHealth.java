package dev.cairn.observe;

import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.target.TargetPools;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
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
    private final RepoGauges gauges;

    public TargetsHealth(RepoRegistry registry, TargetPools pools, RepoGauges gauges) {
        this.registry = registry;
        this.pools = pools;
        this.gauges = gauges;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("targets");
        boolean all = true;
        for (Repo repo : registry.list()) {
            boolean up = reachable(repo);
            response.withData(repo.id(), up ? "UP" : "DOWN");
            if (up) {
                gauges.reachable(repo);
            } else {
                gauges.unreachable(repo);
            }
            all &= up;
        }
        return response.status(all).build();
    }

    private boolean reachable(Repo repo) {
        try (Connection c = pools.dataSource(repo).getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
