package dev.cairn.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.RestrictedLogin;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripts written by an attacker holding a deploy token, on both engines, as a repo registered with a login that owns
 * its database and nothing more. No script may copy a file of Cairn's own host into the database: MariaDB's
 * client-side {@code LOAD DATA LOCAL INFILE} (the client is Cairn) is refused in every spelling the server accepts,
 * and PostgreSQL has no client-side file read at all. Server-side file access ({@code COPY … FROM '<file>'},
 * {@code SELECT … INTO OUTFILE}) is the database's own privilege, which such a login does not have. The database
 * server here runs on Cairn's host, so any of these succeeding would read Cairn's files.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileScriptsTest {

    private static final String MARKER = "cairn-host-secret-" + UUID.randomUUID();

    private final AtomicLong versions = new AtomicLong(1);
    private Path hostFolder;
    private Path secret;
    private RestrictedLogin mariadb;
    private RestrictedLogin postgres;

    @BeforeAll
    void plantASecretOnCairnsHost() throws IOException {
        hostFolder = Files.createTempDirectory("cairn-host-");
        secret = Files.writeString(hostFolder.resolve("secret.txt"), MARKER + "\n" + MARKER + "\n");
    }

    /** Here rather than in {@link #plantASecretOnCairnsHost}: Quarkus gives rest-assured its port per test. */
    @BeforeEach
    void registerTheTargets() {
        if (mariadb == null) {
            mariadb = register(TestServers.mariadb());
            postgres = register(TestServers.postgres());
        }
    }

    /** The registrations go with the test store; rest-assured has no port here any more. */
    @AfterAll
    void cleanUp() throws IOException {
        for (RestrictedLogin login : new RestrictedLogin[] {mariadb, postgres}) {
            if (login != null) {
                login.close();
            }
        }
        try (Stream<Path> files = Files.list(hostFolder)) {
            assertEquals(List.of(secret), files.toList(), "no script wrote a file on Cairn's host");
        }
        Files.delete(secret);
        Files.delete(hostFolder);
    }

    /** Every form of MariaDB's statement that makes the client send a file, as the server's grammar accepts it. */
    Stream<String> localFileSpellings() {
        return Stream.of(
                "LOAD DATA LOCAL INFILE '%s' INTO TABLE loot",
                "load data local infile '%s' into table loot",
                "LOAD DATA LOW_PRIORITY LOCAL INFILE '%s' INTO TABLE loot",
                "LOAD DATA CONCURRENT LOCAL INFILE '%s' REPLACE INTO TABLE loot",
                "LOAD DATA LOCAL INFILE '%s' IGNORE INTO TABLE loot CHARACTER SET latin1"
                        + " FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (l)",
                "LOAD DATA LOCAL INFILE \"%s\" INTO TABLE loot",
                "LOAD/**/DATA/**/LOCAL/**/INFILE '%s' INTO TABLE loot",
                "LOAD DATA\n  LOCAL\n  INFILE\n  '%s'\n  INTO TABLE loot",
                "/*!LOAD DATA LOCAL INFILE '%s' INTO TABLE loot */",
                "/*M!100000 LOAD DATA LOCAL INFILE '%s' INTO TABLE loot */",
                "LOAD DATA /*!LOCAL */ INFILE '%s' INTO TABLE loot",
                "LOAD XML LOCAL INFILE '%s' INTO TABLE loot ROWS IDENTIFIED BY '<l>'");
    }

    /** Otherwise the server itself would refuse, and the suite would prove nothing about Cairn's connections. */
    @Test
    void theMariaDbServerAcceptsLocalFiles() throws SQLException {
        assertEquals("1", new DatabaseInspector(mariadb.server, mariadb.database)
                .query("SELECT @@GLOBAL.local_infile"));
    }

    @ParameterizedTest
    @MethodSource("localFileSpellings")
    void mariaDbLocalFileLoadingIsRefusedInEverySpelling(String spelling) throws SQLException {
        for (String file : List.of(secret.toString(), "/etc/passwd", "/proc/self/environ")) {
            migrateFails(mariadb, String.format(spelling, file) + ";")
                    .body("detail", containsString("local file loading is not allowed"))
                    .body("detail", containsString("Cairn's own host"));
            assertNothingLooted(mariadb);
        }
    }

    /** The script as it was sent: MariaDB's default mode, outside a transaction. */
    @Test
    void theReportedScriptFailsWithA422AndCopiesNothing() throws SQLException {
        try (RestrictedLogin login = register(TestServers.mariadb())) {
            long version = versions.getAndIncrement();
            store(login, version,
                    "CREATE TABLE stolen (l text); LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE stolen;", null);
            given().contentType(ContentType.JSON).body("{}").post("/repos/{id}/migrate", id(login)).then()
                    .statusCode(422).body("type", equalTo("urn:cairn:problem:migration-failed"))
                    .body("detail", containsString("local file loading is not allowed"))
                    .body("statement", equalTo(2)).body("line", equalTo(1));
            assertEquals("0", new DatabaseInspector(login.server, login.database).query("SELECT COUNT(*) FROM stolen"));
            given().delete("/repos/{id}", id(login));
        }
    }

    /** The server's own files, read or written under the database's FILE privilege, which the login lacks. */
    Stream<String> mariaDbServerFileAccess() {
        return Stream.of(
                "LOAD DATA INFILE '%s' INTO TABLE loot",
                "LOAD XML INFILE '%s' INTO TABLE loot",
                "SELECT l FROM loot INTO OUTFILE '%s.out'",
                "SELECT 'x' INTO DUMPFILE '%s.out'");
    }

    @ParameterizedTest
    @MethodSource("mariaDbServerFileAccess")
    void mariaDbServerSideFilesNeedTheFilePrivilege(String statement) throws SQLException {
        migrateFails(mariadb, String.format(statement, secret) + ";")
                .body("databaseMessage", containsString("Access denied"));
        assertNothingLooted(mariadb);
    }

    @Test
    void mariaDbLoadFileWithoutTheFilePrivilegeReadsNothing() throws SQLException {
        long version = versions.getAndIncrement();
        store(mariadb, version, "INSERT INTO loot SELECT LOAD_FILE('" + secret + "');", false);
        given().contentType(ContentType.JSON).body("{}").post("/repos/{id}/migrate", id(mariadb)).then()
                .statusCode(200);
        DatabaseInspector database = new DatabaseInspector(mariadb.server, mariadb.database);
        assertEquals(1, database.column("SELECT l FROM loot").size());
        assertEquals(null, database.query("SELECT l FROM loot"), "LOAD_FILE gives NULL without FILE");
        database.execute("DELETE FROM loot");
    }

    /** psql's meta-commands and COPY's client side: the JDBC driver has no way to send a file of Cairn's host. */
    Stream<String> postgresClientSideSpellings() {
        return Stream.of(
                "COPY loot FROM STDIN",
                "COPY loot (l) FROM STDIN WITH (FORMAT text)",
                "\\copy loot FROM '%s'",
                "\\i %s");
    }

    @ParameterizedTest
    @MethodSource("postgresClientSideSpellings")
    void postgresHasNoClientSideFileRead(String spelling) throws SQLException {
        migrateFails(postgres, String.format(spelling, secret) + ";");
        assertNothingLooted(postgres);
    }

    /** The database server's files and programs, under PostgreSQL's pg_*_server_* roles, which the login lacks. */
    Stream<String> postgresServerFileAccess() {
        return Stream.of(
                "COPY loot FROM '%s'",
                "COPY loot TO '%s.out'",
                "COPY loot FROM PROGRAM 'cat %s'",
                "COPY (SELECT 1) TO PROGRAM 'cp %1$s %1$s.out'",
                "INSERT INTO loot SELECT pg_read_file('%s')",
                "INSERT INTO loot SELECT encode(pg_read_binary_file('%s'), 'escape')",
                "INSERT INTO loot SELECT lo_import('%s')::text",
                "INSERT INTO loot SELECT pg_ls_dir('%s')");
    }

    @ParameterizedTest
    @MethodSource("postgresServerFileAccess")
    void postgresServerSideFilesNeedTheDatabasesPrivileges(String statement) throws SQLException {
        migrateFails(postgres, String.format(statement, statement.contains("pg_ls_dir") ? hostFolder : secret) + ";")
                .body("sqlState", equalTo("42501"));
        assertNothingLooted(postgres);
    }

    private RestrictedLogin register(TestServer server) {
        RestrictedLogin login = RestrictedLogin.create(server);
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id(login), "url", login.url(), "username", login.user))
                .post("/repos").then().statusCode(201);
        store(login, versions.getAndIncrement(), "CREATE TABLE loot (l text);", null);
        given().contentType(ContentType.JSON).body("{}").post("/repos/{id}/migrate", id(login)).then().statusCode(200);
        return login;
    }

    private static String id(RestrictedLogin login) {
        return "hostile-" + login.database.substring(login.database.length() - 8);
    }

    private static void store(RestrictedLogin login, long version, String up, Boolean transaction) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("version", version, "name", "hostile_" + version,
                "up", up));
        if (transaction != null) {
            body.put("transaction", transaction);
        }
        given().contentType(ContentType.JSON).body(body).post("/repos/{id}/migrations", id(login))
                .then().statusCode(201);
    }

    /**
     * Stores the script as a migration in a transaction (so a failure leaves the repo clean for the next one), runs
     * it, expects a 422 migration-failed, and deletes the migration again.
     */
    private ValidatableResponse migrateFails(RestrictedLogin login, String script) {
        long version = versions.getAndIncrement();
        store(login, version, script, true);
        ValidatableResponse response = given().contentType(ContentType.JSON).body("{}")
                .post("/repos/{id}/migrate", id(login)).then()
                .statusCode(422).body("type", equalTo("urn:cairn:problem:migration-failed"))
                .body("version", equalTo((int) version));
        given().delete("/repos/{id}/migrations/{version}", id(login), version).then().statusCode(204);
        return response;
    }

    private void assertNothingLooted(RestrictedLogin login) throws SQLException {
        DatabaseInspector database = new DatabaseInspector(login.server, login.database);
        List<String> rows = database.column("SELECT l FROM loot");
        assertEquals(List.of(), rows.stream().filter(Objects::nonNull).toList(), "rows copied into loot");
        assertFalse(rows.stream().anyMatch(r -> r != null && r.contains(MARKER)));
        assertTrue(Files.exists(secret));
    }
}
