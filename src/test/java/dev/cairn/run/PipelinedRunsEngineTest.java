package dev.cairn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.migration.Timeouts;
import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.Engine;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a transactional migration goes as one pipeline (its statements, its ledger row, BEGIN and COMMIT),
 * and an atomic run puts the whole plan in one transaction; each keeps its guarantees, asserted on the database.
 */
class PipelinedRunsEngineTest {

    private final TestServer server = TestServers.postgres();
    private Engine engine;
    private String db;
    private DatabaseInspector target;
    private Repo repo;

    @BeforeEach
    void setUp() {
        engine = new Engine();
        db = server.createDatabase();
        target = new DatabaseInspector(server, db);
        repo = engine.repo("app", server, db, null, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        server.dropDatabase(db);
    }

    @Test
    void aFailureInTheMiddleOfAPipelinedMigrationNamesItsLineAndLeavesNothingOfIt() throws SQLException {
        engine.store.create("app", 1L, "first", "CREATE TABLE first (id int);\nINSERT INTO first VALUES (1);",
                "DROP TABLE first;", null);
        engine.store.create("app", 2L, "second", """
                CREATE TABLE second (id int);
                SELECT set_config('cairn.test', 'x', false);
                INSERT INTO second VALUES (1);

                INSERT INTO second
                  VALUES (nope);
                CREATE TABLE second_after (id int);""", "DROP TABLE second;", null);
        CairnException failed = assertThrows(CairnException.class, () -> run(Direction.UP, false));
        assertEquals("migration-failed", failed.slug());
        assertEquals(2L, failed.fields().get("version"));
        assertEquals(4, failed.fields().get("statement"));
        assertEquals(5, failed.fields().get("statements"));
        assertEquals(6, failed.fields().get("line"), failed.getMessage());
        assertEquals("42703", failed.fields().get("sqlState"));
        assertTrue(failed.getMessage().contains("column \"nope\" does not exist"), failed.getMessage());
        assertTrue(failed.getMessage().contains("at line 6 of up.sql"), failed.getMessage());
        assertFalse(target.tableExists("public", "second"), "nothing of the failed migration stays");
        assertFalse(target.tableExists("public", "second_after"));
        assertTrue(target.tableExists("public", "first"), "the migration before it stays applied");
        assertEquals(List.of(1L), target.versions("schema_migrations"));

        engine.store.replace("app", 2L, "second", "CREATE TABLE second (id int);", "DROP TABLE second;", null);
        assertEquals(List.of(2L), versions(run(Direction.UP, false)), "the connection went back clean");
    }

    @Test
    void aPipelineOfManyStatementsAppliesInOrder() throws SQLException {
        StringBuilder up = new StringBuilder("CREATE TABLE counted (n int);\n");
        for (int i = 1; i <= 600; i++) {
            up.append("INSERT INTO counted VALUES (").append(i).append(");\n");
        }
        engine.store.create("app", 1L, "counted", up.toString(), "DROP TABLE counted;", null);
        assertEquals(List.of(1L), versions(run(Direction.UP, false)));
        assertEquals("600", target.query("SELECT count(*) FROM counted"));
    }

    @Test
    void anAtomicRunAppliesTheWholePlanAndItsDryRunShowsOneTransaction() throws SQLException {
        three();
        List<String> dry = engine.runner.dryRun(repo, request(Direction.UP, true, true)).sql();
        assertEquals(1, Collections.frequency(dry, "BEGIN"), dry.toString());
        assertEquals(1, Collections.frequency(dry, "COMMIT"), dry.toString());
        assertTrue(dry.indexOf("BEGIN") < dry.indexOf("CREATE TABLE one (id int)"), dry.toString());
        assertEquals("COMMIT", dry.get(dry.size() - 1));

        assertEquals(List.of(1L, 2L, 3L), versions(run(Direction.UP, true)));
        assertEquals(List.of(1L, 2L, 3L), target.versions("schema_migrations"));
        assertTrue(target.tableExists("public", "three"));
        assertEquals(List.of(3L, 2L, 1L), versions(engine.runner.run(repo, new RunRequest(Direction.DOWN,
                new Strategy.All(), false, false, null, "test", Timeouts.NONE, null, null, true)).orThrow()));
        assertEquals(List.of(), target.versions("schema_migrations"));
        assertFalse(target.tableExists("public", "one"));
    }

    @Test
    void anAtomicRunThatFailsInItsThirdMigrationLeavesNothingOfTheFirstTwo() throws SQLException {
        three();
        engine.store.replace("app", 3L, "three", "CREATE TABLE three (id int);\nSELECT * FROM nope;",
                "DROP TABLE three;", null);
        RunOutcome outcome = engine.runner.run(repo, request(Direction.UP, false, true));
        CairnException failed = outcome.problem();
        assertEquals("migration-failed", failed.slug());
        assertEquals(3L, failed.fields().get("version"));
        assertEquals(2, failed.fields().get("statement"));
        assertTrue(failed.getMessage().contains("atomic"), failed.getMessage());
        assertEquals(List.of(), target.versions("schema_migrations"), "no ledger row of the first two");
        assertFalse(target.tableExists("public", "one"), "no table of the first two");
        assertFalse(target.tableExists("public", "two"));
        assertFalse(target.tableExists("public", "three"));
        assertNull(engine.status.status(repo).dirty(), "an atomic failure leaves no dirty mark");
        assertEquals(List.of("rolled-back", "rolled-back", "failed"),
                outcome.run().steps().stream().map(Run.RunStep::outcome).toList());

        engine.store.replace("app", 3L, "three", "CREATE TABLE three (id int);", "DROP TABLE three;", null);
        assertEquals(List.of(1L, 2L, 3L), versions(run(Direction.UP, true)));
    }

    @Test
    void anAtomicPlanWithAMigrationOutsideATransactionIsRefusedBeforeAnyOfIt() throws SQLException {
        three();
        engine.store.create("app", 4L, "concurrently", "CREATE INDEX CONCURRENTLY one_id ON one (id);",
                "DROP INDEX one_id;", false);
        for (boolean dryRun : new boolean[] {true, false}) {
            CairnException refused = assertThrows(CairnException.class, () -> {
                if (dryRun) {
                    engine.runner.dryRun(repo, request(Direction.UP, true, true));
                } else {
                    run(Direction.UP, true);
                }
            });
            assertEquals("atomic-not-transactional", refused.slug());
            assertEquals(409, refused.problem().status());
            assertEquals(4L, refused.fields().get("version"));
            assertTrue(refused.getMessage().contains("concurrently"), refused.getMessage());
        }
        assertFalse(target.tableExists("public", "one"), "nothing of the plan ran");
        assertEquals(List.of(1L, 2L, 3L, 4L), versions(run(Direction.UP, false)),
                "without atomic the same plan runs, CONCURRENTLY on its own");
    }

    private void three() {
        engine.store.create("app", 1L, "one", "CREATE TABLE one (id int);", "DROP TABLE one;", null);
        engine.store.create("app", 2L, "two", "CREATE TABLE two (id int);\nINSERT INTO two VALUES (2);",
                "DROP TABLE two;", null);
        engine.store.create("app", 3L, "three", "CREATE TABLE three (id int);", "DROP TABLE three;", null);
    }

    private Run run(Direction direction, boolean atomic) {
        return engine.runner.run(repo, request(direction, false, atomic)).orThrow();
    }

    private static RunRequest request(Direction direction, boolean dryRun, boolean atomic) {
        return new RunRequest(direction, new Strategy.All(), dryRun, false, null, "test", Timeouts.NONE, null, null,
                atomic);
    }

    private static List<Long> versions(Run run) {
        return run.steps().stream().map(Run.RunStep::version).toList();
    }
}
