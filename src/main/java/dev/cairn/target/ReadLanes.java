package dev.cairn.target;

import dev.cairn.config.CairnConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One {@link ReadLane} per target database and login, as their connections share a pool: at most
 * {@code cairn.pool.concurrent-reads} reads run on one database at a time, the others wait in arrival order without
 * holding a thread, and one that waited longer than {@code cairn.pool.acquire-timeout} fails with
 * {@link ReadLane.ReadsBusy}. Reads are short and keep both ends busy, so running more at once than there are cores
 * only slices the same CPU thinner: with 64 callers on 2 cores, running every read at once tripled the slowest 1 %
 * of status calls (bench/README.md, S4).
 */
final class ReadLanes {

    private final CairnConfig.Pool settings;
    private final Executor executor;
    private final Map<String, ReadLane> lanes = new ConcurrentHashMap<>();

    ReadLanes(CairnConfig.Pool settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
    }

    <T> CompletionStage<T> submit(String driverUrl, String username, Callable<T> read) {
        return lanes.computeIfAbsent(key(driverUrl, username),
                k -> new ReadLane(width(), settings.acquireTimeout(), executor)).submit(read);
    }

    void remove(String driverUrl, String username) {
        lanes.remove(key(driverUrl, username));
    }

    private static String key(String driverUrl, String username) {
        return driverUrl + " as " + username;
    }

    private int width() {
        return Math.min(settings.maxSize(),
                settings.concurrentReads().orElse(2 * Runtime.getRuntime().availableProcessors()));
    }
}
