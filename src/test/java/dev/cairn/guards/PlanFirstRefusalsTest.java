package dev.cairn.guards;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TargetRepo;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README, "Plan first": a duplicate version or a missing script is refused with a 409 naming the version before the
 * first statement runs. Each plan puts a perfectly good migration ahead of the broken one, so a Cairn that checked
 * step by step instead of the whole plan would run it and the database would show it.
 */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class PlanFirstRefusalsTest {

    TargetRepo repo;

    @BeforeEach
    void register() {
        repo = TargetRepo.register(TestServers.postgres(), "planfirst");
    }

    @AfterEach
    void drop() {
        repo.close();
    }

    @Test
    void twoFoldersWithOneVersionAreRefusedBeforeAnything() throws Exception {
        repo.store(1, "first", "CREATE TABLE first_t (id int);", "DROP TABLE first_t;");
        // Dropped in by hand, as the README allows: the API itself would refuse the second one.
        write(repo.folder().resolve("5_a/up.sql"), "CREATE TABLE a_t (id int);");
        write(repo.folder().resolve("5_b/up.sql"), "CREATE TABLE b_t (id int);");

        given().post("/repos/{id}/migrate", repo.id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:cairn:problem:duplicate-version")).body("status", equalTo(409))
                .body("version", equalTo(5));

        assertEquals(List.of(), repo.ledger(), "nothing was applied, not even version 1 ahead of the duplicates");
        assertFalse(repo.tableExists("first_t"), "version 1 never ran");
        assertFalse(repo.tableExists("a_t") || repo.tableExists("b_t"), "neither duplicate ran");
    }

    @Test
    void aRollbackOverAnAppliedVersionWithoutItsFolderIsRefusedBeforeAnything() throws Exception {
        for (int v = 1; v <= 3; v++) {
            repo.store(v, "m" + v, "CREATE TABLE t" + v + " (id int);", "DROP TABLE t" + v + ";");
        }
        given().post("/repos/{id}/migrate", repo.id).then().statusCode(200);
        assertEquals(List.of(1L, 2L, 3L), repo.ledger());
        deleteTree(folderOf(2));

        // Newest first: 3 (intact) would be reverted before 2 (gone) if the plan were not checked whole.
        given().contentType(ContentType.JSON).body("{\"all\": true}").post("/repos/{id}/rollback", repo.id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:cairn:problem:script-missing")).body("status", equalTo(409))
                .body("version", equalTo(2));

        assertEquals(List.of(1L, 2L, 3L), repo.ledger(), "nothing was reverted");
        assertTrue(repo.tableExists("t3"), "version 3's down script never ran");
    }

    private Path folderOf(long version) throws Exception {
        try (Stream<Path> folders = Files.list(repo.folder())) {
            return folders.filter(f -> f.getFileName().toString().startsWith(version + "_")).findFirst()
                    .orElseThrow(() -> new AssertionError("no folder for version " + version + " in " + repo.folder()));
        }
    }

    private static void deleteTree(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
