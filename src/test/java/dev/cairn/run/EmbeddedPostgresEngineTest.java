package dev.cairn.run;

import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;

/** The engine suite once more on the embedded binaries, a newer PostgreSQL major than the machine's. */
class EmbeddedPostgresEngineTest extends PostgresEngineSuite {

    @Override
    TestServer server() {
        return TestServers.embeddedPostgres();
    }
}
