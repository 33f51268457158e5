package dev.cairn.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadLaneTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void runsAtMostItsWidthAtOnceAndStartsThemInArrivalOrder() throws Exception {
        ReadLane lane = new ReadLane(2, Duration.ofSeconds(30), pool);
        AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            results.add(lane.submit(() -> {
                started.add(n);
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                Thread.sleep(2);
                running.decrementAndGet();
                return n * n;
            }).toCompletableFuture());
        }
        Thread.sleep(100);
        assertEquals(2, running.get(), "two run, the others wait without a thread");
        release.countDown();
        for (int i = 0; i < 20; i++) {
            assertEquals(i * i, results.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(2, most.get());
        // The two drainers take the queue in order, so no read starts before one queued ahead of it had started.
        for (int i = 0; i < started.size(); i++) {
            assertTrue(Math.abs(started.get(i) - i) <= 1, () -> "start order " + started);
        }
    }

    @Test
    void aReadThatWaitedPastItsPatienceFailsWithoutRunning() throws Exception {
        ReadLane lane = new ReadLane(1, Duration.ofMillis(50), pool);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = lane.submit(() -> {
            release.await();
            return "first";
        }).toCompletableFuture();
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<String> second = lane.submit(() -> {
            ran.incrementAndGet();
            return "second";
        }).toCompletableFuture();
        assertThrows(TimeoutException.class, () -> second.get(100, TimeUnit.MILLISECONDS));
        release.countDown();
        assertEquals("first", first.get(5, TimeUnit.SECONDS));
        ExecutionException late = assertThrows(ExecutionException.class, () -> second.get(5, TimeUnit.SECONDS));
        assertInstanceOf(ReadLane.ReadsBusy.class, late.getCause());
        assertEquals(0, ran.get());
        assertEquals("third", lane.submit(() -> "third").toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailingReadFailsItsOwnResultOnly() throws Exception {
        ReadLane lane = new ReadLane(1, Duration.ofSeconds(30), pool);
        CompletableFuture<Object> failing = lane.submit(() -> {
            throw new java.sql.SQLException("boom", "08006");
        }).toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(5, TimeUnit.SECONDS));
        assertEquals("boom", e.getCause().getMessage());
        assertEquals(7, lane.submit(() -> 7).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }
}
