package dev.cairn.importing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Diesel history shaped like crates.io's and vaultwarden's: plain 14-digit folders from before the dashes, dashed
 * timestamps, subversions ({@code -0000}), a 0-byte down.sql, Diesel's initial setup. Imported, its versions keep
 * Diesel's order; a database Diesel migrated is adopted under the very same versions.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class DieselHistoryTest {

    /** JSON numbers come back as Integer or Long by size; compared as versions, they are all longs. */
    private static final String AS_LONGS = ".collect { it as Long }";
    private static final List<Long> VERSIONS = List.of(0L, 2017010100000000L, 2019040210150000L,
            2026060512000001L, 2026060512000002L, 2026070100000000L);

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void aDieselHistoryImportsInDieselsOrderAndRunsUpDownUp(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "diesel")) {
            given().contentType("application/gzip").body(history(kind)).post("/repos/{id}/import", repo.id).then()
                    .statusCode(201).body("layout", equalTo("diesel"))
                    .body("imported.version" + AS_LONGS, equalTo(VERSIONS))
                    .body("imported[4].transaction", equalTo(false));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version" + AS_LONGS, equalTo(VERSIONS));
            assertEquals(VERSIONS, repo.ledger());
            String schema = schema(repo);
            given().contentType(ContentType.JSON).body("{\"all\": true}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(200).body("reverted.version" + AS_LONGS, equalTo(newestFirst()));
            assertFalse(repo.tableExists("users"));
            assertTrue(repo.tableExists("posts"), "the 0-byte down.sql reverted as a no-op");
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            assertEquals(schema, schema(repo));
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void aDatabaseDieselMigratedIsAdoptedUnderTheVersionsImportGave(TestServer.Kind kind) throws Exception {
        try (TargetRepo repo = TargetRepo.register(server(kind), "dieseladopt")) {
            given().contentType("application/gzip").body(history(kind)).post("/repos/{id}/import", repo.id).then()
                    .statusCode(201);
            repo.database.execute("CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL,"
                    + " run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
            repo.database.execute("INSERT INTO __diesel_schema_migrations (version) VALUES ('00000000000000'),"
                    + " ('20170101000000'), ('20190402101500'), ('202606051200000000')");
            repo.database.execute("CREATE TABLE users (id int, name varchar(50))");
            repo.database.execute("CREATE TABLE posts (id int)");
            repo.database.execute("CREATE TABLE tags (id int, name varchar(50))");
            given().contentType(ContentType.JSON).body("{}").post("/repos/{id}/adopt", repo.id).then().statusCode(200)
                    .body("from", equalTo("diesel")).body("adopted" + AS_LONGS, equalTo(VERSIONS.subList(0, 4)))
                    .body("notInStore", equalTo(List.of())).body("pending" + AS_LONGS, equalTo(VERSIONS.subList(4, 6)));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200)
                    .body("applied.version", equalTo(VERSIONS.subList(4, 6)));
            assertTrue(repo.tableExists("later_plain"));
            assertEquals(4, repo.database.column("SELECT version FROM __diesel_schema_migrations").size(),
                    "Diesel's ledger is only read");
        }
    }

    /** The newest folder is a plain timestamp after two with subversions: as bare numbers it would come first. */
    private static byte[] history(TestServer.Kind kind) {
        boolean pg = kind == TestServer.Kind.POSTGRESQL;
        return new Archives()
                .file("migrations/.keep", "")
                .file("migrations/00000000000000_diesel_initial_setup/up.sql", pg
                        ? "CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$\nBEGIN\n"
                        + "  NEW.updated_at := current_timestamp;\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n"
                        : "-- Diesel keeps this slot empty on MySQL\n")
                .file("migrations/00000000000000_diesel_initial_setup/down.sql",
                        pg ? "DROP FUNCTION IF EXISTS diesel_set_updated_at();\n" : "")
                .file("migrations/20170101000000_create_users/up.sql", "CREATE TABLE users (id int, name varchar(50));")
                .file("migrations/20170101000000_create_users/down.sql", "DROP TABLE users;")
                .file("migrations/2019-04-02-101500_add_posts/up.sql", "CREATE TABLE IF NOT EXISTS posts (id int);")
                .file("migrations/2019-04-02-101500_add_posts/down.sql", "")
                .file("migrations/2026-06-05-120000-0000_create_tags/up.sql",
                        "CREATE TABLE tags (id int, name varchar(50));")
                .file("migrations/2026-06-05-120000-0000_create_tags/down.sql", "DROP TABLE tags;")
                .file("migrations/2026-06-05-120000-0001_index_tags/up.sql",
                        "CREATE INDEX " + (pg ? "CONCURRENTLY " : "") + "tags_name ON tags (name);")
                .file("migrations/2026-06-05-120000-0001_index_tags/down.sql",
                        pg ? "DROP INDEX CONCURRENTLY tags_name;" : "DROP INDEX tags_name ON tags;")
                .file("migrations/2026-06-05-120000-0001_index_tags/metadata.toml", "run_in_transaction = false\n")
                .file("migrations/2026-07-01-000000_later_plain/up.sql", "CREATE TABLE later_plain (id int);")
                .file("migrations/2026-07-01-000000_later_plain/down.sql", "DROP TABLE later_plain;")
                .tarGz();
    }

    /** The columns and indexes of the repo's tables, Diesel's ledger aside. */
    private static String schema(TargetRepo repo) throws Exception {
        boolean pg = repo.server.kind() == TestServer.Kind.POSTGRESQL;
        String where = " WHERE table_schema = '" + repo.schema() + "' AND table_name NOT LIKE '%migrations'";
        return repo.database.query((pg
                ? "SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, column_name)"
                : "SELECT GROUP_CONCAT(CONCAT(table_name, '.', column_name) ORDER BY table_name, column_name)")
                + " FROM information_schema.columns" + where) + " " + repo.database.query(pg
                ? "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'"
                : "SELECT GROUP_CONCAT(index_name ORDER BY index_name) FROM information_schema.statistics" + where);
    }

    private static List<Long> newestFirst() {
        List<Long> reversed = new java.util.ArrayList<>(VERSIONS);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private static TestServer server(TestServer.Kind kind) {
        return kind == TestServer.Kind.POSTGRESQL ? TestServers.postgres() : TestServers.mariadb();
    }
}
