package dev.cairn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.status.StatusReport;
import dev.cairn.testing.Engine;
import dev.cairn.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's behaviour on PostgreSQL, asserted on the database itself. Subclasses pick the server, so the same
 * suite runs on the machine's PostgreSQL and on a newer major version.
 */
abstract class PostgresEngineSuite {

    static final long USERS = 20170523151118L, COMMENTS = 20170523151200L, POSTS = 20170601090000L;
    static final String CREATE_USERS = """
            CREATE TABLE users (
              id bigserial PRIMARY KEY,
              name varchar(255), email varchar(255), bio varchar(255), number_of_pets integer,
              inserted_at timestamp(0) NOT NULL, updated_at timestamp(0) NOT NULL
            );""";
    static final String CREATE_COMMENTS = """
            CREATE TABLE comments (
              id bigserial PRIMARY KEY,
              body text, word_count integer,
              inserted_at timestamp(0) NOT NULL, updated_at timestamp(0) NOT NULL
            );""";

    Engine engine;
    TestServer server;
    String db;
    Repo repo;

    abstract TestServer server();

    @BeforeEach
    void setUp() {
        server = server();
        engine = new Engine();
        db = server.createDatabase();
        repo = engine.repo("app", server, db, null, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        server.dropDatabase(db);
    }

    void seeds() {
        engine.store.create("app", USERS, "create_users", CREATE_USERS, "DROP TABLE users;", null);
        engine.store.create("app", COMMENTS, "add_comments_table", CREATE_COMMENTS, "DROP TABLE comments;", null);
        engine.store.create("app", POSTS, "create_posts", "CREATE TABLE posts (id bigserial PRIMARY KEY, title text);",
                "DROP TABLE posts;", null);
    }

    Run migrate(Strategy strategy) {
        return engine.runner.run(repo, new RunRequest(Direction.UP, strategy, false, false, null, "test")).orThrow();
    }

    Run rollback(Strategy strategy) {
        return engine.runner.run(repo, new RunRequest(Direction.DOWN, strategy, false, false, null, "test")).orThrow();
    }

    @Test
    void migratesTheSeedsAndRecordsThemInTheLedger() throws SQLException {
        seeds();
        Run run = migrate(new Strategy.All());
        assertEquals(Run.Status.succeeded, run.status());
        assertEquals(List.of(USERS, COMMENTS, POSTS), run.steps().stream().map(Run.RunStep::version).toList());
        assertEquals(POSTS, run.version());
        assertEquals(List.of("bio", "email", "id", "inserted_at", "name", "number_of_pets", "updated_at"),
                columns("public", "users"));
        assertEquals(List.of("body", "id", "inserted_at", "updated_at", "word_count"), columns("public", "comments"));
        assertEquals(List.of(USERS, COMMENTS, POSTS), ledger("schema_migrations"));
        assertEquals("create_users", query("SELECT name FROM schema_migrations WHERE version = " + USERS));
        assertEquals(64, query("SELECT checksum FROM schema_migrations WHERE version = " + USERS).length());

        Run again = migrate(new Strategy.All());
        assertEquals(Run.Status.succeeded, again.status());
        assertTrue(again.steps().isEmpty(), "migrate is idempotent");
    }

    @Test
    void stepAndToSelectPendingMigrationsInclusively() throws SQLException {
        seeds();
        assertEquals(List.of(USERS, COMMENTS), versions(migrate(new Strategy.Step(2))));
        assertEquals(List.of(USERS, COMMENTS), ledger("schema_migrations"));
        rollback(new Strategy.All());
        assertEquals(List.of(USERS, COMMENTS), versions(migrate(new Strategy.To(COMMENTS))));
        assertEquals(List.of(POSTS), versions(migrate(new Strategy.To(POSTS + 1))));
    }

    @Test
    void rollbackRevertsOneStepByDefaultThenStepToInclusiveAndAll() throws SQLException {
        seeds();
        migrate(new Strategy.All());
        assertEquals(List.of(POSTS), versions(rollback(new Strategy.Step(1))));
        assertFalse(tableExists("public", "posts"));
        migrate(new Strategy.All());
        assertEquals(List.of(POSTS, COMMENTS), versions(rollback(new Strategy.Step(2))));
        migrate(new Strategy.All());
        assertEquals(List.of(POSTS, COMMENTS), versions(rollback(new Strategy.To(COMMENTS))),
                "to reverts the target too");
        assertEquals(List.of(USERS), ledger("schema_migrations"));
        migrate(new Strategy.All());
        assertEquals(List.of(POSTS, COMMENTS, USERS), versions(rollback(new Strategy.All())));
        assertEquals(List.of(), ledger("schema_migrations"));
        assertFalse(tableExists("public", "users"));
    }

    @Test
    void prefixCreatesTheSchemaAndKeepsEverythingInIt() throws SQLException {
        repo = engine.repo("app", server, db, "auth", true);
        seeds();
        migrate(new Strategy.All());
        assertTrue(tableExists("auth", "users"));
        assertTrue(tableExists("auth", "schema_migrations"));
        assertFalse(tableExists("public", "users"));
        assertFalse(tableExists("public", "schema_migrations"));
        assertEquals(List.of(USERS, COMMENTS, POSTS), ledger("auth.schema_migrations"));
        rollback(new Strategy.All());
        assertFalse(tableExists("auth", "users"));
    }

    @Test
    void prefixWithoutCreateSchemaNeedsAnExistingSchema() throws SQLException {
        repo = engine.repo("app", server, db, "billing", false);
        seeds();
        CairnException e = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("schema-missing", e.slug());
        assertFalse(schemaExists("billing"));
        execute("CREATE SCHEMA billing");
        migrate(new Strategy.All());
        assertTrue(tableExists("billing", "comments"));
    }

    @Test
    void aFailingMigrationKeepsEarlierOnesAndLeavesNothingBehind() throws SQLException {
        engine.store.create("app", 1L, "first", "CREATE TABLE first (id int);", "DROP TABLE first;", null);
        engine.store.create("app", 2L, "broken", "CREATE TABLE half (id int);\n\nSELECT * FROM no_such_table;",
                "DROP TABLE half;", null);
        engine.store.create("app", 3L, "third", "CREATE TABLE third (id int);", "DROP TABLE third;", null);
        CairnException e = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals(422, e.problem().status());
        assertEquals(2L, e.fields().get("version"));
        assertEquals("broken", e.fields().get("name"));
        assertEquals("42P01", e.fields().get("sqlState"));
        assertEquals(3, e.fields().get("line"));
        assertEquals(List.of(1L), ledger("schema_migrations"));
        assertTrue(tableExists("public", "first"));
        assertFalse(tableExists("public", "half"), "the failed migration's transaction was rolled back");
        assertFalse(tableExists("public", "third"));
    }

    @Test
    void aNonTransactionalFailureMarksTheRepoDirtyUntilResolved() throws SQLException {
        engine.store.create("app", 1L, "items", "CREATE TABLE items (id int, sku text);", "DROP TABLE items;", null);
        engine.store.create("app", 2L, "index_items",
                "CREATE INDEX CONCURRENTLY items_sku ON items (sku);\nCREATE INDEX CONCURRENTLY broken ON items (nope);",
                "DROP INDEX CONCURRENTLY IF EXISTS items_sku;", false);
        CairnException failed = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("migration-failed", failed.slug());
        StatusReport status = engine.status.status(repo);
        assertNotNull(status.dirty());
        assertEquals(2L, status.dirty().version());
        assertEquals(1, status.dirty().statementsDone());

        CairnException refused = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("repo-dirty", refused.slug());
        assertEquals(2L, refused.fields().get("version"));

        execute("DROP INDEX items_sku");
        engine.resolver.resolve(repo, 2L, false, "test", null).orThrow();
        assertNull(engine.status.status(repo).dirty());
        engine.store.replace("app", 2L, "index_items", "CREATE INDEX CONCURRENTLY items_sku ON items (sku);",
                "DROP INDEX CONCURRENTLY IF EXISTS items_sku;", false);
        assertEquals(List.of(2L), versions(migrate(new Strategy.All())));
        assertEquals(List.of(1L, 2L), ledger("schema_migrations"));
        assertEquals(List.of(2L), versions(rollback(new Strategy.Step(1))));
    }

    @Test
    void concurrentMigrateCallsApplyEachMigrationExactlyOnce() throws Exception {
        for (int i = 1; i <= 10; i++) {
            engine.store.create("app", (long) i, "t" + i, "CREATE TABLE t" + i + " (id int); SELECT pg_sleep(0.02);",
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
            assertEquals(10, ledger("schema_migrations").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoReposOnOneDatabaseAreSerialisedByTheDatabaseLock() throws Exception {
        engine.store.create("app", 1L, "slow", "SELECT pg_sleep(1.5); CREATE TABLE slow (id int);", null, null);
        Repo twin = Engine.twinOf(repo, "twin");
        engine.store.create("twin", 1L, "slow", "SELECT pg_sleep(1.5); CREATE TABLE slow (id int);", null, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Run> first = pool.submit(() -> migrate(new Strategy.All()));
            Thread.sleep(400);
            CairnException busy = assertThrows(CairnException.class, () -> engine.runner.run(twin,
                    new RunRequest(Direction.UP, new Strategy.All(), false, false, Duration.ZERO, "test")).orThrow());
            assertEquals("run-in-progress", busy.slug());
            assertTrue(String.valueOf(busy.fields().get("holder")).contains("PostgreSQL backend pid"),
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
    void reposOnOneDatabaseShareItsPoolAndLeaveNoSessionStateBehind() throws Exception {
        List<Repo> tenants = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Repo tenant = engine.repo("tenant" + i, server, db, "tenant" + i, true);
            tenants.add(tenant);
            engine.store.create(tenant.id(), 1L, "items", "CREATE TABLE items (id int); SET work_mem = '1234kB';"
                    + " SET search_path TO public; SELECT pg_sleep(0.05);", "DROP TABLE items;", null);
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Run>> calls = new ArrayList<>();
            for (Repo tenant : tenants) {
                calls.add(callers.submit(() -> engine.runner.run(tenant,
                        new RunRequest(Direction.UP, new Strategy.All(), false, false, null, "test")).orThrow()));
            }
            for (Future<Run> call : calls) {
                assertEquals(Run.Status.succeeded, call.get().status());
            }
        } finally {
            callers.shutdownNow();
        }
        for (Repo tenant : tenants) {
            assertTrue(tableExists(tenant.prefix(), "items"), tenant.prefix());
            assertEquals(0, engine.status.status(tenant).pending());
        }
        // A backend whose connection was just closed lingers in pg_stat_activity for a moment; a held one stays.
        int held = Integer.MAX_VALUE;
        for (long deadline = System.nanoTime() + 2_000_000_000L; held > 4 && System.nanoTime() < deadline; ) {
            held = Integer.parseInt(query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"));
            Thread.sleep(held > 4 ? 50 : 0);
        }
        assertTrue(held <= 4, "12 repos on one database hold at most the pool's 4 connections, held " + held);
        // Every pooled connection, held at once so none is handed out twice, is back to the server's defaults.
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                borrowed.add(engine.pools.dataSource(repo).getConnection());
            }
            for (Connection c : borrowed) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT current_setting('work_mem'), current_setting('search_path')")) {
                    rs.next();
                    assertNotEquals("1234kB", rs.getString(1));
                    assertEquals("\"$user\", public", rs.getString(2));
                }
            }
            CairnException busy = assertThrows(CairnException.class, () -> engine.status.status(tenants.get(0)));
            assertEquals("target-connections-busy", busy.slug(), busy.getMessage());
        } finally {
            for (Connection c : borrowed) {
                c.close();
            }
        }
    }

    @Test
    void aMigrateSeesLedgerChangesMadeBehindCairnsBack() throws SQLException {
        seeds();
        assertEquals(List.of(USERS, COMMENTS), versions(migrate(new Strategy.Step(2))));
        execute("CREATE TABLE posts (id bigserial PRIMARY KEY, title text)");
        execute("INSERT INTO schema_migrations (version, inserted_at) VALUES (" + POSTS + ", now())");
        assertEquals(List.of(), versions(migrate(new Strategy.All())), "another tool applied the last one");
        execute("DELETE FROM schema_migrations WHERE version = " + POSTS);
        execute("DROP TABLE posts");
        assertEquals(List.of(POSTS), versions(migrate(new Strategy.All())), "and then took it back");
        assertEquals(List.of(USERS, COMMENTS, POSTS), ledger("schema_migrations"));
    }

    @Test
    void statusFollowsTheLedgerWhenItIsDroppedOrChangedBehindCairnsBack() throws SQLException {
        seeds();
        migrate(new Strategy.All());
        assertEquals(0, engine.status.status(repo).pending());
        assertEquals(0, engine.status.status(repo).pending(), "the second read takes the one-statement path");
        execute("DELETE FROM schema_migrations WHERE version = " + POSTS);
        assertEquals(1, engine.status.status(repo).pending());
        execute("DROP TABLE cairn_progress");
        assertEquals(1, engine.status.status(repo).pending());
        execute("DROP TABLE schema_migrations");
        assertEquals(3, engine.status.status(repo).pending());
        assertNull(engine.status.status(repo).version());
    }

    @Test
    void adoptsALedgerCreatedByEcto() throws SQLException {
        execute("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, inserted_at timestamp(0))");
        execute("INSERT INTO schema_migrations VALUES (" + USERS + ", now())");
        execute(CREATE_USERS);
        seeds();
        StatusReport before = engine.status.status(repo);
        assertEquals(USERS, before.version());
        assertEquals(2, before.pending());
        assertEquals(List.of(COMMENTS, POSTS), versions(migrate(new Strategy.All())));
        assertEquals(List.of("checksum", "inserted_at", "name", "version"), columns("public", "schema_migrations"));
        assertNull(query("SELECT name FROM schema_migrations WHERE version = " + USERS), "old rows stay as they were");
    }

    @Test
    void dryRunShowsTheExactSqlAndRunsNothing() throws SQLException {
        seeds();
        DryRun dry = engine.runner.dryRun(repo, new RunRequest(Direction.UP, new Strategy.Step(1), true, false,
                null, "test"));
        assertEquals(1, dry.plan().size());
        assertTrue(dry.sql().contains("BEGIN"));
        assertTrue(dry.sql().stream().anyMatch(s -> s.startsWith("CREATE TABLE users")));
        assertTrue(dry.sql().stream().anyMatch(s -> s.startsWith("INSERT INTO \"schema_migrations\"")));
        assertFalse(tableExists("public", "schema_migrations"), "a dry run creates nothing");
    }

    @Test
    void aRollbackWithoutDownScriptFailsBeforeTouchingTheDatabase() throws SQLException {
        engine.store.create("app", 1L, "one", "CREATE TABLE one (id int);", "DROP TABLE one;", null);
        engine.store.create("app", 2L, "two", "CREATE TABLE two (id int);", null, null);
        migrate(new Strategy.All());
        CairnException e = assertThrows(CairnException.class, () -> rollback(new Strategy.All()));
        assertEquals("no-down-script", e.slug());
        assertEquals(List.of(1L, 2L), ledger("schema_migrations"));
        assertTrue(tableExists("public", "two"));
    }

    @Test
    void outOfOrderIsAppliedWithAWarningOrRefusedWhenStrict() throws SQLException {
        engine.store.create("app", 10L, "ten", "CREATE TABLE ten (id int);", "DROP TABLE ten;", null);
        migrate(new Strategy.All());
        engine.store.create("app", 5L, "five", "CREATE TABLE five (id int);", "DROP TABLE five;", null);
        assertEquals(List.of(5L), engine.status.status(repo).outOfOrder());
        CairnException strict = assertThrows(CairnException.class, () -> engine.runner.run(repo,
                new RunRequest(Direction.UP, new Strategy.All(), false, true, null, "test")).orThrow());
        assertEquals("out-of-order", strict.slug());
        assertFalse(tableExists("public", "five"));
        Run run = migrate(new Strategy.All());
        assertEquals(List.of(5L), versions(run));
        assertEquals(1, run.warnings().size());
    }

    @Test
    void statusReportsMissingAndModifiedScripts() throws SQLException {
        seeds();
        migrate(new Strategy.All());
        engine.store.create("app", 99L, "later", "CREATE TABLE later (id int);", null, null);
        execute("INSERT INTO schema_migrations (version, inserted_at) VALUES (50, now())");
        engine.store.replace("app", USERS, "create_users", CREATE_USERS.replace("\n", "\r\n"), "DROP TABLE users;",
                null);
        assertEquals(List.of(), engine.status.status(repo).modified(), "line endings are not a change");
        engine.store.replace("app", USERS, "create_users", CREATE_USERS + "\n-- edited", "DROP TABLE users;", null);
        StatusReport status = engine.status.status(repo);
        assertEquals(List.of(50L), status.missing());
        assertEquals(List.of(USERS), status.modified());
        assertEquals(1, status.pending());
        assertEquals(POSTS, status.version());
    }

    @Test
    void runsScriptsWithFunctionsTriggersAndDollarQuotes() throws SQLException {
        engine.store.create("app", 1L, "audit", """
                -- an audit trigger; semicolons inside the body must not split it
                CREATE TABLE accounts (id int PRIMARY KEY, balance numeric, note text DEFAULT 'a;b');
                CREATE TABLE audit (at timestamptz, what text);
                CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                  INSERT INTO audit VALUES (now(), 'changed; ' || NEW.id);
                  RETURN NEW;
                END;
                $body$;
                /* a block comment; with a semicolon */
                CREATE TRIGGER accounts_audit AFTER INSERT ON accounts
                  FOR EACH ROW EXECUTE FUNCTION log_change();
                INSERT INTO accounts (id, balance) VALUES (1, 10);
                """, "DROP TABLE accounts; DROP TABLE audit; DROP FUNCTION log_change();", null);
        migrate(new Strategy.All());
        assertEquals("changed; 1", query("SELECT what FROM audit"));
        rollback(new Strategy.All());
        assertFalse(tableExists("public", "audit"));
    }

    // --- assertions on the database itself ---

    static List<Long> versions(Run run) {
        return run.steps().stream().map(Run.RunStep::version).toList();
    }

    List<Long> ledger(String table) throws SQLException {
        List<Long> versions = new ArrayList<>();
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + table + " ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
            }
        }
        return versions;
    }

    List<String> columns(String schema, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                     + schema + "' AND table_name = '" + table + "' ORDER BY column_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    boolean tableExists(String schema, String table) throws SQLException {
        return !columns(schema, table).isEmpty();
    }

    boolean schemaExists(String schema) throws SQLException {
        return "1".equals(query("SELECT 1 FROM information_schema.schemata WHERE schema_name = '" + schema + "'"));
    }

    String query(String sql) throws SQLException {
        try (Connection c = server.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
