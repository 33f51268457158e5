package dev.cairn.faults;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition instead of sleeping a fixed time, so a fault test waits only as long as it must. */
final class Await {

    private Await() {}

    /** @return how long it took, in milliseconds */
    static long until(Duration limit, String what, Callable<Boolean> condition) throws Exception {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }
}
