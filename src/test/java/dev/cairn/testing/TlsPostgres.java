package dev.cairn.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * A throwaway PostgreSQL cluster with {@code ssl = on} and the {@link TestCertificates} server certificate, for one
 * test JVM. Two roles may log in over TCP only with TLS: {@code tlsuser} (no password) and {@code certuser} (with a
 * client certificate the test CA signed, and nothing else); {@code pwuser} needs its password, {@link #PASSWORD}.
 * {@code postgres} keeps trust, for the tests' own admin connections.
 */
public final class TlsPostgres {

    public static final String PASSWORD = "pgpass-only-" + java.util.UUID.randomUUID();

    private static TlsPostgres started;

    private final EmbeddedPostgres postgres;
    private final TestServer admin;

    private TlsPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.admin = TestServer.fromUrl(TestServer.Kind.POSTGRESQL,
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres", "TLS PostgreSQL");
    }

    public static synchronized TlsPostgres get() {
        if (started == null) {
            TestCertificates certificates = TestCertificates.get();
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("ssl", "on")
                        .setServerConfig("ssl_cert_file", certificates.serverCert.toString())
                        .setServerConfig("ssl_key_file", certificates.serverKey.toString())
                        .setServerConfig("ssl_ca_file", certificates.ca.toString())
                        .setDataDirectoryCustomizer(data -> hba(data.toPath().resolve("pg_hba.conf")))
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the process dies with the JVM anyway
                    }
                }));
                started = new TlsPostgres(postgres);
                started.admin.admin("CREATE ROLE tlsuser LOGIN");
                started.admin.admin("CREATE ROLE certuser LOGIN");
                started.admin.admin("CREATE ROLE pwuser LOGIN PASSWORD '" + PASSWORD + "'");
            } catch (IOException e) {
                throw new UncheckedIOException("could not start a PostgreSQL with TLS", e);
            }
        }
        return started;
    }

    private static void hba(java.nio.file.Path file) {
        try {
            Files.writeString(file, """
                    local   all  all                 trust
                    hostssl all  certuser  all       cert
                    hostssl all  tlsuser   all       trust
                    hostssl all  pwuser    all       scram-sha-256
                    host    all  postgres  all       trust
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates and drops databases, as {@code postgres}. */
    public TestServer admin() {
        return admin;
    }

    public int port() {
        return postgres.getPort();
    }

    /** A database owned by {@code owner}, so the TLS roles may create tables in it. */
    public String createDatabase(String owner) {
        String database = admin.createDatabase();
        admin.admin("ALTER DATABASE " + database + " OWNER TO " + owner);
        return database;
    }

    /** A URL naming the server by {@code host}: localhost matches the server certificate, 127.0.0.1 does not. */
    public String url(String host, String database) {
        return "jdbc:postgresql://" + host + ":" + port() + "/" + database;
    }
}
