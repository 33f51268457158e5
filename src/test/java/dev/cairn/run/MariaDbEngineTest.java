package dev.cairn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.plan.Direction;
import dev.cairn.plan.MigrationScript;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.status.StatusReport;
import dev.cairn.testing.Engine;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL engine suite's guarantees on MariaDB, asserted on the database itself. Failures part-way, which
 * leave a MariaDB repo dirty instead of rolled back, are in {@link MariaDbPartialMigrationEngineTest}.
 */
class MariaDbEngineTest extends MariaDbEngineFixture {

    @Test
    void migratesTheSeedsOutsideATransactionAndRecordsThemInTheLedger() throws SQLException {
        seeds();
        assertFalse(MigrationScript.transactional(engine.store.get("app", USERS).load(), repo.dialect()),
                "MariaDB cannot roll DDL back, so transaction defaults to false");
        Run run = migrate(new Strategy.All());
        assertEquals(Run.Status.succeeded, run.status());
        assertEquals(List.of(USERS, COMMENTS, POSTS), versions(run));
        assertEquals(POSTS, run.version());
        assertEquals(List.of("bio", "email", "id", "inserted_at", "name", "number_of_pets", "updated_at"),
                target.columns(db, "users"));
        assertEquals(List.of("body", "id", "inserted_at", "updated_at", "word_count"), target.columns(db, "comments"));
        assertEquals(List.of(USERS, COMMENTS, POSTS), target.versions("schema_migrations"));
        assertEquals("create_users", target.query("SELECT name FROM schema_migrations WHERE version = " + USERS));
        assertEquals(64, target.query("SELECT checksum FROM schema_migrations WHERE version = " + USERS).length());
        assertEquals(List.of(), target.versions("cairn_progress"), "finished migrations leave no progress row");

        Run again = migrate(new Strategy.All());
        assertTrue(again.steps().isEmpty(), "migrate is idempotent");
    }

    @Test
    void stepAndToSelectPendingMigrationsInclusively() throws SQLException {
        seeds();
        assertEquals(List.of(USERS, COMMENTS), versions(migrate(new Strategy.Step(2))));
        assertEquals(List.of(USERS, COMMENTS), target.versions("schema_migrations"));
        rollback(new Strategy.All());
        assertEquals(List.of(USERS, COMMENTS), versions(migrate(new Strategy.To(COMMENTS))));
        assertEquals(List.of(POSTS), versions(migrate(new Strategy.To(POSTS + 1))));
    }

    @Test
    void rollbackRevertsStepToInclusiveAndAll() throws SQLException {
        seeds();
        migrate(new Strategy.All());
        assertEquals(List.of(POSTS), versions(rollback(new Strategy.Step(1))));
        assertFalse(target.tableExists(db, "posts"));
        migrate(new Strategy.All());
        assertEquals(List.of(POSTS, COMMENTS), versions(rollback(new Strategy.To(COMMENTS))));
        assertEquals(List.of(USERS), target.versions("schema_migrations"));
        migrate(new Strategy.All());
        assertEquals(List.of(POSTS, COMMENTS, USERS), versions(rollback(new Strategy.All())));
        assertEquals(List.of(), target.versions("schema_migrations"));
        assertFalse(target.tableExists(db, "users"));
    }

    @Test
    void prefixIsADatabaseCairnCreatesAndKeepsEverythingIn() throws SQLException {
        String auth = prefix("auth");
        repo = engine.repo("app", server, db, auth, true);
        seeds();
        migrate(new Strategy.All());
        assertTrue(target.tableExists(auth, "users"));
        assertTrue(target.tableExists(auth, "schema_migrations"));
        assertFalse(target.tableExists(db, "users"));
        assertFalse(target.tableExists(db, "schema_migrations"));
        assertEquals(List.of(USERS, COMMENTS, POSTS), target.versions("`" + auth + "`.schema_migrations"));
        assertEquals(POSTS, engine.status.status(repo).version());
        rollback(new Strategy.All());
        assertFalse(target.tableExists(auth, "users"));
    }

    @Test
    void prefixWithoutCreateSchemaNeedsAnExistingDatabase() throws SQLException {
        String billing = prefix("billing");
        repo = engine.repo("app", server, db, billing, false);
        seeds();
        CairnException e = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("schema-missing", e.slug());
        assertFalse(target.schemaExists(billing));
        target.execute("CREATE DATABASE " + billing);
        migrate(new Strategy.All());
        assertTrue(target.tableExists(billing, "comments"));
    }

    @Test
    void runsProceduresAndTriggersInsideDelimiterBlocks() throws SQLException {
        engine.store.create("app", 1L, "audit", """
                -- semicolons inside bodies, strings and comments must not split statements
                CREATE TABLE accounts (id int PRIMARY KEY, note varchar(50) DEFAULT 'a;b');
                CREATE TABLE audit (what varchar(100));
                # a hash comment; with a semicolon
                DELIMITER $$
                CREATE TRIGGER accounts_audit AFTER INSERT ON accounts FOR EACH ROW
                BEGIN
                  INSERT INTO audit VALUES (CONCAT('it\\'s; ', NEW.id));
                END$$
                CREATE PROCEDURE open_account(IN account int)
                BEGIN
                  /* a block comment; inside */
                  INSERT INTO accounts (id) VALUES (account);
                  INSERT INTO audit VALUES ("done; \\"quoted\\"");
                END $$
                DELIMITER ;
                CALL open_account(1);
                """, """
                DROP PROCEDURE open_account;
                DROP TABLE accounts;
                DROP TABLE audit;""", null);
        migrate(new Strategy.All());
        assertEquals(List.of("done; \"quoted\"", "it's; 1"), target.column("SELECT what FROM audit ORDER BY what"));
        assertEquals("a;b", target.query("SELECT note FROM accounts"));
        assertEquals("open_account", target.query("SELECT routine_name FROM information_schema.routines"
                + " WHERE routine_schema = '" + db + "'"));
        rollback(new Strategy.All());
        assertFalse(target.tableExists(db, "audit"));
        assertNull(target.query("SELECT routine_name FROM information_schema.routines WHERE routine_schema = '"
                + db + "'"));
    }

    @Test
    void refusesSqlModesUnderWhichScriptsWouldSplitDifferently() throws SQLException {
        repo = new Repo("app", repo.url() + "?sessionVariables=sql_mode='STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES'",
                repo.username(), null, null, null, true, Map.of());
        seeds();
        CairnException e = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("unsupported-sql-mode", e.slug());
        assertTrue(e.getMessage().contains("sessionVariables=sql_mode='STRICT_TRANS_TABLES'"), e.getMessage());
        assertFalse(target.tableExists(db, "schema_migrations"));
    }

    @Test
    void concurrentMigrateCallsApplyEachMigrationExactlyOnce() throws Exception {
        for (int i = 1; i <= 10; i++) {
            engine.store.create("app", (long) i, "t" + i, "CREATE TABLE t" + i + " (id int); SELECT SLEEP(0.02);",
                    "DROP TABLE t" + i + ";", null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Run>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> migrate(new Strategy.All())));
            }
            int applied = 0;
            for (Future<Run> call : calls) {
                Run run = call.get();
                assertEquals(Run.Status.succeeded, run.status());
                applied += run.steps().size();
            }
            assertEquals(10, applied, "every migration applied by exactly one call");
            assertEquals(10, target.versions("schema_migrations").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoReposOnOneDatabaseAreSerialisedByGetLock() throws Exception {
        engine.store.create("app", 1L, "slow", "SELECT SLEEP(1.5); CREATE TABLE slow (id int);", null, null);
        Repo twin = Engine.twinOf(repo, "twin");
        engine.store.create("twin", 1L, "slow", "SELECT SLEEP(1.5); CREATE TABLE slow (id int);", null, null);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<Run> first = pool.submit(() -> migrate(new Strategy.All()));
            Thread.sleep(400);
            CairnException busy = assertThrows(CairnException.class, () -> engine.runner.run(twin,
                    new RunRequest(Direction.UP, new Strategy.All(), false, false, Duration.ZERO, "test")).orThrow());
            assertEquals("run-in-progress", busy.slug());
            assertTrue(String.valueOf(busy.fields().get("holder")).contains("MariaDB connection id"),
                    String.valueOf(busy.fields()));
            assertEquals(1, first.get().steps().size());
            Run second = engine.runner.run(twin,
                    new RunRequest(Direction.UP, new Strategy.All(), false, false, Duration.ofSeconds(5), "test")).orThrow();
            assertTrue(second.steps().isEmpty(), "the twin sees the version already applied");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acceptsMysqlUrls() throws SQLException {
        repo = new Repo("app", repo.url().replace("jdbc:mariadb:", "jdbc:mysql:"), repo.username(), null, null, null,
                true, Map.of());
        seeds();
        assertEquals(3, migrate(new Strategy.All()).steps().size());
        assertEquals(List.of(USERS, COMMENTS, POSTS), target.versions("schema_migrations"));
    }

    @Test
    void namesRefusedCredentialsAndMissingDatabases() {
        Repo stranger = new Repo("app", repo.url(), "cairn_nobody", null, null, null, true, Map.of());
        assertEquals("target-auth-failed", assertThrows(CairnException.class,
                () -> engine.status.status(stranger)).slug());
        Repo nowhere = engine.repo("nowhere", server, db + "_missing", null, true);
        assertEquals("target-database-missing", assertThrows(CairnException.class,
                () -> engine.status.status(nowhere)).slug());
    }

    @Test
    void adoptsALedgerCreatedByEcto() throws SQLException {
        // What Ecto's MyXQL adapter creates.
        target.execute("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, inserted_at datetime)");
        target.execute("INSERT INTO schema_migrations VALUES (" + USERS + ", UTC_TIMESTAMP())");
        target.execute(CREATE_USERS);
        seeds();
        StatusReport before = engine.status.status(repo);
        assertEquals(USERS, before.version());
        assertEquals(2, before.pending());
        assertEquals(List.of(COMMENTS, POSTS), versions(migrate(new Strategy.All())));
        assertEquals(List.of("checksum", "inserted_at", "name", "version"), target.columns(db, "schema_migrations"));
        assertNull(target.query("SELECT name FROM schema_migrations WHERE version = " + USERS),
                "old rows stay as they were");
    }

    @Test
    void dryRunShowsTheProgressWritesAndRunsNothing() throws SQLException {
        seeds();
        DryRun dry = engine.runner.dryRun(repo, new RunRequest(Direction.UP, new Strategy.Step(1), true, false,
                null, "test"));
        assertEquals(List.of(new DryRun.Step(USERS, "create_users", false)), dry.plan());
        List<String> sql = dry.sql();
        int users = sql.indexOf(CREATE_USERS.substring(0, CREATE_USERS.length() - 1));
        assertTrue(sql.get(users - 1).startsWith("INSERT INTO `cairn_progress`"), sql.toString());
        assertTrue(sql.get(users + 1).startsWith("UPDATE `cairn_progress` SET statements_done = 1"), sql.toString());
        assertTrue(sql.stream().anyMatch(s -> s.startsWith("INSERT INTO `schema_migrations`")));
        assertFalse(target.tableExists(db, "schema_migrations"), "a dry run creates nothing");
    }

    @Test
    void statusReportsMissingModifiedAndOutOfOrder() throws SQLException {
        engine.store.create("app", 10L, "ten", "CREATE TABLE ten (id int);", "DROP TABLE ten;", null);
        migrate(new Strategy.All());
        engine.store.create("app", 5L, "five", "CREATE TABLE five (id int);", "DROP TABLE five;", null);
        target.execute("INSERT INTO schema_migrations (version, inserted_at) VALUES (50, UTC_TIMESTAMP())");
        engine.store.replace("app", 10L, "ten", "CREATE TABLE ten (id int);\n-- edited", "DROP TABLE ten;", null);
        StatusReport status = engine.status.status(repo);
        assertEquals(List.of(50L), status.missing());
        assertEquals(List.of(10L), status.modified());
        assertEquals(List.of(5L), status.outOfOrder());
        CairnException strict = assertThrows(CairnException.class, () -> engine.runner.run(repo,
                new RunRequest(Direction.UP, new Strategy.All(), false, true, null, "test")).orThrow());
        assertEquals("out-of-order", strict.slug());
        assertEquals(1, migrate(new Strategy.All()).warnings().size());
    }
}
