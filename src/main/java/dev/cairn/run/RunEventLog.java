package dev.cairn.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The events of one run, numbered from 1, kept for as long as the run is in memory, so a watcher that connects late
 * or reconnects (Server-Sent Events' {@code Last-Event-ID}) misses nothing: it is handed every event after the one
 * it saw, then each new one as it happens.
 */
public final class RunEventLog {

    /** One event: its number, its type ({@code planned}, {@code migration-started}, …) and what it says. */
    public record Event(long id, String type, Object data) {}

    private final List<Event> events = new ArrayList<>();
    // Copied on write: a watcher may stop watching while it is being told of an event.
    private final List<Consumer<Event>> watchers = new CopyOnWriteArrayList<>();
    private boolean closed;

    /**
     * The events of a run known only from its record (one from an earlier start of Cairn): its plan, each migration
     * it started and finished, and its end. Statements and waits were not recorded.
     */
    public static RunEventLog of(Run record) {
        RunEventLog log = new RunEventLog();
        log.add("planned", Map.of("planned", record.planned(), "migrations", record.steps().stream()
                .map(s -> Map.of("version", s.version(), "name", s.name())).toList()));
        for (Run.RunStep step : record.steps()) {
            log.add("migration-started", Map.of("version", step.version(), "name", step.name()));
            log.add("migration-finished", step);
        }
        log.add("finished", record);
        log.close();
        return log;
    }

    synchronized void add(String type, Object data) {
        if (closed) {
            return;
        }
        Event event = new Event(events.size() + 1, type, data);
        events.add(event);
        watchers.forEach(w -> tell(w, event));
    }

    /** Ends the log after its last event; watchers are told with a null. */
    synchronized void close() {
        closed = true;
        watchers.forEach(w -> tell(w, null));
        watchers.clear();
    }

    /** A watcher that fails (a client gone) stops watching; it never fails the run that tells it. */
    private void tell(Consumer<Event> watcher, Event event) {
        try {
            watcher.accept(event);
        } catch (RuntimeException e) {
            watchers.remove(watcher);
        }
    }

    /**
     * Hands {@code watcher} every event after {@code afterId}, then each new one, then null once the run ended.
     * Runs on the caller's thread for the replay and on the run's thread afterwards; the watcher must be quick.
     *
     * @return a handle that stops the watching
     */
    public synchronized Runnable watch(long afterId, Consumer<Event> watcher) {
        for (Event e : events) {
            if (e.id() > afterId) {
                watcher.accept(e);
            }
        }
        if (closed) {
            watcher.accept(null);
            return () -> {};
        }
        watchers.add(watcher);
        return () -> {
            synchronized (this) {
                watchers.remove(watcher);
            }
        };
    }
}
