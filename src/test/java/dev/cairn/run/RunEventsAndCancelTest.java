package dev.cairn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.migration.Migration;
import dev.cairn.plan.Direction;
import dev.cairn.plan.Plan;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.repo.Repo;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.Engine;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run tells what it does as it goes, and stops when asked: between migrations, or inside one. */
class RunEventsAndCancelTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private Engine engine;
    private TestServer server;
    private String db;
    private Repo repo;
    private DatabaseInspector inspect;

    @BeforeEach
    void setUp() {
        engine = new Engine(new RunListener() {
            @Override
            public void planned(ActiveRun run, Plan plan) {
                events.add("planned " + plan.steps().size());
            }

            @Override
            public void migrationStarted(ActiveRun run, Migration migration) {
                events.add("started " + migration.version());
            }

            @Override
            public void statement(ActiveRun run, Migration migration, int index, int count) {
                events.add("statement " + migration.version() + " " + (index + 1) + "/" + count);
            }

            @Override
            public void migrationFinished(ActiveRun run, Run.RunStep step) {
                events.add("finished " + step.version() + " " + step.outcome());
            }

            @Override
            public void finished(ActiveRun run, Run record) {
                events.add("run " + record.status());
            }
        });
        server = TestServers.postgres();
        db = server.createDatabase();
        repo = engine.repo("app", server, db, null, true);
        inspect = new DatabaseInspector(server, db);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        server.dropDatabase(db);
    }

    @Test
    void listenersHearEachStepOfARunInOrder() {
        engine.store.create("app", 1L, "one", "CREATE TABLE one (id int); CREATE INDEX one_id ON one (id);",
                "DROP TABLE one;", null);
        engine.store.create("app", 2L, "two", "CREATE TABLE two (id int);", "DROP TABLE two;", null);
        engine.runner.run(repo, migrate()).orThrow();
        assertEquals(List.of("planned 2", "started 1", "statement 1 1/2", "statement 1 2/2", "finished 1 applied",
                "started 2", "statement 2 1/1", "finished 2 applied", "run succeeded"), events);
    }

    @Test
    void cancellingInsideATransactionalMigrationRollsItBackAndStartsNoOther() throws Exception {
        engine.store.create("app", 1L, "quick", "CREATE TABLE quick (id int);", "DROP TABLE quick;", null);
        engine.store.create("app", 2L, "slow", "CREATE TABLE slow (id int); SELECT pg_sleep(30);",
                "DROP TABLE slow;", null);
        engine.store.create("app", 3L, "never", "CREATE TABLE never (id int);", "DROP TABLE never;", null);
        CompletableFuture<RunOutcome> running = CompletableFuture.supplyAsync(() -> engine.runner.run(repo, migrate()));
        awaitQuery("SELECT pg_sleep(30)");
        engine.locks.holder(repo).orElseThrow().cancel();

        RunOutcome outcome = running.get(20, TimeUnit.SECONDS);
        assertFalse(outcome.succeeded());
        assertEquals("run-cancelled", outcome.problem().slug());
        assertEquals(2L, outcome.problem().fields().get("version"));
        assertEquals(List.of(1L), inspect.versions("schema_migrations"));
        assertTrue(inspect.tableExists("public", "quick"));
        assertFalse(inspect.tableExists("public", "slow"), "the cancelled migration left nothing behind");
        assertFalse(inspect.tableExists("public", "never"), "no migration starts after a cancel");
        assertEquals(Run.Status.cancelled, outcome.run().status());
        assertEquals(List.of("applied", "failed"), outcome.run().steps().stream().map(Run.RunStep::outcome).toList());
    }

    @Test
    void cancellingANonTransactionalMigrationFinishesItsStatementAndLeavesItDirty() throws Exception {
        engine.store.create("app", 1L, "outside",
                "CREATE TABLE a (id int); SELECT pg_sleep(1.5); CREATE TABLE b (id int);", "DROP TABLE b; DROP TABLE a;",
                false);
        CompletableFuture<RunOutcome> running = CompletableFuture.supplyAsync(() -> engine.runner.run(repo, migrate()));
        awaitQuery("SELECT pg_sleep(1.5)");
        engine.locks.holder(repo).orElseThrow().cancel();

        RunOutcome outcome = running.get(20, TimeUnit.SECONDS);
        assertEquals("run-cancelled", outcome.problem().slug());
        assertEquals(2, outcome.problem().fields().get("statementsDone"));
        assertTrue(inspect.tableExists("public", "a"));
        assertFalse(inspect.tableExists("public", "b"), "the statement after the cancel never ran");
        var dirty = engine.status.status(repo).dirty();
        assertNotNull(dirty);
        assertEquals(1L, dirty.version());
        assertEquals(2, dirty.statementsDone(), "the statement in flight when cancelled was allowed to finish");
    }

    private static RunRequest migrate() {
        return new RunRequest(Direction.UP, new Strategy.All(), false, false, Duration.ofSeconds(10), "test");
    }

    /** Waits until the target runs the statement, so the cancel lands while it is in flight. */
    private void awaitQuery(String sql) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!inspect.query("SELECT count(*) FROM pg_stat_activity WHERE query = '" + sql + "'").equals("0")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the target never ran " + sql);
    }
}
