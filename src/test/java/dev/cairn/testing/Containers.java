package dev.cairn.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Testcontainers, for developers who have a Docker engine. Never required. */
final class Containers {

    private Containers() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    static TestServer postgres() {
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17-alpine");
        pg.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
        String url = pg.getJdbcUrl();
        return TestServer.fromUrl(TestServer.Kind.POSTGRESQL,
                url + (url.contains("?") ? "&" : "?") + "user=" + pg.getUsername() + "&password=" + pg.getPassword(),
                "PostgreSQL in Testcontainers");
    }
}
