package dev.cairn.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.CairnException;
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
        List<Migration> list = store.list("app");
        assertEquals(1, list.size());
        assertEquals(20240101000000L, list.get(0).version());
        assertTrue(list.get(0).hasDown());
    }

    @Test
    void withoutAVersionTheTimestampMovesForwardWhenTaken() {
        Migration first = store.create("app", null, "first", "SELECT 1;", null, null);
        Migration second = store.create("app", null, "second", "SELECT 2;", null, null);
        assertEquals(14, Long.toString(first.version()).length());
        assertTrue(second.version() > first.version());
    }

    @Test
    void duplicateVersionsAndNamesAreConflictsNamingTheExistingMigration() {
        store.create("app", 1L, "one", "SELECT 1;", null, null);
        CairnException byVersion = assertThrows(CairnException.class,
                () -> store.create("app", 1L, "other", "SELECT 1;", null, null));
        assertEquals("one", byVersion.fields().get("existingName"));
        CairnException byName = assertThrows(CairnException.class,
                () -> store.create("app", 2L, "one", "SELECT 1;", null, null));
        assertEquals(1L, byName.fields().get("existingVersion"));
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
                    assertEquals(CairnException.Kind.CONFLICT, ((CairnException) e.getCause()).kind());
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
        assertEquals(Boolean.FALSE, store.get("app", 2L).transaction());
    }

    @Test
    void checksumIgnoresLineEndings() {
        assertEquals(Migration.checksumOf("a;\nb;\n"), Migration.checksumOf("a;\r\nb;\r\n"));
        assertTrue(!Migration.checksumOf("a;").equals(Migration.checksumOf("b;")));
    }
}
