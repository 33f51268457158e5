package dev.cairn.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Remedy;
import dev.cairn.repo.Repo;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.Engine;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cairn.targets.allowed-hosts}: what each kind of rule admits, and a repo outside the rules (registered before
 * they existed) refused at use: an address outside before any connection is set up, a name when it resolves outside,
 * right before connecting. Either is a 400 that names the host, and nothing reaches the database.
 */
class AllowedHostsTest {

    private final TestServer server = TestServers.postgres();
    private final String db = server.createDatabase();
    private Engine engine;

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.close();
        }
        server.dropDatabase(db);
    }

    @Test
    void namesWildcardsAndRangesAdmitWhatTheySay() throws Exception {
        AllowedHosts rules = new AllowedHosts(List.of("db.example.com", "*.prod.internal", "10.0.0.0/8",
                "192.168.7.7", "fd00::/8", " ::1 "));
        assertEquals(true, rules.withoutResolving("db.example.com"));
        assertEquals(true, rules.withoutResolving("DB.Example.COM."));
        assertEquals(true, rules.withoutResolving("pg-1.eu.prod.internal"));
        assertEquals(true, rules.withoutResolving("10.200.3.4"));
        assertEquals(true, rules.withoutResolving("192.168.7.7"));
        assertEquals(true, rules.withoutResolving("fd12:3456::1"));
        assertEquals(true, rules.withoutResolving("::1"));
        assertEquals(false, rules.withoutResolving("11.0.0.1"));
        assertEquals(false, rules.withoutResolving("192.168.7.8"));
        assertEquals(false, rules.withoutResolving("fe80::1"));
        assertEquals(false, rules.withoutResolving("169.254.169.254"));
        assertNull(rules.withoutResolving("prod.internal"), "the wildcard is for names under it");
        assertNull(rules.withoutResolving("example.com"), "another name: its addresses decide");
        // Numbers that are addresses in disguise resolve to what they mean, and are judged by it.
        rules.check("167772161"); // 10.0.0.1
        assertThrows(AllowedHosts.Refused.class, () -> rules.check("2130706433")); // 127.0.0.1
        assertThrows(AllowedHosts.Refused.class, () -> rules.check("127.1"));
        assertThrows(AllowedHosts.Refused.class, () -> rules.check("no-such-host.invalid"));

        AllowedHosts namesOnly = new AllowedHosts(List.of("*.example.com"));
        assertEquals(false, namesOnly.withoutResolving("localhost"), "no ranges: nothing to resolve for");
        assertEquals(false, namesOnly.withoutResolving("127.0.0.1"));
        assertTrue(new AllowedHosts(List.of()).any());
        for (String bad : List.of("10.0.0.0/33", "db.example.com/8", "http://db", "*", "10.0.0.0/x")) {
            assertThrows(IllegalStateException.class, () -> new AllowedHosts(List.of(bad)), bad);
        }
    }

    @Test
    void anAddressOutsideTheRulesIsRefusedBeforeAnyConnection() throws Exception {
        engine = engineAllowing("10.0.0.0/8");
        Repo repo = repo(at("127.0.0.1"));
        CairnException e = assertThrows(CairnException.class, () -> engine.status.status(repo));
        assertRefused(e, "127.0.0.1");
        assertTrue(e.getMessage().contains("registered with a url or TLS profile Cairn refuses"), e.getMessage());
    }

    @Test
    void aNameThatResolvesOutsideTheRulesIsRefusedWhenConnecting() throws Exception {
        engine = engineAllowing("10.0.0.0/8");
        Repo repo = repo(at("localhost"));
        engine.store.create("far", 1L, "t", "CREATE TABLE t (id int);", null, null);
        CairnException run = assertThrows(CairnException.class, () -> engine.runner.run(repo,
                new RunRequest(Direction.UP, new Strategy.All(), false, false, Duration.ZERO, "test")).orThrow());
        assertRefused(run, "localhost");
        assertTrue(run.getMessage().contains("resolves to an address outside"), run.getMessage());
        assertFalse(new DatabaseInspector(server, db).tableExists("public", "schema_migrations"));
    }

    @Test
    void insideTheRulesEverythingWorksAsBefore() throws Exception {
        engine = engineAllowing("127.0.0.0/8,::1");
        Repo byName = repo(at("localhost"));
        engine.store.create("far", 1L, "t", "CREATE TABLE t (id int);", null, null);
        engine.runner.run(byName, new RunRequest(Direction.UP, new Strategy.All(), false, false, Duration.ZERO,
                "test")).orThrow();
        assertTrue(new DatabaseInspector(server, db).tableExists("public", "t"));
    }

    private Engine engineAllowing(String rules) {
        return new Engine(store -> Engine.config(store, Optional.empty(),
                Engine.pool(4, OptionalInt.empty(), Duration.ofSeconds(10)), Map.of(),
                Optional.of(List.of(rules.split(",")))));
    }

    /** The test database's URL with the server named by {@code host}. */
    private String at(String host) {
        return server.url(db).replaceFirst("//[^:/]+", "//" + host);
    }

    private Repo repo(String url) {
        return new Repo("far", url, server.user(), null, null, null, true, Map.of());
    }

    private static void assertRefused(CairnException e, String host) {
        assertEquals("host-not-allowed", e.slug(), e.getMessage());
        assertEquals(host, e.fields().get("host"));
        assertEquals("url", e.fields().get("field"));
        assertEquals("far", e.fields().get("repo"));
        assertEquals(Remedy.REPLACE_REPO, e.remedy());
    }
}
