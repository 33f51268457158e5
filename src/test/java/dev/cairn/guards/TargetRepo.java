package dev.cairn.guards;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.TestServer;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A repo registered over HTTP on a fresh database of its own, so each test starts from nothing and what it asserts
 * on the database can only have come from its own calls. {@link #close()} unregisters it and drops the database.
 */
final class TargetRepo implements AutoCloseable {

    final TestServer server;
    final String db;
    final String id;
    final DatabaseInspector database;

    private TargetRepo(TestServer server, String db, String id) {
        this.server = server;
        this.db = db;
        this.id = id;
        this.database = new DatabaseInspector(server, db);
    }

    static TargetRepo register(TestServer server, String idPrefix) {
        String db = server.createDatabase();
        TargetRepo repo = new TargetRepo(server, db, idPrefix + "-" + db.substring(db.length() - 8));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", repo.id, "url", server.url(db), "username", server.user()))
                .post("/repos").then().statusCode(201);
        return repo;
    }

    void store(long version, String name, String up, String down) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("version", version, "name", name, "up", up));
        if (down != null) {
            body.put("down", down);
        }
        Number stored = given().contentType(ContentType.JSON).body(body).post("/repos/{id}/migrations", id)
                .then().statusCode(201).extract().path("version");
        assertEquals(version, stored.longValue());
    }

    /** The repo's folder in the store, for the hand edits the README allows ("picked up without a restart"). */
    Path folder() {
        return Path.of(ConfigProvider.getConfig().getValue("cairn.store.path", String.class), id);
    }

    /** The ledger's versions as the database holds them; empty when Cairn never created the ledger. */
    List<Long> ledger() throws SQLException {
        String schema = server.kind() == TestServer.Kind.POSTGRESQL ? "public" : db;
        return database.tableExists(schema, "schema_migrations") ? database.versions("schema_migrations") : List.of();
    }

    boolean tableExists(String table) throws SQLException {
        return database.tableExists(server.kind() == TestServer.Kind.POSTGRESQL ? "public" : db, table);
    }

    @Override
    public void close() {
        given().delete("/repos/{id}", id);
        server.dropDatabase(db);
    }
}
