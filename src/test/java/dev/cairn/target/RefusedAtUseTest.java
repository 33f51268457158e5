package dev.cairn.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.CairnConfig;
import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Remedy;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.security.PasswordCipher;
import dev.cairn.set.MigrationSets;
import dev.cairn.store.StoreFolder;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.Engine;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registration stored before Cairn refused its URL (an older Cairn, a hand-written file) still loads, and is shown,
 * but Cairn never connects with it: every run, status and dry run is a 400 that names the parameter and says to
 * replace the registration, and nothing reaches the database.
 */
class RefusedAtUseTest {

    private final TestServer server = TestServers.mariadb();
    private final Engine engine = new Engine();
    private final String db = server.createDatabase();

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        server.dropDatabase(db);
    }

    @Test
    void anOldRegistrationThatTurnsLocalInfileBackOnIsLoadedButNeverUsed() throws Exception {
        Path registrations = Files.createDirectories(engine.storeDir.resolve(".cairn/repos"));
        Files.writeString(registrations.resolve("old.json"), """
                {"id": "old", "url": "%s?allowLocalInfile=true", "username": "%s", "encryptedPassword": null,
                 "passwordEnv": null, "prefix": null, "createSchema": true, "labels": {}}
                """.formatted(server.url(db), server.user()));
        CairnConfig config = Engine.config(engine.storeDir.toString(), Optional.empty());
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        RepoRegistry registry = new RepoRegistry(new StoreFolder(config), json, new PasswordCipher(config),
                engine.pools, new TargetAccess(config), new MigrationSets(new StoreFolder(config), json));
        Repo old = registry.get("old");
        engine.store.create("old", 1L, "loot",
                "CREATE TABLE loot (l text); LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE loot;", null, null);

        CairnException run = assertThrows(CairnException.class, () -> engine.runner.run(old,
                new RunRequest(Direction.UP, new Strategy.All(), false, false, Duration.ZERO, "test")).orThrow());
        assertRefused(run);
        assertRefused(assertThrows(CairnException.class, () -> engine.status.status(old)));
        assertRefused(assertThrows(CairnException.class, () -> engine.runner.dryRun(old,
                new RunRequest(Direction.UP, new Strategy.All(), true, false, Duration.ZERO, "test"))));
        DatabaseInspector target = new DatabaseInspector(server, db);
        assertFalse(target.tableExists(db, "loot"));
        assertFalse(target.tableExists(db, "schema_migrations"));
    }

    @Test
    void aRepoBuiltByHandIsRefusedTheSameWay() throws SQLException {
        Repo repo = new Repo("hand", server.url(db) + "?sslMode=disable&ALLOWLOCALINFILE", server.user(), null, null,
                null, true, java.util.Map.of());
        CairnException e = assertThrows(CairnException.class, () -> engine.status.status(repo));
        assertEquals("url-parameter-refused", e.slug());
        assertEquals("ALLOWLOCALINFILE", e.fields().get("parameter"));
        assertFalse(new DatabaseInspector(server, db).tableExists(db, "schema_migrations"));
    }

    private static void assertRefused(CairnException e) {
        assertEquals("url-parameter-refused", e.slug(), e.getMessage());
        assertEquals("allowLocalInfile", e.fields().get("parameter"));
        assertEquals("old", e.fields().get("repo"));
        assertEquals(Remedy.REPLACE_REPO, e.remedy());
        assertTrue(e.getMessage().contains("registered with a url or TLS profile Cairn refuses"), e.getMessage());
    }
}
