package dev.cairn.target;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Short reads of one target database, at most {@code width} at a time and in arrival order, on a shared thread
 * pool. A queued read holds no thread; a read that waited longer than its patience fails instead of running.
 */
public final class ReadLane {

    private record Task<T>(Callable<T> work, CompletableFuture<T> result, long queuedAt) {}

    private final int width;
    private final long patienceNanos;
    private final Duration patience;
    private final Executor executor;
    private final Queue<Task<?>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger draining = new AtomicInteger();

    /** A read that waited its whole patience behind the reads ahead of it on the same database. */
    public static final class ReadsBusy extends SQLTransientConnectionException {
        ReadsBusy(Duration waited) {
            super("the reads queued ahead of this one kept every read slot busy for " + waited.toMillis() + " ms",
                    "08001");
        }
    }

    public ReadLane(int width, Duration patience, Executor executor) {
        this.width = width;
        this.patienceNanos = patience.toNanos();
        this.patience = patience;
        this.executor = executor;
    }

    public <T> CompletionStage<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(new Task<>(work, result, System.nanoTime()));
        startDrainerIfRoom();
        return result;
    }

    /** A drainer runs queued reads until none is left; at most {@code width} drain at once. */
    private void startDrainerIfRoom() {
        for (int d = draining.get(); d < width && !waiting.isEmpty(); d = draining.get()) {
            if (draining.compareAndSet(d, d + 1)) {
                try {
                    executor.execute(this::drain);
                } catch (RuntimeException e) {
                    draining.decrementAndGet();
                    throw e;
                }
                return;
            }
        }
    }

    private void drain() {
        try {
            for (Task<?> task = waiting.poll(); task != null; task = waiting.poll()) {
                run(task);
            }
        } finally {
            draining.decrementAndGet();
            // A read queued after the last poll but before the decrement saw no room: start it now.
            startDrainerIfRoom();
        }
    }

    private <T> void run(Task<T> task) {
        if (System.nanoTime() - task.queuedAt() > patienceNanos) {
            task.result().completeExceptionally(new ReadsBusy(patience));
            return;
        }
        try {
            task.result().complete(task.work().call());
        } catch (Throwable e) {
            task.result().completeExceptionally(e);
        }
    }
}
