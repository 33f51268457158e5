package dev.cairn.run;

import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;

/** The engine suite on the default PostgreSQL (the machine's in CI, see {@link TestServers}). */
class PostgresEngineTest extends PostgresEngineSuite {

    @Override
    TestServer server() {
        return TestServers.postgres();
    }
}
