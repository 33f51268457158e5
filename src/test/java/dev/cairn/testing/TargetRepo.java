package dev.cairn.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
public final class TargetRepo implements AutoCloseable {

    public final TestServer server;
    public final String db;
    public final String id;
    public final DatabaseInspector database;

    private TargetRepo(TestServer server, String db, String id) {
        this.server = server;
        this.db = db;
        this.id = id;
        this.database = new DatabaseInspector(server, db);
    }

    public static TargetRepo register(TestServer server, String idPrefix) {
        return register(server, idPrefix, Map.of());
    }

    /** @param settings more fields of the registration, such as {@code ledgerTable} */
    public static TargetRepo register(TestServer server, String idPrefix, Map<String, Object> settings) {
        String db = server.createDatabase();
        TargetRepo repo = new TargetRepo(server, db, idPrefix + "-" + db.substring(db.length() - 8));
        Map<String, Object> body = new LinkedHashMap<>(settings);
        body.putAll(Map.of("id", repo.id, "url", server.url(db), "username", server.user()));
        given().contentType(ContentType.JSON).body(body).post("/repos").then().statusCode(201);
        return repo;
    }

    public void store(long version, String name, String up, String down) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("version", version, "name", name, "up", up));
        if (down != null) {
            body.put("down", down);
        }
        Number stored = given().contentType(ContentType.JSON).body(body).post("/repos/{id}/migrations", id)
                .then().statusCode(201).extract().path("version");
        assertEquals(version, stored.longValue());
    }

    /** The repo's folder in the store, for the hand edits the README allows ("picked up without a restart"). */
    public Path folder() {
        return Path.of(ConfigProvider.getConfig().getValue("cairn.store.path", String.class), id);
    }

    /** The ledger's versions as the database holds them; empty when Cairn never created the ledger. */
    public List<Long> ledger() throws SQLException {
        return ledger("schema_migrations");
    }

    /** The versions in the named ledger table; empty when it does not exist. */
    public List<Long> ledger(String table) throws SQLException {
        return database.tableExists(schema(), table) ? database.versions(table) : List.of();
    }

    public boolean tableExists(String table) throws SQLException {
        return database.tableExists(schema(), table);
    }

    /** Where unqualified names land: PostgreSQL's public schema, MariaDB's database itself. */
    public String schema() {
        return server.kind() == TestServer.Kind.POSTGRESQL ? "public" : db;
    }

    @Override
    public void close() {
        given().delete("/repos/{id}", id);
        server.dropDatabase(db);
    }
}
