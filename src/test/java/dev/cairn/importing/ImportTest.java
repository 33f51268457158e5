package dev.cairn.importing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code POST /repos/{id}/import}: migrations folders in other tools' layouts, as archives, brought in with one
 * call, all or nothing, then migrated, rolled back and migrated again to the same schema.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class ImportTest {

    @Test
    void aDieselFolderImportsAndRunsUpDownUpToTheSameSchema() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "diesel")) {
            byte[] archive = new Archives()
                    .file("migrations/.keep", "")
                    .file("migrations/00000000000000_diesel_initial_setup/up.sql", """
                            CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
                            BEGIN
                                EXECUTE format('CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s
                                                FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()', _tbl);
                            END;
                            $$ LANGUAGE plpgsql;

                            CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$
                            BEGIN
                                IF (NEW IS DISTINCT FROM OLD AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at)
                                THEN NEW.updated_at := current_timestamp;
                                END IF;
                                RETURN NEW;
                            END;
                            $$ LANGUAGE plpgsql;
                            """)
                    .file("migrations/00000000000000_diesel_initial_setup/down.sql", """
                            DROP FUNCTION IF EXISTS diesel_manage_updated_at(_tbl regclass);
                            DROP FUNCTION IF EXISTS diesel_set_updated_at();
                            """)
                    .file("migrations/2019-04-02-101500_create_users/up.sql", """
                            CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR NOT NULL,
                              updated_at TIMESTAMP NOT NULL DEFAULT now());
                            SELECT diesel_manage_updated_at('users');
                            """)
                    .file("migrations/2019-04-02-101500_create_users/down.sql", "DROP TABLE users;\n")
                    .file("migrations/2024-11-05-093000-0000_index_users/up.sql",
                            "CREATE INDEX CONCURRENTLY users_name ON users (name);")
                    .file("migrations/2024-11-05-093000-0000_index_users/down.sql",
                            "-- This file should undo anything in `up.sql`\nDROP INDEX CONCURRENTLY users_name;")
                    .file("migrations/2024-11-05-093000-0000_index_users/metadata.toml",
                            "run_in_transaction = false\n")
                    .file("migrations/README.md", "How we migrate")
                    .tarGz();
            importArchive(repo, archive, "application/gzip", "").statusCode(201)
                    .body("layout", equalTo("diesel"))
                    .body("imported.version", equalTo(List.of(0, 2019040210150000L, 2024110509300001L)))
                    .body("imported[2].transaction", equalTo(false))
                    .body("imported[1].files", hasItem("migrations/2019-04-02-101500_create_users/up.sql"))
                    .body("skipped.file", hasItem("migrations/README.md"));
            importArchive(repo, archive, "application/gzip", "").statusCode(200)
                    .body("imported", hasSize(0)).body("unchanged", hasSize(3));

            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200).body("applied", hasSize(3));
            String schema = repo.database.query("SELECT string_agg(table_name || '.' || column_name, ','"
                    + " ORDER BY column_name)"
                    + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users'")
                    + repo.database.query("SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc"
                    + " WHERE proname LIKE 'diesel%'")
                    + repo.database.query("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes"
                    + " WHERE tablename = 'users'");
            given().contentType("application/json").body("{\"all\": true}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(200).body("reverted", hasSize(3));
            assertFalse(repo.tableExists("users"));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
            assertEquals(schema, repo.database.query("SELECT string_agg(table_name || '.' || column_name, ','"
                    + " ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = 'users'") + repo.database.query("SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc"
                    + " WHERE proname LIKE 'diesel%'") + repo.database.query("SELECT string_agg(indexname, ','"
                    + " ORDER BY indexname) FROM pg_indexes WHERE tablename = 'users'"));
        }
    }

    @Test
    void aLongGolangMigrateHistoryImportsAsAZipAndConflictsAreRefusedWhole() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "gomigrate")) {
            Archives folder = new Archives();
            for (int i = 1; i <= 200; i++) {
                String n = String.format("%06d", i);
                folder.file("db/migrations/" + n + "_create_t" + i + ".up.sql", "CREATE TABLE t" + i
                        + " (id int, touched timestamptz);\nCREATE FUNCTION touch_t" + i + "() RETURNS trigger AS $$"
                        + " BEGIN NEW.touched := now(); RETURN NEW; END; $$ LANGUAGE plpgsql;\nCREATE TRIGGER t" + i
                        + "_touch BEFORE INSERT ON t" + i + " FOR EACH ROW EXECUTE FUNCTION touch_t" + i + "();\n");
                folder.file("db/migrations/" + n + "_create_t" + i + ".down.sql",
                        "DROP TABLE t" + i + ";\nDROP FUNCTION touch_t" + i + "();\n");
            }
            importArchive(repo, folder.zip(), "application/zip", "?dryRun=true").statusCode(200)
                    .body("layout", equalTo("golang-migrate")).body("dryRun", equalTo(true))
                    .body("imported", hasSize(200));
            given().get("/repos/{id}/migrations", repo.id).then().body("$", hasSize(0));
            importArchive(repo, folder.zip(), "application/zip", "").statusCode(201).body("imported", hasSize(200));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200).body("applied", hasSize(200));
            assertEquals("200", repo.database.query("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 't%_touch'"));

            folder.file("db/migrations/000007_create_t7.up.sql", "CREATE TABLE t7 (changed int);")
                    .file("db/migrations/000201_more.up.sql", "CREATE TABLE more (id int);");
            importArchive(repo, folder.zip(), "application/zip", "").statusCode(409)
                    .body("type", equalTo("urn:cairn:problem:import-conflict"))
                    .body("conflicts.version", equalTo(List.of(7)));
            given().get("/repos/{id}/migrations", repo.id).then().body("$", hasSize(200));
        }
    }

    @Test
    void dbmateGooseAndFlywayFoldersImportWithTheirSectionsAndUndoScripts() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.mariadb(), "formats")) {
            importArchive(repo, new Archives()
                    .file("20230101000000_create_users.sql",
                            "-- migrate:up\nCREATE TABLE users (id int);\n\n-- migrate:down\nDROP TABLE users;\n")
                    .file("20230102000000_seed.sql", "-- migrate:up transaction:false\nINSERT INTO users VALUES (1);\n")
                    .tarGz(), "application/gzip", "?layout=auto").statusCode(201).body("layout", equalTo("dbmate"))
                    .body("imported[1].transaction", equalTo(false));
            importArchive(repo, new Archives()
                    .file("migrations/20240101000000_add_posts.sql", """
                            -- +goose Up
                            -- +goose StatementBegin
                            CREATE TABLE posts (id int);
                            -- +goose StatementEnd

                            -- +goose Down
                            DROP TABLE posts;
                            """)
                    .file("migrations/20240102000000_backfill.go", "package migrations")
                    .tarGz(), "application/gzip", "").statusCode(201).body("layout", equalTo("goose"))
                    .body("skipped[0].reason", containsString("Go"));
            importArchive(repo, new Archives()
                    .file("sql/V20250101000000__Add_email_notifications.sql", "CREATE TABLE notifications (id int);")
                    .file("sql/U20250101000000__Add_email_notifications.sql", "DROP TABLE notifications;")
                    .file("sql/R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;")
                    .zip(), "application/zip", "?layout=flyway").statusCode(201)
                    .body("imported[0].name", equalTo("add_email_notifications"))
                    .body("skipped[0].reason", containsString("repeatable"));

            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200).body("applied", hasSize(4));
            given().contentType("application/json").body("{\"all\": true}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(409).body("type", equalTo("urn:cairn:problem:no-down-script"));
            given().contentType("application/json").body("{\"step\": 1}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(200);
            assertFalse(repo.tableExists("notifications"), "Flyway's undo script is the down script");
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.Kind.class)
    void aZeroByteDownScriptRevertsAsANoOpInEveryLayout(TestServer.Kind kind) throws Exception {
        TestServer server = kind == TestServer.Kind.POSTGRESQL ? TestServers.postgres() : TestServers.mariadb();
        try (TargetRepo repo = TargetRepo.register(server, "nodown")) {
            importArchive(repo, new Archives().file("1_a/up.sql", "CREATE TABLE a (id int);").file("1_a/down.sql", "")
                    .tarGz(), "application/gzip", "?layout=cairn").statusCode(201);
            importArchive(repo, new Archives().file("000002_b.up.sql", "CREATE TABLE b (id int);")
                    .file("000002_b.down.sql", "").tarGz(), "application/gzip", "").statusCode(201)
                    .body("layout", equalTo("golang-migrate"));
            importArchive(repo, new Archives().file("V3__c.sql", "CREATE TABLE c (id int);").file("U3__c.sql", "")
                    .zip(), "application/zip", "").statusCode(201).body("layout", equalTo("flyway"));
            importArchive(repo, new Archives().file("4_d.sql", "-- migrate:up\nCREATE TABLE d (id int);\n"
                    + "-- migrate:down\n").tarGz(), "application/gzip", "").statusCode(201)
                    .body("layout", equalTo("dbmate"));
            importArchive(repo, new Archives().file("5_e.sql", "-- +goose Up\nCREATE TABLE e (id int);\n"
                    + "-- +goose Down\n").tarGz(), "application/gzip", "").statusCode(201)
                    .body("layout", equalTo("goose"));
            importArchive(repo, new Archives().file("2019-01-01-123456_f/up.sql", "CREATE TABLE f (id int);")
                    .file("2019-01-01-123456_f/down.sql", "").tarGz(), "application/gzip", "").statusCode(201)
                    .body("layout", equalTo("diesel"));
            given().get("/repos/{id}/migrations", repo.id).then().body("hasDown", everyItem(equalTo(true)));
            given().post("/repos/{id}/migrate", repo.id).then().statusCode(200).body("applied", hasSize(6));
            given().contentType("application/json").body("{\"all\": true}").post("/repos/{id}/rollback", repo.id)
                    .then().statusCode(200).body("reverted", hasSize(6));
            assertEquals(List.of(), repo.ledger());
            for (String table : List.of("a", "b", "c", "d", "e", "f")) {
                assertTrue(repo.tableExists(table), table + ": an empty down script reverts as a no-op");
            }
        }
    }

    @Test
    void hostileArchivesAreRefusedAndWriteNothing() throws Exception {
        try (TargetRepo repo = TargetRepo.register(TestServers.postgres(), "hostile")) {
            refused(repo, new Archives().file("../../escape/1_x/up.sql", "SELECT 1;").tarGz(), "application/gzip");
            refused(repo, new Archives().file("/etc/cron.d/1_x.up.sql", "SELECT 1;").tarGz(), "application/gzip");
            refused(repo, new Archives().file("1_x/up.sql", "SELECT 1;").symlink("2_y/up.sql", "/etc/passwd")
                    .tarGz(), "application/gzip");
            refused(repo, new Archives().file("a/../../1_x.up.sql", "SELECT 1;").zip(), "application/zip");
            refused(repo, new Archives().file("1_bomb.up.sql", new byte[6 << 20]).zip(), "application/zip");
            Archives many = new Archives();
            for (int i = 0; i <= 10_000; i++) {
                many.file("x/" + i, "");
            }
            refused(repo, many.zip(), "application/zip");
            refused(repo, "not an archive".getBytes(), "application/gzip");
            refused(repo, new Archives().file("12345678901234567890_too_long.up.sql", "SELECT 1;").zip(),
                    "application/zip");
            given().contentType("application/gzip").body(new Archives().file("1_x.up.sql", "SELECT 1;").tarGz())
                    .post("/repos/{id}/import?layout=liquibase", repo.id).then().statusCode(400)
                    .body("field", equalTo("layout"));
            given().contentType("text/plain").body("x").post("/repos/{id}/import", repo.id).then().statusCode(415);
            assertFalse(Files.exists(repo.folder()) && Files.list(repo.folder()).findAny().isPresent(),
                    "nothing was written to the store");
            assertFalse(Files.exists(repo.folder().resolveSibling("escape")));
        }
    }

    private static ValidatableResponse importArchive(TargetRepo repo, byte[] archive, String type, String query) {
        return given().contentType(type).body(archive).post("/repos/{id}/import" + query, repo.id).then()
                .contentType(containsString("json"));
    }

    private static void refused(TargetRepo repo, byte[] archive, String type) {
        given().contentType(type).body(archive).post("/repos/{id}/import", repo.id).then().statusCode(400)
                .contentType("application/problem+json");
    }
}
