package dev.cairn.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.testing.CairnTestResource;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up warm-up walks a run's read-only half on real targets and leaves nothing anywhere. */
@QuarkusTest
@QuarkusTestResource(CairnTestResource.class)
class WarmUpTest {

    @Inject
    WarmUp warmUp;

    @Inject
    RepoRegistry registry;

    @Test
    void leavesNoLedgerNoHistoryAndNoOpenTransactionOnEitherEngine() throws Exception {
        TestServer postgres = TestServers.postgres(), mariadb = TestServers.mariadb();
        String pgDb = postgres.createDatabase(), myDb = mariadb.createDatabase();
        String pg = "warm-pg-" + pgDb.substring(pgDb.length() - 6), my = "warm-my-" + myDb.substring(myDb.length() - 6);
        try {
            register(pg, postgres, pgDb);
            register(my, mariadb, myDb);
            List<Repo> targets = new ArrayList<>(List.of(registry.get(pg), registry.get(my)));
            // An unreachable repo is passed over; the others are still warmed.
            targets.add(0, registry.get(register("warm-dead", "jdbc:postgresql://127.0.0.1:1/none", "postgres")));

            assertEquals(List.of(pg, my), warmUp.warm(targets));

            for (String repo : List.of(pg, my)) {
                given().get("/repos/{id}/runs", repo).then().statusCode(200).body("size()", equalTo(0));
                given().get("/repos/{id}/status", repo).then().statusCode(200).body("pending", equalTo(1));
            }
            // Neither the ledger nor the pending migration's table, whose statement the driver parsed.
            assertEquals("0", query(postgres, pgDb, "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_name IN ('schema_migrations', 'one')"));
            assertEquals("0", query(mariadb, myDb, "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() AND table_name IN ('schema_migrations', 'one')"));
            assertEquals("0", query(postgres, pgDb, "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND state LIKE 'idle in transaction%'"));
            assertEquals("0", query(postgres, pgDb, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
        } finally {
            for (String repo : List.of(pg, my, "warm-dead")) {
                given().delete("/repos/{id}", repo);
            }
            postgres.dropDatabase(pgDb);
            mariadb.dropDatabase(myDb);
        }
    }

    private static void register(String id, TestServer server, String db) {
        register(id, server.url(db), server.user());
        given().contentType("application/json").body(Map.of("version", 1, "name", "one", "up",
                "CREATE TABLE one (id int);", "down", "DROP TABLE one;"))
                .post("/repos/{id}/migrations", id).then().statusCode(201);
    }

    private static String register(String id, String url, String user) {
        given().contentType("application/json").body(Map.of("id", id, "url", url, "username", user))
                .put("/repos/{id}", id).then().statusCode(200);
        return id;
    }

    private static String query(TestServer server, String db, String sql) throws Exception {
        try (Connection c = server.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
