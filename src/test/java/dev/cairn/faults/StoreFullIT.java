package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.testing.CairnClient.Reply;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store runs out of space or turns read-only while a script is stored: a 500 problem that says why, no partial
 * file, and the previous script intact. The store is a 64 KiB tmpfs that exists only inside Cairn's own user and
 * mount namespace, so no root is needed.
 */
class StoreFullIT {

    static final long FIRST = 20240101000001L, SECOND = 20240101000002L;
    static final String FIRST_UP = "CREATE TABLE s1 (id int);", FIRST_DOWN = "DROP TABLE s1;";
    /** Larger than the whole store. */
    static final String HUGE_UP = "-- padding to fill the store\n".repeat(4000) + "CREATE TABLE s1 (id bigint);";

    final TestServer server = TestServers.postgres();
    String db;
    TargetDb target;
    CairnProcess cairn;
    CairnClient api;

    @BeforeAll
    static void namespacesAvailable() {
        assumeTrue(CairnProcess.tmpfsStoresSupported(), "this machine forbids user namespaces (unshare --user), "
                + "so Cairn cannot get a tmpfs store of its own");
    }

    @BeforeEach
    void start() {
        db = server.createDatabase();
        target = new TargetDb(server, db);
        cairn = CairnProcess.startOnTmpfs("store-full", 64, Map.of());
        api = new CairnClient(cairn);
        assertEquals(201, api.registerRepo("app", server, db).status());
        assertEquals(201, api.storeMigration("app", FIRST, "create_s1", FIRST_UP, FIRST_DOWN).status());
    }

    @AfterEach
    void stop() {
        if (cairn != null) {
            cairn.close();
        }
        server.dropDatabase(db);
    }

    @Test
    void diskFullIsA500ThatLeavesNoPartialFileAndTheOldScript() throws Exception {
        Reply created = api.storeMigration("app", SECOND, "create_s2", HUGE_UP, "DROP TABLE s2;");
        System.out.printf("[faults] disk full on create: %s%n", created.body());
        assertStoreFailure(created, "No space left on device");

        Reply replaced = api.replaceMigration("app", FIRST, "create_s1", HUGE_UP, "DROP TABLE s1 CASCADE;");
        System.out.printf("[faults] disk full on replace: %s%n", replaced.body());
        assertStoreFailure(replaced, "No space left on device");
        assertFirstIntact();
        assertOnlyFirstOnDisk();

        // The failed writes gave their space back: Cairn is ready and stores and runs small scripts.
        assertEquals(200, api.get("/q/health/ready").status());
        assertEquals(201, api.storeMigration("app", SECOND, "create_s2", "CREATE TABLE s2 (id int);",
                "DROP TABLE s2;").status());
        assertEquals(200, api.migrate("app", Map.of()).status());
        assertEquals(Set.of(FIRST, SECOND), target.ledger());
    }

    @Test
    void readOnlyStoreIsA500AndNotReadyUntilWritableAgain() throws Exception {
        cairn.remountStore(true);
        Reply created = api.storeMigration("app", SECOND, "create_s2", "CREATE TABLE s2 (id int);", null);
        System.out.printf("[faults] read-only on create: %s%n", created.body());
        assertStoreFailure(created, "Read-only file system");
        Reply replaced = api.replaceMigration("app", FIRST, "create_s1", "CREATE TABLE s1 (id bigint);", null);
        assertStoreFailure(replaced, "Read-only file system");
        assertFirstIntact();
        assertOnlyFirstOnDisk();
        Reply registered = api.registerRepo("other", server, db);
        assertStoreFailure(registered, "Read-only file system");
        assertEquals(404, api.get("/repos/other").status(), "a registration that was not saved does not exist");
        Reply ready = api.get("/q/health/ready");
        assertEquals(503, ready.status(), "readiness checks that the store is writable: " + ready);

        // Runs only read the store; the run history line that cannot be written is logged, not turned into a failure.
        Reply run = api.migrate("app", Map.of());
        assertEquals(200, run.status(), run.toString());
        assertEquals(Set.of(FIRST), target.ledger());
        assertTrue(cairn.logText().contains("Could not append run"), "the lost history line is logged");

        cairn.remountStore(false);
        assertEquals(200, api.get("/q/health/ready").status());
        assertEquals(201, api.storeMigration("app", SECOND, "create_s2", "CREATE TABLE s2 (id int);", null).status());
    }

    private static void assertStoreFailure(Reply reply, String cause) {
        assertEquals(500, reply.status(), reply.toString());
        assertTrue(reply.isProblem(), reply.toString());
        assertEquals("store-failure", reply.problemType(), reply.toString());
        String detail = reply.body().path("detail").asText();
        assertTrue(detail.contains(cause), "the detail names the cause: " + detail);
        assertTrue(detail.contains("nothing was changed"), detail);
    }

    private void assertFirstIntact() {
        Reply first = api.get("/repos/app/migrations/" + FIRST);
        assertEquals(200, first.status(), first.toString());
        assertEquals(FIRST_UP, first.body().path("up").asText());
        assertEquals(FIRST_DOWN, first.body().path("down").asText());
        Reply all = api.get("/repos/app/migrations");
        assertEquals(1, all.body().size(), "only the first migration is listed: " + all);
    }

    /** Looks at the tmpfs itself: no temp file, temp folder or half-written script is left behind. */
    private void assertOnlyFirstOnDisk() throws Exception {
        Path root = cairn.storeSeenByCairn().resolve("app");
        Set<String> files = new TreeSet<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> !p.equals(root)).forEach(p -> files.add(root.relativize(p).toString()));
        }
        String folder = FIRST + "_create_s1";
        assertEquals(Set.of(folder, folder + "/up.sql", folder + "/down.sql"), files);
        assertEquals(FIRST_UP, Files.readString(root.resolve(folder).resolve("up.sql")));
        assertEquals(FIRST_DOWN, Files.readString(root.resolve(folder).resolve("down.sql")));
    }
}
