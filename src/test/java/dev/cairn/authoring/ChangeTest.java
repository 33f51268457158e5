package dev.cairn.authoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /repos/{id}/migrations} with {@code "change"}, Ecto's change/0: each operation written, reversed and
 * round-tripped on both engines, and every operation that cannot be reversed refused with what to add.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class ChangeTest {

    static ValidatableResponse store(TargetRepo repo, long version, String name, Object change) {
        return given().contentType(ContentType.JSON).body(Map.of("version", version, "name", name, "change", change))
                .post("/repos/{id}/migrations", repo.id).then();
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void thePhoenixGuidesAddCommentsTable(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(GenerateTest.server(kind), "comments")) {
            List<String> before = Schema.snapshot(repo);
            store(repo, 20150318001628L, "add_comments_table", List.of(Map.of("createTable", Map.of("table",
                    "comments", "columns", List.of("body:string", "word_count:integer"), "timestamps", true))))
                    .statusCode(201).body("version", equalTo(20150318001628L));
            assertTrue(Files.readString(repo.folder().resolve("20150318001628_add_comments_table/change.json"))
                    .contains("\"createTable\""));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            assertEquals(List.of("id", "body", "word_count", "inserted_at", "updated_at"),
                    List.copyOf(Schema.columns(repo, "comments").keySet()));
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(200);
            assertEquals(before, Schema.snapshot(repo));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void everyOperationIsReversedAndRoundTrips(TestServer.Kind kind) throws Exception {
        boolean pg = kind == TestServer.Kind.POSTGRESQL;
        try (TargetRepo repo = TargetRepo.register(GenerateTest.server(kind), "ops")) {
            store(repo, 1, "create_posts", List.of(
                    Map.of("createTable", Map.of("table", "posts", "columns", List.of("title:string", "body:text",
                            "legacy:integer", "views:integer"))),
                    Map.of("createIndex", Map.of("table", "posts", "columns", List.of("views"))),
                    Map.of("createTable", Map.of("table", "old_stuff", "primaryKey", false, "columns",
                            List.of(Map.of("name", "note", "type", "text", "null", false)))))).statusCode(201);
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            List<String> before = Schema.snapshot(repo);

            List<Object> change = new ArrayList<>(List.of(
                    Map.of("alterTable", Map.of("table", "posts",
                            "add", List.of(Map.of("name", "slug", "type", "string", "null", false, "default", "x",
                                    "size", 80)),
                            "modify", List.of(Map.of("name", "title", "type", "text", "from", "string")),
                            "remove", List.of("legacy:integer"),
                            "rename", List.of(Map.of("from", "body", "to", "content")))),
                    Map.of("renameTable", Map.of("from", "posts", "to", "articles")),
                    Map.of("createIndex", Map.of("table", "articles", "columns", List.of("slug"), "unique", true)),
                    Map.of("dropIndex", Map.of("table", "articles", "name", "posts_views_index", "columns",
                            List.of("views"))),
                    Map.of("dropTable", Map.of("table", "old_stuff", "primaryKey", false, "columns",
                            List.of(Map.of("name", "note", "type", "text", "null", false)))),
                    Map.of("execute", Map.of("up", "CREATE VIEW article_titles AS SELECT title FROM articles",
                            "down", "DROP VIEW article_titles"))));
            if (pg) {
                change.add(Map.of("createIndex", Map.of("table", "articles", "columns", List.of("views"), "name",
                        "popular_articles", "where", "views > 100")));
            }
            store(repo, 2, "reshape_posts", change).statusCode(201);
            String down = given().get("/repos/{id}/migrations/2", repo.id).then().statusCode(200)
                    .body("hasDown", equalTo(true)).extract().path("down");
            assertTrue(down.indexOf("DROP VIEW") < down.indexOf("CREATE TABLE") && down.indexOf("CREATE TABLE")
                    < down.indexOf("RENAME"), "operations are reversed in the opposite order:\n" + down);

            for (int round = 0; round < 2; round++) {
                given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                        .body("applied.version", equalTo(List.of(2)));
                assertFalse(repo.tableExists("posts") || repo.tableExists("old_stuff"));
                assertEquals(List.of("id", "title", "content", "views", "slug"),
                        List.copyOf(Schema.columns(repo, "articles").keySet()));
                assertEquals(pg ? "text YES" : "text YES", Schema.columns(repo, "articles").get("title"));
                assertEquals(pg ? "character varying NO" : "varchar NO", Schema.columns(repo, "articles").get("slug"));
                List<String> indexes = Schema.indexes(repo);
                assertTrue(indexes.contains("index articles_slug_index"), indexes.toString());
                assertFalse(indexes.contains("index posts_views_index"), indexes.toString());
                assertTrue(repo.tableExists("article_titles"), "the execute's view");

                given().post("/repos/{id}/rollback", repo.id).then().statusCode(200)
                        .body("reverted.version", equalTo(List.of(2)));
                assertEquals(before, Schema.snapshot(repo));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestServer.Kind.class, names = "POSTGRESQL")
    void aConcurrentIndexMakesTheMigrationRunOutsideATransaction(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(GenerateTest.server(kind), "conc")) {
            repo.store(1, "create_t", "CREATE TABLE t (a int);", "DROP TABLE t;");
            store(repo, 2, "index_t", List.of(Map.of("createIndex", Map.of("table", "t", "columns", List.of("a"),
                    "concurrently", true)))).statusCode(201);
            given().get("/repos/{id}/migrations/2", repo.id).then().body("transaction", equalTo(false))
                    .body("up", containsString("CREATE INDEX CONCURRENTLY \"t_a_index\""))
                    .body("down", containsString("DROP INDEX CONCURRENTLY \"t_a_index\""));
            assertTrue(Files.readString(repo.folder().resolve("2_index_t/migration.json"))
                    .contains("\"transaction\":false"));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            assertTrue(Schema.indexes(repo).contains("index t_a_index"));
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(200);
            assertFalse(Schema.indexes(repo).contains("index t_a_index"));
            given().contentType(ContentType.JSON).body(Map.of("version", 3, "name", "x", "transaction", true,
                    "change", List.of(Map.of("createIndex", Map.of("table", "t", "columns", List.of("a"),
                            "concurrently", true))))).post("/repos/{id}/migrations", repo.id).then().statusCode(400)
                    .body("field", equalTo("transaction"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void irreversibleOperationsAre422sNamingWhatToAdd(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(GenerateTest.server(kind), "irrev")) {
            Map<Object, String> cases = Map.of(
                    Map.of("alterTable", Map.of("table", "t", "modify", List.of(Map.of("name", "a", "type", "text")))),
                    "give \"from\"",
                    Map.of("alterTable", Map.of("table", "t", "remove", List.of("a"))), "give the removed column's",
                    Map.of("dropTable", Map.of("table", "t")), "give the table's \"columns\"",
                    Map.of("dropIndex", Map.of("table", "t", "name", "t_a_index")), "give the index's \"columns\"");
            for (Map.Entry<Object, String> c : cases.entrySet()) {
                store(repo, 1, "irreversible", List.of(Map.of("execute", Map.of("up", "SELECT 1", "down",
                        "SELECT 1")), c.getKey())).statusCode(422)
                        .body("type", equalTo("urn:cairn:problem:change-irreversible"))
                        .body("operation", equalTo("change[1]")).body("detail", containsString(c.getValue()))
                        .body("detail", containsString("cannot reverse change[1]"));
            }
            given().get("/repos/{id}/migrations", repo.id).then().body("$", empty());

            store(repo, 1, "one_way", List.of(Map.of("execute", Map.of("up", "CREATE TABLE one_way (a int)")),
                    Map.of("dropTable", Map.of("table", "one_way")))).statusCode(201);
            given().get("/repos/{id}/migrations/1", repo.id).then().body("hasDown", equalTo(false));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            given().post("/repos/{id}/rollback", repo.id).then().statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:no-down-script"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void malformedChangesAre400sAndAReplacedChangeKeepsItsJson(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(GenerateTest.server(kind), "badchange")) {
            store(repo, 1, "x", List.of(Map.of("createTabel", Map.of("table", "t")))).statusCode(400)
                    .body("field", equalTo("change[0]")).body("detail", containsString("unknown operation"));
            store(repo, 1, "x", List.of(Map.of("createTable", Map.of("table", "t", "colums", List.of()))))
                    .statusCode(400).body("field", equalTo("change[0].createTable.colums"));
            store(repo, 1, "x", List.of(Map.of("createTable", Map.of("table", "t\"; DROP TABLE x; --"))))
                    .statusCode(400).body("field", equalTo("change[0].createTable.table"));
            store(repo, 1, "x", List.of(Map.of("createTable", Map.of("table", "t", "columns",
                    List.of(Map.of("name", "a", "type", "strng")))))).statusCode(400)
                    .body("field", equalTo("change[0].createTable.columns[0].type"));
            store(repo, 1, "x", List.of()).statusCode(400).body("field", equalTo("change"));
            given().contentType(ContentType.JSON).body(Map.of("name", "x", "up", "SELECT 1;", "change",
                    List.of(Map.of("execute", Map.of("up", "SELECT 1"))))).post("/repos/{id}/migrations", repo.id)
                    .then().statusCode(400).body("field", equalTo("up"));
            if (kind == TestServer.Kind.MARIADB) {
                store(repo, 1, "x", List.of(Map.of("createIndex", Map.of("table", "t", "columns", List.of("a"),
                        "where", "a > 1")))).statusCode(422)
                        .body("type", equalTo("urn:cairn:problem:unsupported-by-engine"));
            }
            given().get("/repos/{id}/migrations", repo.id).then().body("$", empty());

            store(repo, 1, "make_t", List.of(Map.of("createTable", Map.of("table", "t")))).statusCode(201);
            given().contentType(ContentType.JSON).body(Map.of("name", "make_u", "change",
                    List.of(Map.of("createTable", Map.of("table", "u"))))).put("/repos/{id}/migrations/1", repo.id)
                    .then().statusCode(200).body("up", containsString("CREATE TABLE"))
                    .body("down", containsString("DROP TABLE"));
            assertTrue(Files.readString(repo.folder().resolve("1_make_u/change.json")).contains("\"u\""));
            given().contentType(ContentType.JSON).body(Map.of("name", "make_u", "up", "CREATE TABLE u (a int);"))
                    .put("/repos/{id}/migrations/1", repo.id).then().statusCode(200);
            assertFalse(Files.exists(repo.folder().resolve("1_make_u/change.json")),
                    "hand-written scripts no longer come from the change");
        }
    }
}
