package dev.cairn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.migration.Timeouts;
import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.status.StatusReport;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * MariaDB commits each DDL statement on its own, so a migration that fails part-way cannot be rolled back: it leaves
 * the repo dirty at the failing statement, status shows how far it got, and migrate resumes there once the cause
 * is fixed (or resolve marks it applied or rolled back).
 */
class MariaDbPartialMigrationEngineTest extends MariaDbEngineFixture {

    @Test
    void aFailureInTheMiddleLeavesTheRepoDirtyAndMigrateResumesAtTheFailedStatement() throws SQLException {
        engine.store.create("app", 1L, "items", "CREATE TABLE items (id int PRIMARY KEY);", "DROP TABLE items;", null);
        String broken = """
                ALTER TABLE items ADD COLUMN sku varchar(20);
                CREATE INDEX items_sku ON items (sku);

                INSERT INTO items_log (item_id) SELECT id FROM items;
                ALTER TABLE items ADD COLUMN price int;""";
        engine.store.create("app", 2L, "extend_items", broken, "DROP TABLE items_log;", null);
        engine.store.create("app", 3L, "third", "CREATE TABLE third (id int);", "DROP TABLE third;", null);

        CairnException failed = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("migration-failed", failed.slug());
        assertEquals(2L, failed.fields().get("version"));
        assertEquals(3, failed.fields().get("statement"));
        assertEquals(4, failed.fields().get("statements"));
        assertEquals(4, failed.fields().get("line"));
        assertEquals("42S02", failed.fields().get("sqlState"));
        assertTrue(target.columns(db, "items").contains("sku"), "DDL before the failure committed on its own");
        StatusReport status = engine.status.status(repo);
        assertNotNull(status.dirty());
        assertEquals(2L, status.dirty().version());
        assertEquals("up", status.dirty().direction());
        assertEquals(2, status.dirty().statementsDone());
        assertEquals(1L, status.version());

        assertEquals("repo-dirty", assertThrows(CairnException.class, () -> migrate(new Strategy.To(1L))).slug(),
                "a target short of the dirty migration would run around it");

        // Fixed script: statements 1 and 2 would fail if sent again (duplicate column and index).
        engine.store.replace("app", 2L, "extend_items", broken.replace("INSERT INTO items_log",
                "CREATE TABLE items_log (item_id int);\nINSERT INTO items_log"), "DROP TABLE items_log;", null);
        List<String> dry = engine.runner.dryRun(repo, new RunRequest(Direction.UP, new Strategy.Step(1), true,
                false, null, "test")).sql();
        assertFalse(dry.contains("ALTER TABLE items ADD COLUMN sku varchar(20)"), dry.toString());
        assertTrue(dry.get(dry.indexOf("CREATE TABLE items_log (item_id int)") + 1).contains("statements_done = 3"),
                dry.toString());
        Run resumed = migrate(new Strategy.All());
        assertEquals(List.of(2L, 3L), versions(resumed));
        assertEquals(List.of("id", "price", "sku"), target.columns(db, "items"));
        assertEquals(List.of(1L, 2L, 3L), target.versions("schema_migrations"));
        assertNull(engine.status.status(repo).dirty());
        assertEquals(List.of(), target.versions("cairn_progress"));
    }

    @Test
    void aMigrationThatFailedAtItsFirstStatementResumesThere() throws SQLException {
        engine.store.create("app", 1L, "seed_parent",
                "INSERT INTO parent (id) VALUES (1);\nCREATE TABLE child (id int);", "DROP TABLE child;", null);
        CairnException failed = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals(1, failed.fields().get("statement"));
        assertEquals(0, engine.status.status(repo).dirty().statementsDone());
        target.execute("CREATE TABLE parent (id int PRIMARY KEY)");
        assertEquals(List.of(1L), versions(migrate(new Strategy.All())));
        assertEquals("1", target.query("SELECT id FROM parent"));
        assertTrue(target.tableExists(db, "child"));
        assertNull(engine.status.status(repo).dirty());
    }

    @Test
    void aDirtyRepoRefusesOtherRunsUntilResolvedAppliedOrRolledBack() throws SQLException {
        engine.store.create("app", 1L, "half", "CREATE TABLE half (id int);\nSELECT * FROM nope;",
                "DROP TABLE half;", null);
        engine.store.create("app", 2L, "later", "CREATE TABLE later (id int);", "DROP TABLE later;", null);
        assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        CairnException refused = assertThrows(CairnException.class, () -> rollback(new Strategy.All()));
        assertEquals("repo-dirty", refused.slug());

        engine.resolver.resolve(repo, 1L, true, "test", null).orThrow();
        assertNull(engine.status.status(repo).dirty());
        assertEquals(List.of(1L), target.versions("schema_migrations"));
        assertEquals(List.of(2L), versions(migrate(new Strategy.All())));

        engine.store.replace("app", 2L, "later", "CREATE TABLE later (id int);",
                "DROP TABLE later;\nSELECT * FROM nope;", null);
        CairnException down = assertThrows(CairnException.class, () -> rollback(new Strategy.Step(1)));
        assertEquals(2, down.fields().get("statement"));
        assertEquals("down", engine.status.status(repo).dirty().direction());
        assertEquals("repo-dirty", assertThrows(CairnException.class, () -> migrate(new Strategy.All())).slug());
        engine.resolver.resolve(repo, 2L, false, "test", null).orThrow();
        assertEquals(List.of(1L), target.versions("schema_migrations"));
        assertFalse(target.tableExists(db, "later"));
    }

    @Test
    void aFailureFarIntoAPipelinedMigrationKeepsStatementsDoneExactAndResumes() throws SQLException {
        // More statements than one message carries, so the failure lands in a later message than the first.
        StringBuilder up = new StringBuilder("CREATE TABLE wide (id int);\n");
        for (int i = 1; i < 120; i++) {
            up.append(i == 77 ? "INSERT INTO missing VALUES (1);\n" : "ALTER TABLE wide ADD COLUMN c" + i + " int;\n");
        }
        engine.store.create("app", 1L, "wide", up.toString(), "DROP TABLE wide;", null);
        CairnException failed = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals(78, failed.fields().get("statement"));
        assertEquals(120, failed.fields().get("statements"));
        assertEquals(78, failed.fields().get("line"));
        assertEquals(77, engine.status.status(repo).dirty().statementsDone());
        assertEquals(77, target.columns(db, "wide").size(), "the 77 statements before it stay done");
        assertTrue(failed.getMessage().contains("77 statement(s) before it stay done"), failed.getMessage());

        target.execute("CREATE TABLE missing (id int)");
        assertEquals(List.of(1L), versions(migrate(new Strategy.All())));
        assertEquals(119, target.columns(db, "wide").size());
        assertNull(engine.status.status(repo).dirty());
    }

    @Test
    void atomicRunsAreRefusedBecauseDdlCommitsItself() {
        engine.store.create("app", 1L, "one", "CREATE TABLE one (id int);", "DROP TABLE one;", null);
        RunRequest atomic = new RunRequest(Direction.UP, new Strategy.All(), false, false, null, "test",
                Timeouts.NONE, null, null, true);
        CairnException refused = assertThrows(CairnException.class, () -> engine.runner.run(repo, atomic));
        assertEquals("atomic-unsupported", refused.slug());
        assertEquals(422, refused.problem().status());
        assertTrue(refused.getMessage().contains("commits itself"), refused.getMessage());
    }

    @Test
    void anExplicitTransactionStillRollsBackDataChanges() throws SQLException {
        engine.store.create("app", 1L, "items", "CREATE TABLE items (id int PRIMARY KEY);", "DROP TABLE items;", null);
        engine.store.create("app", 2L, "fill", "INSERT INTO items VALUES (1);\nINSERT INTO items VALUES (1);",
                "DELETE FROM items;", true);
        CairnException failed = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("23000", failed.fields().get("sqlState"));
        assertEquals("0", target.query("SELECT COUNT(*) FROM items"));
        assertNull(engine.status.status(repo).dirty());
        assertEquals(List.of(1L), target.versions("schema_migrations"));
    }

    @Test
    void aSyntaxErrorPointsAtTheScriptLineNotTheStatementLine() {
        engine.store.create("app", 1L, "typo", """
                CREATE TABLE fine (id int);

                CREATE TABLE broken (
                  id int,
                  name varchar(20) NOT NULL DEFALT 'x'
                );""", null, null);
        CairnException failed = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("42000", failed.fields().get("sqlState"));
        assertEquals(5, failed.fields().get("line"), failed.getMessage());
        assertTrue(failed.getMessage().contains("at line 5 of up.sql"), failed.getMessage());
    }

    @Test
    void whenCairnsConnectionDiesTheServerFreesTheLockAndTheRepoStaysDirty() throws Exception {
        engine.store.create("app", 1L, "slow", "CREATE TABLE a (id int);\nSELECT SLEEP(5);\nCREATE TABLE b (id int);",
                "DROP TABLE b; DROP TABLE a;", null);
        String lockHolder = "SELECT IS_USED_LOCK(CONCAT('cairn:', SHA1('" + db + "')))";
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Run> run = pool.submit(() -> migrate(new Strategy.All()));
            // The statements travel as one message, which the process list shows whole.
            String worker = await("SELECT id FROM information_schema.processlist WHERE info LIKE '%SELECT SLEEP(5)%'"
                    + " AND id <> CONNECTION_ID()");
            String holder = target.query(lockHolder);
            assertNotNull(holder);
            assertEquals(worker, holder, "the lock lives on the run's own connection");
            target.execute("KILL " + worker);
            ExecutionException failed = assertThrows(ExecutionException.class, run::get);
            assertEquals("target-connection-lost", ((CairnException) failed.getCause()).slug());
        } finally {
            pool.shutdownNow();
        }
        assertNull(target.query(lockHolder), "the server dropped the lock with its connection");
        assertEquals(1, engine.status.status(repo).dirty().statementsDone());
        engine.store.replace("app", 1L, "slow", "CREATE TABLE a (id int);\nSELECT SLEEP(0);\nCREATE TABLE b (id int);",
                "DROP TABLE b; DROP TABLE a;", null);
        assertEquals(List.of(1L), versions(migrate(new Strategy.All())));
        assertTrue(target.tableExists(db, "b"));
    }

    /** Polls until the query answers a row, for a few seconds. */
    String await(String sql) throws Exception {
        for (int i = 0; i < 100; i++) {
            String value = target.query(sql);
            if (value != null) {
                return value;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no row for " + sql);
    }
}
