package dev.cairn.security;

import dev.cairn.config.CairnConfig;
import io.quarkus.vertx.http.security.HttpSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Who may read Quarkus' own endpoints under {@code /q}. Liveness and readiness stay open for probes; everything else
 * (metrics, OpenAPI, Swagger UI, the health root and its groups) names every repo and its outcome, so it needs a
 * read token without a scope. {@code cairn.auth.open-metrics} opens {@code /q/metrics} alone, for a scraper on a
 * private port.
 */
@ApplicationScoped
public class ManagementAccess {

    void configure(@Observes HttpSecurity security, CairnConfig config) {
        security.path("/q/health/live", "/q/health/ready").permit();
        if (config.auth().openMetrics()) {
            security.path("/q/metrics", "/q/metrics/*").permit();
        }
        security.path("/q", "/q/*").roles(Role.EVERY_REPO);
    }
}
