package dev.cairn.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.config.CairnConfig;
import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.run.Run;
import dev.cairn.store.AtomicFiles;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.Engine;
import dev.cairn.testing.TestCertificates;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import dev.cairn.testing.TlsPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS to a PostgreSQL with {@code ssl = on} and a certificate this JVM made, through the operator's TLS profiles:
 * {@code verify-full} succeeds against the right CA and fails against another one or another host name, a profile's
 * client certificate logs in, and without a profile pgjdbc reads none of Cairn's own {@code ~/.postgresql} files.
 */
class TlsProfileTest {

    private static final TestCertificates CERTS = TestCertificates.get();
    private static final TlsPostgres SERVER = TlsPostgres.get();
    private static final Map<String, CairnConfig.Tls> PROFILES = Map.of(
            "right", Engine.tls(CERTS.ca, null, null),
            "other", Engine.tls(CERTS.otherCa, null, null),
            "client", Engine.tls(CERTS.ca, CERTS.clientCert, CERTS.clientKey),
            "client-der", Engine.tls(CERTS.ca, CERTS.clientCert, CERTS.clientKeyDer));

    private final Engine engine = new Engine(store -> Engine.config(store, Optional.empty(),
            Engine.pool(4, OptionalInt.empty(), Duration.ofSeconds(10)), PROFILES));
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        databases.forEach(SERVER.admin()::dropDatabase);
    }

    @Test
    void verifyFullAgainstTheProfilesCaMigratesOverTls() throws SQLException {
        String db = database("tlsuser");
        Repo repo = repo("tls", SERVER.url("localhost", db), "tlsuser", "right");
        engine.store.create("tls", 1L, "seen", "CREATE TABLE seen AS SELECT ssl FROM pg_stat_ssl"
                + " WHERE pid = pg_backend_pid();", null, null);
        assertEquals(Run.Status.succeeded, migrate(repo).status());
        assertEquals("t", new DatabaseInspector(SERVER.admin(), db).query("SELECT ssl FROM seen"));
    }

    @Test
    void verifyFullAgainstAnotherCaIsRefusedAndNothingRuns() throws SQLException {
        String db = database("tlsuser");
        Repo repo = repo("other", SERVER.url("localhost", db), "tlsuser", "other");
        CairnException e = assertThrows(CairnException.class, () -> engine.status.status(repo));
        assertEquals("target-unavailable", e.slug());
        assertTrue(e.getMessage().contains("certificat") || e.getMessage().contains("PKIX"), e.getMessage());
        assertFalse(new DatabaseInspector(SERVER.admin(), db).tableExists("public", "schema_migrations"));
    }

    @Test
    void verifyFullChecksTheServersNameAndVerifyCaDoesNot() throws SQLException {
        String db = database("tlsuser");
        Repo byAddress = repo("address", SERVER.url("127.0.0.1", db), "tlsuser", "right");
        CairnException e = assertThrows(CairnException.class, () -> engine.status.status(byAddress));
        assertTrue(e.getMessage().contains("127.0.0.1") && e.getMessage().contains("TLS handshake failed"),
                e.getMessage());
        Repo caOnly = repo("ca-only", SERVER.url("127.0.0.1", db) + "?sslmode=verify-ca", "tlsuser", "right");
        assertEquals(0, engine.status.status(caOnly).pending());
    }

    @Test
    void aProfilesClientCertificateLogsInAsPemOrDer() {
        String db = database("certuser");
        assertEquals(0, engine.status.status(repo("pem", SERVER.url("localhost", db), "certuser", "client"))
                .pending());
        assertEquals(0, engine.status.status(repo("der", SERVER.url("localhost", db), "certuser", "client-der"))
                .pending());
        Repo withoutCertificate = repo("bare", SERVER.url("localhost", db), "certuser", "right");
        CairnException e = assertThrows(CairnException.class, () -> engine.status.status(withoutCertificate));
        assertEquals("target-auth-failed", e.slug());
        assertTrue(e.getMessage().contains("client certificate"), e.getMessage());
    }

    /**
     * pgjdbc's defaults are files of the process's home: {@code ~/.postgresql/root.crt} to trust,
     * {@code postgresql.crt} and {@code postgresql.pk8} to present, {@code ~/.pgpass} for a login without a password.
     * Put the test CA, the client certificate and pwuser's password there: a repo without a profile or a password
     * must still neither trust the one, nor present the other, nor log in with the third.
     */
    @Test
    void withoutAProfileNothingOfCairnsHomeIsRead() throws Exception {
        Path home = Files.createTempDirectory("cairn-home-");
        Path dotPostgresql = Files.createDirectories(home.resolve(".postgresql"));
        Files.copy(CERTS.ca, dotPostgresql.resolve("root.crt"));
        Files.copy(CERTS.clientCert, dotPostgresql.resolve("postgresql.crt"));
        Files.copy(CERTS.clientKeyDer, dotPostgresql.resolve("postgresql.pk8"));
        Files.writeString(home.resolve(".pgpass"), "*:*:*:pwuser:" + TlsPostgres.PASSWORD + "\n");
        String userHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            String db = database("tlsuser");
            Repo verifying = repo("verifying", SERVER.url("localhost", db) + "?sslmode=verify-full", "tlsuser", null);
            CairnException untrusted = assertThrows(CairnException.class, () -> engine.status.status(verifying));
            assertTrue(untrusted.getMessage().contains("PKIX") || untrusted.getMessage().contains("certificat"),
                    untrusted.getMessage());
            String certDb = database("certuser");
            Repo encrypted = repo("encrypted", SERVER.url("localhost", certDb) + "?sslmode=require", "certuser", null);
            CairnException e = assertThrows(CairnException.class, () -> engine.status.status(encrypted));
            assertTrue(e.getMessage().contains("requires a valid client certificate"), e.getMessage());
            Repo noPassword = repo("no-password", SERVER.url("localhost", db) + "?sslmode=require", "pwuser", null);
            CairnException refused = assertThrows(CairnException.class, () -> engine.status.status(noPassword));
            assertEquals("target-auth-failed", refused.slug(), refused.getMessage());
            assertTrue(refused.getMessage().contains("password is an empty string"), refused.getMessage());
        } finally {
            System.setProperty("user.home", userHome);
            AtomicFiles.deleteTree(home);
        }
    }

    /** MariaDB gets the profile's CA as serverSslCert and a verified mode; a server without TLS is then refused. */
    @Test
    void aMariaDbProfileIsAVerifiedConnectionToo() {
        assertEquals(Map.of("sslMode", "verify-full", "serverSslCert", CERTS.ca.toString()),
                TlsSettings.properties(TargetUrl.of("jdbc:mariadb://db.example.com/app"), "right", PROFILES));
        TestServer maria = TestServers.mariadb();
        String db = maria.createDatabase();
        try {
            Repo repo = new Repo("maria-tls", maria.url(db), maria.user(), null, null, null, true, Map.of(), null, "right");
            CairnException e = assertThrows(CairnException.class, () -> engine.status.status(repo));
            assertTrue(e.getMessage().contains("asks for TLS, which the server does not offer"), e.getMessage());
        } finally {
            maria.dropDatabase(db);
        }
    }

    @Test
    void aProfileWhoseFilesCannotBeReadStopsCairnAtStart() {
        for (CairnConfig.Tls broken : List.of(Engine.tls(CERTS.folder.resolve("missing.crt"), null, null),
                Engine.tls(CERTS.clientKey, null, null), Engine.tls(CERTS.ca, CERTS.clientCert, null))) {
            CairnConfig config = Engine.config("unused", Optional.empty(),
                    Engine.pool(4, OptionalInt.empty(), Duration.ofSeconds(10)), Map.of("broken", broken));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new TargetAccess(config));
            assertTrue(e.getMessage().startsWith("TLS profile cairn.tls.broken") || e.getMessage()
                    .startsWith("cairn.tls.broken."), e.getMessage());
        }
    }

    private String database(String owner) {
        String db = SERVER.createDatabase(owner);
        databases.add(db);
        return db;
    }

    private static Repo repo(String id, String url, String username, String tls) {
        return new Repo(id, url, username, null, null, null, true, Map.of(), null, tls);
    }

    private Run migrate(Repo repo) {
        return engine.runner.run(repo, new RunRequest(Direction.UP, new Strategy.All(), false, false,
                Duration.ZERO, "test")).orThrow();
    }
}
