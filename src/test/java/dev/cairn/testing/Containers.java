package dev.cairn.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Testcontainers, for developers who have a Docker engine. Never required. */
public final class Containers {

    private static Boolean dockerAvailable;

    private Containers() {}

    /** Asked once per JVM: without an engine, Testcontainers tries every strategy it knows each time. */
    public static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            try {
                dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable e) {
                dockerAvailable = false;
            }
        }
        return dockerAvailable;
    }

    static TestServer postgres() {
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17-alpine");
        pg.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
        return TestServer.fromUrl(TestServer.Kind.POSTGRESQL,
                withLogin(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword()), "PostgreSQL in Testcontainers");
    }

    /**
     * MariaDB 10.11, the version CI runs, logged in as root: the tests create and drop databases, which the
     * container's ordinary user (granted only its own database) may not.
     */
    public static TestServer mariadb() {
        MariaDBContainer db = new MariaDBContainer("mariadb:10.11").withUsername("root");
        db.start();
        Runtime.getRuntime().addShutdownHook(new Thread(db::stop));
        return TestServer.fromUrl(TestServer.Kind.MARIADB,
                withLogin(db.getJdbcUrl(), db.getUsername(), db.getPassword()), "MariaDB in Testcontainers");
    }

    private static String withLogin(String url, String user, String password) {
        return url + (url.contains("?") ? "&" : "?") + "user=" + user + "&password=" + password;
    }
}
