package dev.cairn.target;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.dialect.MariaDbDialect;
import dev.cairn.dialect.PostgresDialect;
import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;

/**
 * Registration URLs carry only the driver parameters Cairn lets through; every other parameter either driver knows
 * (taken from the drivers themselves, so a driver upgrade that adds one is covered) is a 400 naming it, in any
 * spelling the driver would read, and nothing is registered.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class UrlParameterAllowlistTest {

    static final List<String> POSTGRESQL_ALLOWED = List.of("ApplicationName", "cancelSignalTimeout", "channelBinding",
            "connectTimeout", "hostRecheckSeconds", "loadBalanceHosts", "loginTimeout", "socketTimeout", "ssl",
            "sslNegotiation", "sslResponseTimeout", "sslmode", "targetServerType", "tcpKeepAlive", "tcpNoDelay");
    static final List<String> MARIADB_ALLOWED = List.of("connectTimeout", "enabledSslCipherSuites",
            "enabledSslProtocolSuites", "permitMysqlScheme", "restrictedAuth", "sessionVariables", "socketTimeout",
            "sslMode", "tcpKeepAlive", "tcpKeepCount", "tcpKeepIdle", "tcpKeepInterval", "useCompression");
    /** The issue's list: each makes a driver load a class, touch a file of Cairn's host, or change the session. */
    static final List<String> NAMED_IN_THE_ISSUE = List.of("socketFactory", "sslfactory", "sslhostnameverifier",
            "sslpasswordcallback", "authenticationPluginClassName", "credentialType", "sslcert", "sslkey",
            "sslrootcert", "loggerFile", "serverSslCert", "allowLocalInfile");

    @Test
    void theAllowlistsAreTheDocumentedOnes() {
        assertEquals(POSTGRESQL_ALLOWED, UrlParameters.names(PostgresDialect.INSTANCE));
        assertEquals(MARIADB_ALLOWED, UrlParameters.names(MariaDbDialect.INSTANCE));
    }

    @Test
    void theReadmeAndTheContractListThem() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String contract = Files.readString(Path.of("openapi.yaml")).replace("\\\n        \\", "");
        for (String name : Stream.concat(POSTGRESQL_ALLOWED.stream(), MARIADB_ALLOWED.stream()).toList()) {
            assertTrue(readme.contains("`" + name + "`"), name + " in README.md");
            assertTrue(Pattern.compile("allowlist: .*\\b" + name + "\\b").matcher(contract).find(),
                    name + " in openapi.yaml");
        }
    }

    @Test
    void everyOtherPostgresqlDriverParameterIsRefusedByName() {
        TreeSet<String> refused = new TreeSet<>(Arrays.stream(PGProperty.values()).map(PGProperty::getName).toList());
        refused.removeAll(POSTGRESQL_ALLOWED);
        refused.remove("password"); // refused before, as a credential in the url
        // pgjdbc reads host, port and dbname in any case as PGHOST, PGPORT, PGDBNAME.
        refused.addAll(List.of("host", "Host", "PORT", "dbname", "SSLMODE", "applicationName", "SocketFactory"));
        assertTrue(refused.containsAll(NAMED_IN_THE_ISSUE.stream().filter(n -> !n.equals("credentialType")
                && !n.equals("serverSslCert") && !n.equals("allowLocalInfile")).toList()));
        assertTrue(refused.size() > 70, refused.toString());
        refused.forEach(name -> refusedAtRegistration("jdbc:postgresql://127.0.0.1:5432/app?connectTimeout=3&"
                + name + "=x", name));
    }

    @Test
    void everyOtherMariaDbDriverParameterIsRefusedInAnyCase() throws SQLException {
        TreeSet<String> refused = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        var driver = new org.mariadb.jdbc.Driver();
        for (DriverPropertyInfo p : driver.getPropertyInfo("jdbc:mariadb://h/db", new Properties())) {
            refused.add(p.name);
        }
        refused.removeAll(MARIADB_ALLOWED);
        refused.remove("password");
        assertTrue(refused.containsAll(List.of("credentialType", "serverSslCert", "allowLocalInfile",
                "socketFactory")));
        assertTrue(refused.size() > 70, refused.toString());
        List<String> spellings = Stream.concat(refused.stream(), Stream.of("ALLOWLOCALINFILE", "AllowLocalInfile",
                "allowlocalinfile", "useSSL", "useSsl", "trustServerCertificate", "disableSslHostnameVerification",
                "trustCertificateKeyStoreUrl", "clientCertificateKeyStoreUrl", "interactiveClient")).toList();
        spellings.forEach(name -> refusedAtRegistration("jdbc:mariadb://127.0.0.1:3306/app?" + name + "=true", name));
        spellings.forEach(name -> refusedAtRegistration("jdbc:mysql://127.0.0.1:3306/app?" + name, name));
    }

    @Test
    void localInfileCannotBeTurnedBackOnThroughTheUrl() {
        for (String url : List.of("jdbc:mariadb://127.0.0.1:3306/app?allowLocalInfile=true",
                "jdbc:mariadb://127.0.0.1:3306/app?sslMode=disable&allowLocalInfile=1",
                "jdbc:mysql://127.0.0.1:3306/app?ALLOWLOCALINFILE")) {
            given().contentType(ContentType.JSON).body(Map.of("id", "infile", "url", url, "username", "root"))
                    .post("/repos").then().statusCode(400)
                    .body("type", equalTo("urn:cairn:problem:url-parameter-refused"))
                    .body("detail", containsString("file of Cairn's host"));
        }
        given().get("/repos/infile").then().statusCode(404);
    }

    @Test
    void replacingARegistrationIsCheckedTheSameWay() {
        given().contentType(ContentType.JSON)
                .body(Map.of("url", "jdbc:postgresql://127.0.0.1:5432/app?sslfactory=org.example.Evil"))
                .put("/repos/replaced").then().statusCode(400).body("parameter", equalTo("sslfactory"))
                .body("detail", containsString("load a class"));
        given().get("/repos/replaced").then().statusCode(404);
    }

    @Test
    void valuesOfAllowedParametersAreChecked() {
        refusedValue("jdbc:postgresql://127.0.0.1:5432/app?sslmode=verify-everything", "sslmode", "verify-full");
        refusedValue("jdbc:postgresql://127.0.0.1:5432/app?connectTimeout=soon", "connectTimeout", "whole number");
        refusedValue("jdbc:mariadb://127.0.0.1:3306/app?sessionVariables=sql_log_bin=0", "sessionVariables",
                "only sql_mode");
        refusedValue("jdbc:mariadb://127.0.0.1:3306/app?sessionVariables=sql_mode='',@x=(SELECT%201)",
                "sessionVariables", "only sql_mode");
    }

    @Test
    void urlsADriverWouldReadDifferentlyAreRefused() {
        for (String url : List.of("jdbc:postgresql:app", "jdbc:postgresql://127.0.0.1:5432/app;socketFactory=x",
                "jdbc:mariadb://address=(host=127.0.0.1)(port=3306)(localSocket=/run/mysqld.sock)/app",
                "jdbc:postgresql://127.0.0.1:5432/app/extra", "jdbc:postgresql://127.0.0.1:99999/app",
                "jdbc:postgresql://127.0.0.1/app?x=1#fragment", "jdbc:postgresql://127.0.0.1/app? sslmode=disable",
                "jdbc:postgresql:sequential://127.0.0.1/app")) {
            given().contentType(ContentType.JSON).body(Map.of("id", "odd", "url", url)).post("/repos").then()
                    .statusCode(400).body("field", equalTo("url"));
        }
    }

    /** What the allowlist keeps works, and reaches the server as given. */
    @Test
    void allowedParametersReachTheServer() throws SQLException {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        String id = "allowed-" + db.substring(db.length() - 8);
        given().contentType(ContentType.JSON).body(Map.of("id", id, "username", pg.user(), "url", pg.url(db)
                        + "?connectTimeout=4&loginTimeout=4&socketTimeout=60&ApplicationName=shop%20deploy"
                        + "&sslmode=disable&tcpKeepAlive=true&targetServerType=any"))
                .post("/repos").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "who_am_i",
                        "up", "CREATE TABLE seen AS SELECT current_setting('application_name') AS name;"))
                .post("/repos/{id}/migrations", id).then().statusCode(201);
        given().contentType(ContentType.JSON).body("{}").post("/repos/{id}/migrate", id).then().statusCode(200);
        assertEquals("shop deploy", new DatabaseInspector(pg, db).query("SELECT name FROM seen"));
        given().delete("/repos/{id}", id).then().statusCode(204);
        pg.dropDatabase(db);

        TestServer maria = TestServers.mariadb();
        String mdb = maria.createDatabase();
        String mid = "allowed-" + mdb.substring(mdb.length() - 8);
        given().contentType(ContentType.JSON).body(Map.of("id", mid, "username", maria.user(), "url", maria.url(mdb)
                        + "?connectTimeout=4000&socketTimeout=60000&sslMode=disable&tcpKeepAlive=true"
                        + "&sessionVariables=sql_mode='STRICT_ALL_TABLES'&useCompression=true"))
                .post("/repos").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "which_mode",
                        "up", "CREATE TABLE seen AS SELECT @@SESSION.sql_mode AS mode;"))
                .post("/repos/{id}/migrations", mid).then().statusCode(201);
        given().contentType(ContentType.JSON).body("{}").post("/repos/{id}/migrate", mid).then().statusCode(200);
        assertEquals("STRICT_ALL_TABLES", new DatabaseInspector(maria, mdb).query("SELECT mode FROM seen"));
        given().delete("/repos/{id}", mid).then().statusCode(204);
        maria.dropDatabase(mdb);
    }

    private static void refusedAtRegistration(String url, String name) {
        given().contentType(ContentType.JSON).body(Map.of("id", "refused", "url", url, "username", "app"))
                .post("/repos").then().statusCode(400)
                .body("type", equalTo("urn:cairn:problem:url-parameter-refused"))
                .body("field", equalTo("url")).body("parameter", equalTo(name))
                .body("detail", containsString("'" + name + "'"));
    }

    private static void refusedValue(String url, String name, String expected) {
        given().contentType(ContentType.JSON).body(Map.of("id", "refused", "url", url)).post("/repos").then()
                .statusCode(400).body("type", equalTo("urn:cairn:problem:invalid-request"))
                .body("parameter", equalTo(name)).body("detail", containsString(expected));
    }
}
