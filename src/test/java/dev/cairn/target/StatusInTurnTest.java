package dev.cairn.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.security.PasswordCipher;
import dev.cairn.testing.Engine;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A status call that waits past its patience behind the reads of its database is a 503 naming the setting. */
class StatusInTurnTest {

    @Test
    void aReadThatWaitedTooLongBecomesTargetConnectionsBusy() throws Exception {
        var config = Engine.config("unused", Optional.empty(),
                Engine.pool(4, OptionalInt.of(1), Duration.ofMillis(100)));
        // A pool with room for more than one blocked read, like Quarkus's workers (the common pool may have one).
        ExecutorService workers = Executors.newCachedThreadPool();
        TargetPools pools = new TargetPools(config, new TargetPasswords(new PasswordCipher(config)), workers);
        Repo shop = new Repo("shop", "jdbc:postgresql://127.0.0.1:1/shop", "app", null, null, null, true, Map.of());
        Repo other = new Repo("other", "jdbc:postgresql://127.0.0.1:1/other", "app", null, null, null, true, Map.of());
        CountDownLatch release = new CountDownLatch(1);
        try {
            CompletableFuture<String> first = pools.inTurn(shop, () -> {
                release.await();
                return "first";
            }).toCompletableFuture();
            CompletableFuture<String> second = pools.inTurn(shop, () -> "second").toCompletableFuture();
            // Another database has a lane of its own: the busy one does not hold it up.
            assertEquals("elsewhere", pools.inTurn(other, () -> "elsewhere").toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
            Thread.sleep(200);
            release.countDown();
            assertEquals("first", first.get(5, TimeUnit.SECONDS));
            ExecutionException late = assertThrows(ExecutionException.class, () -> second.get(5, TimeUnit.SECONDS));
            ReadLane.ReadsBusy busy = assertInstanceOf(ReadLane.ReadsBusy.class, late.getCause());

            CairnException problem = TargetErrors.unavailable(shop, busy);
            assertEquals("target-connections-busy", problem.slug());
            assertEquals(503, problem.problem().status());
            assertFalse(problem.getMessage().contains("password"), problem.getMessage());
            assertTrue(problem.getMessage().contains("cairn.pool.concurrent-reads"), problem.getMessage());
        } finally {
            release.countDown();
            pools.closeAll();
            workers.shutdownNow();
        }
    }
}
