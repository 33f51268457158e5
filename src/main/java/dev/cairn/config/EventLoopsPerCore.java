package dev.cairn.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One HTTP event loop per core instead of Vert.x's two. Cairn's event loops only parse requests and write answers
 * (database work runs on worker threads), so a second loop per core adds nothing but another thread to schedule:
 * on 2 cores under 64 concurrent status calls, 2 loops instead of 4 cut the slowest 1 % of calls by a quarter
 * (bench/README.md, S4). Below application.properties, the environment and system properties, so
 * {@code quarkus.vertx.event-loops-pool-size} still overrides it.
 */
public class EventLoopsPerCore implements ConfigSource {

    private static final String KEY = "quarkus.vertx.event-loops-pool-size";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, getValue(KEY));
    }

    @Override
    public String getValue(String name) {
        return KEY.equals(name) ? Integer.toString(Runtime.getRuntime().availableProcessors()) : null;
    }

    @Override
    public String getName() {
        return "cairn-event-loops-per-core";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
