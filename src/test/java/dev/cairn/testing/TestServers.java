package dev.cairn.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Where tests find their databases. PostgreSQL, in order: the server named by {@code CAIRN_TEST_POSTGRES}
 * (a JDBC URL with admin rights), Testcontainers when a Docker engine answers, else embedded binaries.
 * MariaDB: {@code CAIRN_TEST_MARIADB}, else Testcontainers, else the local server on 127.0.0.1:3306 as root.
 */
public final class TestServers {

    private static TestServer postgres, embedded, mariadb;

    private TestServers() {}

    public static synchronized TestServer postgres() {
        if (postgres == null) {
            String url = System.getenv("CAIRN_TEST_POSTGRES");
            if (url != null && !url.isBlank()) {
                postgres = TestServer.fromUrl(TestServer.Kind.POSTGRESQL, url, "PostgreSQL from CAIRN_TEST_POSTGRES");
            } else if (Containers.dockerAvailable()) {
                postgres = Containers.postgres();
            } else {
                postgres = embeddedPostgres();
            }
        }
        return postgres;
    }

    /** Always the embedded binaries (PostgreSQL 18 here), to run the engine suite on a second major version. */
    public static synchronized TestServer embeddedPostgres() {
        if (embedded == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the process dies with the JVM anyway
                    }
                }));
                embedded = TestServer.fromUrl(TestServer.Kind.POSTGRESQL,
                        pg.getJdbcUrl("postgres", "postgres"), "embedded PostgreSQL");
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
        }
        return embedded;
    }

    public static synchronized TestServer mariadb() {
        if (mariadb == null) {
            String url = System.getenv("CAIRN_TEST_MARIADB");
            if (url != null && !url.isBlank()) {
                mariadb = TestServer.fromUrl(TestServer.Kind.MARIADB, url, "MariaDB from CAIRN_TEST_MARIADB");
            } else if (Containers.dockerAvailable()) {
                mariadb = Containers.mariadb();
            } else {
                mariadb = TestServer.fromUrl(TestServer.Kind.MARIADB, "jdbc:mariadb://127.0.0.1:3306/mysql?user=root",
                        "MariaDB on 127.0.0.1:3306");
            }
        }
        return mariadb;
    }
}
