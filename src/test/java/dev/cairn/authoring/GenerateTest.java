package dev.cairn.authoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /repos/{id}/migrations/generate}, the seeds' phx.gen.schema examples and every type, on both
 * engines: generated, migrated, checked in information_schema, rolled back to the database as it was.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class GenerateTest {

    static TestServer server(TestServer.Kind kind) {
        return kind == TestServer.Kind.POSTGRESQL ? TestServers.postgres() : TestServers.mariadb();
    }

    static ValidatableResponse generate(TargetRepo repo, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/repos/{id}/migrations/generate", repo.id)
                .then();
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void thePhoenixGuidesUsersTableIsGeneratedMigratedAndRolledBack(TestServer.Kind kind) throws Exception {
        boolean pg = kind == TestServer.Kind.POSTGRESQL;
        try (TargetRepo repo = TargetRepo.register(server(kind), "gen")) {
            List<String> before = Schema.snapshot(repo);
            generate(repo, Map.of("table", "users", "version", 20170523151118L, "fields",
                    List.of("name:string", "email:string", "bio:string", "number_of_pets:integer")))
                    .statusCode(201).body("version", equalTo(20170523151118L)).body("name", equalTo("create_users"))
                    .body("up", containsString("CREATE TABLE")).body("down", containsString("DROP TABLE"));
            assertTrue(Files.readString(repo.folder().resolve("20170523151118_create_users/change.json"))
                    .contains("number_of_pets:integer"), "the request is kept beside the scripts");
            given().get("/repos/{id}/migrations", repo.id).then().body("name", equalTo(List.of("create_users")));

            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version", equalTo(List.of(20170523151118L)));
            String string = pg ? "character varying YES" : "varchar YES";
            String timestamp = pg ? "timestamp without time zone NO" : "datetime NO";
            assertEquals(Map.of("id", pg ? "bigint NO" : "bigint NO", "name", string, "email", string, "bio", string,
                    "number_of_pets", pg ? "integer YES" : "int YES", "inserted_at", timestamp, "updated_at",
                    timestamp), Schema.columns(repo, "users"));
            assertEquals("255", repo.database.query("SELECT character_maximum_length FROM information_schema.columns "
                    + "WHERE table_schema = '" + repo.schema() + "' AND table_name = 'users' AND column_name = 'bio'"));
            assertEquals(pg ? "nextval('users_id_seq'::regclass)" : null, repo.database.query("SELECT "
                    + "column_default FROM information_schema.columns WHERE table_schema = '" + repo.schema()
                    + "' AND table_name = 'users' AND column_name = 'id'"));

            given().post("/repos/{id}/rollback", repo.id).then().statusCode(200)
                    .body("reverted.version", equalTo(List.of(20170523151118L)));
            assertEquals(before, Schema.snapshot(repo));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void everyTypeReferencesAndUniqueIndexes(TestServer.Kind kind) throws Exception {
        boolean pg = kind == TestServer.Kind.POSTGRESQL;
        try (TargetRepo repo = TargetRepo.register(server(kind), "types")) {
            List<String> before = Schema.snapshot(repo);
            generate(repo, Map.of("table", "orgs", "version", 1, "fields", List.of("name:string:unique")))
                    .statusCode(201);
            List<String> fields = new ArrayList<>(List.of("title:string", "body:text", "count:integer",
                    "big:bigint", "ratio:float", "price:decimal", "active:boolean", "blob:binary", "day:date",
                    "at:time", "at_usec:time_usec", "naive:naive_datetime", "naive_usec:naive_datetime_usec",
                    "utc:utc_datetime", "utc_usec:utc_datetime_usec", "token:uuid", "other:binary_id", "meta:map",
                    "status:enum:active:archived", "org_id:references:orgs:on_delete=delete_all",
                    "parent_id:references:orgs", "email:string:unique"));
            if (pg) {
                fields.add("tags:array:string");
            }
            generate(repo, Map.of("table", "items", "version", 2, "fields", fields)).statusCode(201)
                    .body("transaction", nullValue());
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version", equalTo(List.of(1, 2)));

            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("id", "bigint NO");
            String[][] types = {
                    {"title", "character varying", "varchar"}, {"body", "text", "text"}, {"count", "integer", "int"},
                    {"big", "bigint", "bigint"}, {"ratio", "double precision", "double"},
                    {"price", "numeric", "decimal"}, {"active", "boolean", "tinyint"}, {"blob", "bytea", "blob"},
                    {"day", "date", "date"}, {"at", "time without time zone", "time"},
                    {"at_usec", "time without time zone", "time"}, {"naive", "timestamp without time zone", "datetime"},
                    {"naive_usec", "timestamp without time zone", "datetime"},
                    {"utc", "timestamp without time zone", "datetime"},
                    {"utc_usec", "timestamp without time zone", "datetime"}, {"token", "uuid", "binary"},
                    {"other", "uuid", "binary"}, {"meta", "jsonb", "longtext"},
                    {"status", "character varying", "enum"}, {"org_id", "bigint", "bigint"},
                    {"parent_id", "bigint", "bigint"}, {"email", "character varying", "varchar"}};
            for (String[] t : types) {
                expected.put(t[0], (pg ? t[1] : t[2]) + " YES");
            }
            if (pg) {
                expected.put("tags", "ARRAY YES");
            }
            expected.put("inserted_at", pg ? "timestamp without time zone NO" : "datetime NO");
            expected.put("updated_at", pg ? "timestamp without time zone NO" : "datetime NO");
            assertEquals(expected, Schema.columns(repo, "items"));
            assertEquals(pg ? "6" : "6", repo.database.query("SELECT datetime_precision FROM "
                    + "information_schema.columns WHERE table_schema = '" + repo.schema() + "' AND table_name = "
                    + "'items' AND column_name = 'naive_usec'"));
            assertEquals("CASCADE", Schema.deleteRule(repo, "items_org_id_fkey"));
            assertEquals(pg ? "NO ACTION" : "RESTRICT", Schema.deleteRule(repo, "items_parent_id_fkey"));
            List<String> indexes = Schema.indexes(repo);
            assertTrue(indexes.contains("index items_email_index") && indexes.contains("index orgs_name_index"),
                    indexes.toString());
            if (pg) {
                assertTrue(indexes.contains("index items_org_id_index"), "an index per reference: " + indexes);
            }

            repo.database.execute("INSERT INTO orgs (name, inserted_at, updated_at) VALUES ('acme', "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            repo.database.execute("INSERT INTO items (price, status, org_id, inserted_at, updated_at) VALUES (9.99, "
                    + "'active', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            assertEquals("9.99", repo.database.query("SELECT CAST(price AS DECIMAL(10,2)) FROM items"),
                    "a decimal keeps its fraction on both engines");
            boolean refused = false;
            try {
                repo.database.execute("INSERT INTO items (status, inserted_at, updated_at) VALUES ('deleted', "
                        + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            } catch (java.sql.SQLException e) {
                refused = true;
            }
            assertTrue(refused, "an enum takes only its values");
            repo.database.execute("DELETE FROM orgs");
            assertEquals("0", repo.database.query("SELECT COUNT(*) FROM items"), "on_delete=delete_all cascades");

            given().contentType(ContentType.JSON).body(Map.of("all", true)).post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(200).body("reverted.version", equalTo(List.of(2, 1)));
            assertEquals(before, Schema.snapshot(repo));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void theAlterFormAddsAndRemovesColumnsAndPutsThemBack(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "alter")) {
            generate(repo, Map.of("table", "orgs", "version", 1, "fields", List.of("name:string"))).statusCode(201);
            generate(repo, Map.of("table", "users", "version", 2, "fields",
                    List.of("name:string", "bio:text", "email:string:unique"))).statusCode(201);
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            List<String> before = Schema.snapshot(repo);
            generate(repo, Map.of("alter", "users", "version", 3, "add", List.of("age:integer",
                    "org_id:references:orgs:on_delete=nilify_all", "handle:string:unique"), "remove",
                    List.of("bio:text", "email:string:unique"))).statusCode(201).body("name", equalTo("alter_users"));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version", equalTo(List.of(3)));
            assertEquals(List.of("id", "name", "inserted_at", "updated_at", "age", "org_id", "handle"),
                    List.copyOf(Schema.columns(repo, "users").keySet()));
            assertEquals("SET NULL", Schema.deleteRule(repo, "users_org_id_fkey"));
            assertFalse(Schema.indexes(repo).contains("index users_email_index"));
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(200);
            assertEquals(before, Schema.snapshot(repo));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void aDryRunAnswersTheScriptsAndStoresNothing(TestServer.Kind kind) throws Exception {
        boolean pg = kind == TestServer.Kind.POSTGRESQL;
        try (TargetRepo repo = TargetRepo.register(server(kind), "dry")) {
            generate(repo, Map.of("table", "users", "binaryId", true, "dryRun", true, "fields",
                    List.of("org_id:references:orgs"))).statusCode(200).body("dryRun", equalTo(true))
                    .body("up", containsString(pg ? "\"id\" uuid PRIMARY KEY" : "`id` binary(16) PRIMARY KEY"))
                    .body("up", containsString(pg ? "\"org_id\" uuid" : "`org_id` binary(16)"))
                    .body("down", containsString("DROP TABLE"));
            given().get("/repos/{id}/migrations", repo.id).then().body("$", empty());
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void malformedSpecsAre400sNamingTheFieldWithNothingStored(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "bad")) {
            bad(repo, Map.of("table", "users", "fields", List.of("name:string", "name:strng")), "fields[1]",
                    "unknown type 'strng'");
            bad(repo, Map.of("table", "users", "fields", List.of(":string")), "fields[0] (the column name)",
                    "fields[0] (the column name) is required");
            bad(repo, Map.of("table", "users", "fields", List.of("a:references")), "fields[0]",
                    "references needs the table");
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                many.add("f" + i + ":string");
            }
            bad(repo, Map.of("table", "users", "fields", many), "fields", "at most 250");
            bad(repo, Map.of("table", "users; DROP TABLE schema_migrations; --", "fields", List.of("a:string")),
                    "table", "must be a name");
            bad(repo, Map.of("table", "users", "fields", List.of("na\"me:string")), "fields[0] (the column name)",
                    "must be a name");
            bad(repo, Map.of("table", "users", "fields", List.of("status:enum:a'); DROP TABLE x; --")), "fields[0]",
                    "enum values");
            bad(repo, Map.of("table", "users", "fields", List.of("a:string:uniq")), "fields[0]", "unexpected 'uniq'");
            bad(repo, Map.of("table", "users", "alter", "users"), "alter", "either");
            given().get("/repos/{id}/migrations", repo.id).then().body("$", empty());
            assertFalse(Files.exists(repo.folder()) && Files.list(repo.folder()).findAny().isPresent());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.Kind.class, names = "MARIADB")
    void arraysOnMariaDbAreA422(TestServer.Kind kind) {
        try (TargetRepo repo = TargetRepo.register(server(kind), "arr")) {
            generate(repo, Map.of("table", "posts", "fields", List.of("title:string", "tags:array:string")))
                    .statusCode(422).body("type", equalTo("urn:cairn:problem:unsupported-by-engine"))
                    .body("field", equalTo("fields[1]")).body("detail", containsString("no array columns"));
            given().get("/repos/{id}/migrations", repo.id).then().body("$", empty());
        }
    }

    private static void bad(TargetRepo repo, Map<String, Object> body, String field, String detail) {
        generate(repo, body).statusCode(400).contentType("application/problem+json").body("field", equalTo(field))
                .body("detail", containsString(detail));
    }
}
