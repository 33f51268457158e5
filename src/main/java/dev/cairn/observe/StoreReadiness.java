package dev.cairn.observe;

import dev.cairn.store.StoreFolder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Cairn is ready when it can read and write its script store; target databases do not count (see TargetsHealth). */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final StoreFolder store;

    public StoreReadiness(StoreFolder store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("script-store").status(store.writable())
                .withData("path", store.root().toString()).build();
    }
}
