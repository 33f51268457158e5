package dev.cairn.guards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.testing.Containers;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * README, "The tests need PostgreSQL and MariaDB": without {@code CAIRN_TEST_MARIADB}, a developer with Docker gets
 * MariaDB from Testcontainers. CI sets the variable, so TestServers never takes this path there; this test takes
 * it wherever a Docker engine answers, and is skipped (not failed) where none does.
 */
class MariaDbContainerTest {

    @Test
    void theContainerServesTestsAsTheLocalServerDoes() throws Exception {
        assumeTrue(Containers.dockerAvailable(), "no Docker engine answers, so there is no container to check");
        TestServer server = Containers.mariadb();
        assertEquals(TestServer.Kind.MARIADB, server.kind());
        // What every MariaDB test needs: a database of its own, made and dropped by the test's login.
        String db = server.createDatabase();
        try {
            DatabaseInspector inspector = new DatabaseInspector(server, db);
            inspector.execute("CREATE TABLE probe (id int)");
            assertTrue(inspector.tableExists(db, "probe"));
            assertTrue(inspector.query("SELECT VERSION()").startsWith("10.11"), "the version CI runs");
        } finally {
            server.dropDatabase(db);
        }
    }
}
