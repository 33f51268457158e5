package dev.cairn.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.testing.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptStoreTest {

    Engine engine = new Engine();
    ScriptStore store = engine.store;

    @AfterEach
    void cleanUp() throws Exception {
        engine.close();
    }

    @Test
    void scriptsDroppedInByHandArePickedUpAtOnce() throws Exception {
        Path folder = Files.createDirectories(engine.storeDir.resolve("app/20240101000000_by_hand"));
        Files.writeString(folder.resolve("up.sql"), "CREATE TABLE t (id int);");
        Files.writeString(folder.resolve("down.sql"), "DROP TABLE t;");
        Files.createDirectories(engine.storeDir.resolve("app/not_a_migration"));
        List<ListedMigration> list = store.list("app");
        assertEquals(1, list.size());
        assertEquals(20240101000000L, list.get(0).version());
        assertTrue(list.get(0).load().hasDown());
    }

    @Test
    void handEditsCountAtOnceThoughListingsAndScriptsAreCached() throws Exception {
        store.create("app", 1L, "one", "SELECT 1;", null, null);
        Path repo = engine.storeDir.resolve("app");
        Path up = repo.resolve("1_one/up.sql");
        age(repo, 60);
        age(up, 60);
        assertEquals("SELECT 1;", store.list("app").get(0).load().up(), "read once, cached from now on");
        assertEquals("SELECT 1;", store.list("app").get(0).load().up());

        Files.writeString(up, "SELECT 2;"); // same size, new time
        assertEquals("SELECT 2;", store.list("app").get(0).load().up());
        assertEquals(Migration.checksumOf("SELECT 2;"), store.list("app").get(0).checksum());

        Path added = Files.createDirectories(repo.resolve("2_two"));
        Files.writeString(added.resolve("up.sql"), "SELECT 3;");
        assertEquals(List.of(1L, 2L), store.list("app").stream().map(ListedMigration::version).toList());
    }

    @Test
    void aHandEditedScriptShowsInItsChecksumWithinASecond() throws Exception {
        store.create("app", 1L, "one", "SELECT 1;", null, null);
        Path up = engine.storeDir.resolve("app/1_one/up.sql");
        age(engine.storeDir.resolve("app"), 60);
        age(up, 60);
        assertEquals(Migration.checksumOf("SELECT 1;"), store.list("app").get(0).checksum());
        Files.writeString(up, "SELECT 2;");
        age(up, 30);
        Thread.sleep(ScriptCache.RECHECK_NANOS / 1_000_000 + 100);
        assertEquals(Migration.checksumOf("SELECT 2;"), store.list("app").get(0).checksum());
        assertEquals("SELECT 2;", store.list("app").get(0).load().up(), "a run reads the file afresh");
    }

    @Test
    void aChangeInTheSameClockTickAsTheLastReadIsNotMissed() throws Exception {
        // File times are coarse: a second change within one tick leaves them as they were. What was read right
        // after a change is therefore never trusted, and a change that keeps the time and size is still seen.
        store.create("app", 1L, "one", "SELECT 1;", null, null);
        Path repo = engine.storeDir.resolve("app");
        Path up = repo.resolve("1_one/up.sql");
        assertEquals("SELECT 1;", store.list("app").get(0).load().up());
        var upTime = Files.getLastModifiedTime(up);
        Files.writeString(up, "SELECT 2;");
        Files.setLastModifiedTime(up, upTime);
        assertEquals("SELECT 2;", store.list("app").get(0).load().up());

        var repoTime = Files.getLastModifiedTime(repo);
        Files.writeString(Files.createDirectories(repo.resolve("2_two")).resolve("up.sql"), "SELECT 3;");
        Files.setLastModifiedTime(repo, repoTime);
        assertEquals(2, store.list("app").size());
    }

    @Test
    void deletedAndReplacedMigrationsAreNotServedFromTheCache() throws Exception {
        store.create("app", 1L, "one", "SELECT 1;", "SELECT 0;", null);
        store.create("app", 2L, "two", "SELECT 2;", null, null);
        Path repo = engine.storeDir.resolve("app");
        age(repo, 60);
        try (var folders = Files.list(repo)) {
            for (Path folder : folders.toList()) {
                age(folder.resolve("up.sql"), 60);
                age(folder.resolve("down.sql"), 60);
            }
        }
        assertTrue(store.list("app").get(0).load().hasDown());
        store.replace("app", 1L, "uno", "SELECT 11;", null, null);
        store.delete("app", 2L);
        List<ListedMigration> now = store.list("app");
        assertEquals(1, now.size());
        assertEquals("uno", now.get(0).name());
        assertEquals("SELECT 11;", now.get(0).load().up());
        assertTrue(!now.get(0).load().hasDown());
    }

    private static void age(Path file, int seconds) throws Exception {
        if (Files.exists(file)) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() - seconds * 1000L));
        }
    }

    @Test
    void withoutAVersionTheTimestampMovesForwardWhenTaken() {
        Migration first = store.create("app", null, "first", "SELECT 1;", null, null);
        Migration second = store.create("app", null, "second", "SELECT 2;", null, null);
        assertEquals(14, Long.toString(first.version()).length());
        assertTrue(second.version() > first.version());
    }

    @Test
    void aTakenVersionIsAConflictNamingTheExistingMigrationButATakenNameIsNot() {
        store.create("app", 1L, "one", "SELECT 1;", null, null);
        CairnException byVersion = assertThrows(CairnException.class,
                () -> store.create("app", 1L, "other", "SELECT 1;", null, null));
        assertEquals("one", byVersion.fields().get("existingName"));
        // Real histories reuse names years apart; the version is a migration's identity.
        store.create("app", 2L, "one", "SELECT 2;", null, null);
        assertEquals(List.of("one", "one"), store.list("app").stream().map(ListedMigration::name).toList());
    }

    @Test
    void concurrentUploadsOfOneVersionGiveOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Migration>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                calls.add(pool.submit((Callable<Migration>) () -> store.create("app", 7L, "racer_" + n, "SELECT 1;",
                        null, null)));
            }
            int won = 0, conflicts = 0;
            for (Future<Migration> call : calls) {
                try {
                    call.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(Problem.MIGRATION_EXISTS, ((CairnException) e.getCause()).problem());
                    conflicts++;
                }
            }
            assertEquals(1, won);
            assertEquals(7, conflicts);
            assertEquals(1, store.list("app").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void transactionModeIsKeptOnlyWhenChosen() throws Exception {
        store.create("app", 1L, "plain", "SELECT 1;", null, null);
        store.create("app", 2L, "concurrent_index", "SELECT 1;", null, false);
        assertTrue(Files.notExists(engine.storeDir.resolve("app/1_plain/migration.json")));
        assertEquals(Boolean.FALSE, store.get("app", 2L).load().transaction());
    }

    @Test
    void checksumIgnoresLineEndings() {
        assertEquals(Migration.checksumOf("a;\nb;\n"), Migration.checksumOf("a;\r\nb;\r\n"));
        assertTrue(!Migration.checksumOf("a;").equals(Migration.checksumOf("b;")));
    }
}
