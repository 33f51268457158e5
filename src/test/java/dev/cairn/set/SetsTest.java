package dev.cairn.set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PhoenixKit's calls, one by one, through HTTP: a set stored once, installed into repos, upgraded by version. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class SetsTest {

    @Test
    void thePhoenixKitCallsOneByOneUnderAPrefix() throws Exception {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        String set = newSet(false);
        String repo = register(pg, db, "auth", null, set);
        try {
            migrate(repo, Map.of("set", set, "to", 2)).body("applied.version", equalTo(List.of(1, 2)))
                    .body("set", equalTo(set));
            given().get("/repos/{id}/sets/{set}", repo, set).then().statusCode(200)
                    .body("migratedVersion", equalTo(2)).body("latestVersion", equalTo(3))
                    .body("pending", equalTo(List.of(3)));
            assertEquals(List.of(1L, 2L), versions(pg, db, "auth.schema_migrations__" + set));
            assertTrue(tableExists(pg, db, "auth", "kit_invoices"));

            given().contentType(ContentType.JSON).body(Map.of("set", set)).post("/repos/{id}/migrate", repo).then()
                    .statusCode(200).body("applied.version", equalTo(List.of(3)));
            for (int i = 0; i < 2; i++) {
                given().post("/repos/{id}/sets/{set}/ensure-current", repo, set).then().statusCode(200)
                        .body("applied", empty());
            }
            assertEquals(List.of(1L, 2L, 3L), versions(pg, db, "auth.schema_migrations__" + set),
                    "ensure-current writes no ledger row when the set is current");

            given().contentType(ContentType.JSON).body(Map.of("set", set, "to", 2)).post("/repos/{id}/rollback", repo)
                    .then().statusCode(200).body("reverted.version", equalTo(List.of(3, 2)));
            given().get("/repos/{id}/status", repo).then().statusCode(200)
                    .body("sets[0].id", equalTo(set)).body("sets[0].migratedVersion", equalTo(1))
                    .body("sets[0].pending", equalTo(List.of(2, 3))).body("version", nullValue());

            given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "own_first", "up",
                    "CREATE TABLE own_things (id int);", "down", "DROP TABLE own_things;"))
                    .post("/repos/{id}/migrations", repo).then().statusCode(201);
            migrate(repo, Map.of()).body("applied.version", equalTo(List.of(1)));
            assertEquals(List.of(1L), versions(pg, db, "auth.schema_migrations"),
                    "the repo's version 1 and the set's version 1 live in different ledgers");

            given().contentType(ContentType.JSON).body(Map.of("name", "create_accounts", "up", "SELECT 1;"))
                    .put("/sets/{set}/migrations/1", set).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:migration-applied")).body("repo", equalTo(repo));
            given().delete("/sets/{set}/migrations/3", set).then().statusCode(204);
            given().get("/repos/{id}/sets/{set}", repo, set).then().body("latestVersion", equalTo(2));

            given().contentType(ContentType.JSON).body(Map.of("set", set)).post("/repos/{id}/rollback", repo)
                    .then().statusCode(200).body("reverted.version", equalTo(List.of(1)));
            given().get("/repos/{id}/sets/{set}", repo, set).then().body("migratedVersion", nullValue());
            assertTrue(tableExists(pg, db, "auth", "own_things"), "rolling back the set leaves the repo's own");
        } finally {
            given().delete("/repos/{id}", repo);
            pg.dropDatabase(db);
            given().delete("/sets/{set}", set).then().statusCode(204);
        }
    }

    @Test
    void createSchemaFalseWorksInAnExistingSchemaAndRefusesAMissingOne() throws Exception {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        String set = newSet(false);
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA kit_here");
        }
        String there = register(pg, db, "kit_here", false, set);
        String missing = register(pg, db, "kit_missing", false, set);
        try {
            migrate(there, Map.of("set", set)).body("applied.version", equalTo(List.of(1, 2, 3)));
            given().contentType(ContentType.JSON).body(Map.of("set", set)).post("/repos/{id}/migrate", missing)
                    .then().statusCode(409).body("type", equalTo("urn:cairn:problem:schema-missing"));
        } finally {
            given().delete("/repos/{id}", there);
            given().delete("/repos/{id}", missing);
            pg.dropDatabase(db);
            given().delete("/sets/{set}", set);
        }
    }

    @Test
    void onMariaDbASetMigratesAndRollsBackInTheRepoDatabase() throws Exception {
        TestServer maria = TestServers.mariadb();
        String db = maria.createDatabase();
        String set = newSet(true);
        String repo = register(maria, db, null, null, set);
        try {
            migrate(repo, Map.of("set", set, "step", 2)).body("applied.version", equalTo(List.of(1, 2)));
            assertEquals(List.of(1L, 2L), versions(maria, db, "schema_migrations__" + set));
            given().contentType(ContentType.JSON).body(Map.of("set", set, "dryRun", true))
                    .post("/repos/{id}/rollback", repo).then().statusCode(200)
                    .body("plan.version", equalTo(List.of(2, 1)))
                    .body("sql", org.hamcrest.Matchers.hasItem(containsString("schema_migrations__" + set)));
            given().contentType(ContentType.JSON).body(Map.of("set", set)).post("/repos/{id}/rollback", repo)
                    .then().statusCode(200).body("reverted.version", equalTo(List.of(2, 1)));
            assertEquals(List.of(), versions(maria, db, "schema_migrations__" + set));
        } finally {
            given().delete("/repos/{id}", repo);
            maria.dropDatabase(db);
            given().delete("/sets/{set}", set);
        }
    }

    @Test
    void reposListInPagesFilteredBySetAndLabelAndFleetsSelectASet() throws Exception {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        String set = newSet(false);
        List<String> repos = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                repos.add(register(pg, db, "tenant_" + i, null, set));
            }
            repos.sort(null);
            String first = given().queryParam("set", set).queryParam("limit", 2).get("/repos").then()
                    .statusCode(200).body("id", equalTo(repos.subList(0, 2)))
                    .header("Link", containsString("rel=\"next\"")).extract().header("Link");
            String next = first.substring(first.indexOf('<') + 1, first.indexOf('>'));
            given().get(next).then().statusCode(200).body("id", equalTo(repos.subList(2, 3)))
                    .header("Link", nullValue());
            given().queryParam("set", set).queryParam("label", "kit:" + set).get("/repos").then()
                    .body("id", hasSize(3)).body("[0].sets", equalTo(List.of(set)));
            given().queryParam("label", "kit:none").queryParam("set", set).get("/repos").then().body("id", empty());
            given().queryParam("limit", 0).get("/repos").then().statusCode(400).body("field", equalTo("limit"));

            String location = given().contentType(ContentType.JSON).body(Map.of("selector", Map.of("set", set),
                    "set", set, "to", 2)).post("/fleet/migrate").then().statusCode(202).extract().header("Location");
            for (int i = 0; i < 300 && given().get(location).then().extract().path("status").equals("running"); i++) {
                Thread.sleep(100);
            }
            given().get(location).then().body("status", equalTo("succeeded")).body("set", equalTo(set))
                    .body("counts.succeeded", equalTo(3));
            given().queryParam("set", set).get("/fleet/status").then().statusCode(200)
                    .body("repos", equalTo(3)).body("behind", equalTo(3)).body("versions.'2'", equalTo(3));
        } finally {
            repos.forEach(id -> given().delete("/repos/{id}", id));
            pg.dropDatabase(db);
            given().delete("/sets/{set}", set);
        }
    }

    @Test
    void aRepoMigrationPinsASetVersionAndRevertingItBringsTheSetBackThroughThatVersion() throws Exception {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        String set = newSet(false);
        String repo = register(pg, db, null, null, set);
        try {
            given().contentType(ContentType.JSON).body(Map.of("version", 100, "name", "add_kit", "set", set,
                    "setVersion", 1)).post("/repos/{id}/migrations", repo).then().statusCode(201);
            given().contentType(ContentType.JSON).body(Map.of("version", 200, "name", "upgrade_kit_to_v2", "set", set,
                    "setVersion", 2)).post("/repos/{id}/migrations", repo).then().statusCode(201);
            given().get("/repos/{id}/migrations/200", repo).then().body("set", equalTo(set))
                    .body("setVersion", equalTo(2));
            given().contentType(ContentType.JSON).body(Map.of("dryRun", true)).post("/repos/{id}/migrate", repo)
                    .then().statusCode(200).body("plan.version", equalTo(List.of(100, 200)))
                    .body("sql", org.hamcrest.Matchers.hasItem(containsString("CREATE TABLE kit_accounts")));
            migrate(repo, Map.of()).body("applied.version", equalTo(List.of(1, 100, 2, 200)));
            assertEquals(List.of(100L, 200L), versions(pg, db, "schema_migrations"));
            assertEquals(List.of(1L, 2L), versions(pg, db, "schema_migrations__" + set));
            given().post("/repos/{id}/sets/{set}/ensure-current", repo, set).then().statusCode(200)
                    .body("applied.version", equalTo(List.of(3)));

            given().contentType(ContentType.JSON).body(Map.of()).post("/repos/{id}/rollback", repo).then()
                    .statusCode(200).body("reverted.version", equalTo(List.of(3, 2, 200)));
            assertEquals(List.of(1L), versions(pg, db, "schema_migrations__" + set), "down(version: 2)");
            given().contentType(ContentType.JSON).body(Map.of()).post("/repos/{id}/rollback", repo).then()
                    .statusCode(200).body("reverted.version", equalTo(List.of(1, 100)));
            assertEquals(List.of(), versions(pg, db, "schema_migrations__" + set));

            given().contentType(ContentType.JSON).body(Map.of("name", "bad_pin", "set", set, "setVersion", 9))
                    .post("/repos/{id}/migrations", repo).then().statusCode(400).body("field", equalTo("setVersion"));
            given().contentType(ContentType.JSON).body(Map.of("name", "bad_pin", "set", set, "setVersion", 1,
                    "up", "SELECT 1;")).post("/repos/{id}/migrations", repo).then().statusCode(400);
            given().contentType(ContentType.JSON).body(Map.of("name", "bad_pin", "set", set, "setVersion", 1))
                    .post("/sets/{set}/migrations", set).then().statusCode(400).body("field", equalTo("set"));
        } finally {
            given().delete("/repos/{id}", repo);
            pg.dropDatabase(db);
            given().delete("/sets/{set}", set);
        }
    }

    @Test
    void badSetCallsAreClearProblems() throws Exception {
        TestServer pg = TestServers.postgres();
        String db = pg.createDatabase();
        String set = newSet(false);
        String plain = register(pg, db, null, null, null);
        try {
            given().contentType(ContentType.JSON).body(Map.of("id", set)).post("/sets").then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:set-exists"));
            given().contentType(ContentType.JSON).body(Map.of("id", "Bad-Id")).post("/sets").then().statusCode(400)
                    .body("field", equalTo("id"));
            given().get("/sets/nope_" + set).then().statusCode(404)
                    .body("type", equalTo("urn:cairn:problem:set-not-found"));
            given().contentType(ContentType.JSON).body(Map.of("set", set)).post("/repos/{id}/migrate", plain).then()
                    .statusCode(409).body("type", equalTo("urn:cairn:problem:set-not-installed"));
            given().contentType(ContentType.JSON).body(Map.of("id", "x-" + set, "url", pg.url(db), "sets",
                    List.of("nope_" + set))).post("/repos").then().statusCode(400).body("field", equalTo("sets"));
            given().contentType(ContentType.JSON).body(Map.of("id", "x-" + set, "url", pg.url(db), "sets",
                    List.of(set, set))).post("/repos").then().statusCode(400).body("field", equalTo("sets"));
            String user = register(pg, db, null, null, set);
            given().delete("/sets/{set}", set).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:set-installed"));
            given().delete("/repos/{id}", user);
            given().get("/sets").then().statusCode(200).body("find { it.id == '" + set + "' }.migrations",
                    equalTo(3));
        } finally {
            given().delete("/repos/{id}", plain);
            pg.dropDatabase(db);
            given().delete("/sets/{set}", set);
        }
    }

    /** A set of three migrations, the second from an SQL file with sections. */
    private static String newSet(boolean mariadb) {
        String set = "kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        given().contentType(ContentType.JSON).body(Map.of("id", set)).post("/sets").then().statusCode(201)
                .header("Location", containsString("/sets/" + set)).body("migrations", equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("version", 1, "name", "create_accounts", "up",
                "CREATE TABLE kit_accounts (id int PRIMARY KEY);", "down", "DROP TABLE kit_accounts;"))
                .post("/sets/{set}/migrations", set).then().statusCode(201);
        given().contentType("application/sql").queryParam("name", "create_invoices").queryParam("version", 2)
                .body("-- migrate:up\nCREATE TABLE kit_invoices (id int);\n-- migrate:down\nDROP TABLE kit_invoices;\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/sets/{set}/migrations", set).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("version", 3, "name", "index_invoices", "up",
                "CREATE INDEX kit_invoices_id ON kit_invoices (id);", "down", mariadb
                        ? "DROP INDEX kit_invoices_id ON kit_invoices;" : "DROP INDEX kit_invoices_id;"))
                .post("/sets/{set}/migrations", set).then().statusCode(201);
        given().get("/sets/{set}/migrations/2", set).then().statusCode(200).body("up", containsString("kit_invoices"));
        return set;
    }

    private static String register(TestServer server, String db, String prefix, Boolean createSchema, String set) {
        String id = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> r = new HashMap<>(Map.of("id", id, "url", server.url(db), "username", server.user()));
        if (prefix != null) {
            r.put("prefix", prefix);
        }
        if (createSchema != null) {
            r.put("createSchema", createSchema);
        }
        if (set != null) {
            r.put("sets", List.of(set));
            r.put("labels", Map.of("kit", set));
        }
        given().contentType(ContentType.JSON).body(r).post("/repos").then().statusCode(201);
        return id;
    }

    private static io.restassured.response.ValidatableResponse migrate(String repo, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/repos/{id}/migrate", repo).then()
                .statusCode(200);
    }

    private static List<Long> versions(TestServer server, String db, String table) throws Exception {
        List<Long> versions = new ArrayList<>();
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + table + " ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getLong(1));
            }
        }
        return versions;
    }

    private static boolean tableExists(TestServer server, String db, String schema, String table) throws Exception {
        try (Connection c = server.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                     + schema + "' AND table_name = '" + table + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
