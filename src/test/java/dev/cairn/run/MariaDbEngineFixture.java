package dev.cairn.run;

import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.repo.Repo;
import dev.cairn.testing.DatabaseInspector;
import dev.cairn.testing.Engine;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh database on the MariaDB test server (CAIRN_TEST_MARIADB, else the machine's) for each test, the engine
 * wired by hand over it, and the seeds every engine suite migrates.
 */
abstract class MariaDbEngineFixture {

    static final long USERS = 20170523151118L, COMMENTS = 20170523151200L, POSTS = 20170601090000L;
    static final String CREATE_USERS = """
            CREATE TABLE users (
              id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
              name varchar(255), email varchar(255), bio varchar(255), number_of_pets int,
              inserted_at datetime NOT NULL, updated_at datetime NOT NULL
            );""";
    static final String CREATE_COMMENTS = """
            CREATE TABLE comments (
              id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
              body text, word_count int,
              inserted_at datetime NOT NULL, updated_at datetime NOT NULL
            );""";

    final TestServer server = TestServers.mariadb();
    final List<String> prefixes = new ArrayList<>();
    Engine engine;
    String db;
    DatabaseInspector target;
    Repo repo;

    @BeforeEach
    void setUp() {
        engine = new Engine();
        db = server.createDatabase();
        target = new DatabaseInspector(server, db);
        repo = engine.repo("app", server, db, null, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.close();
        server.dropDatabase(db);
        prefixes.forEach(server::dropDatabase);
    }

    /** A prefix database name unique to this test; database names are server-wide on MariaDB. */
    String prefix(String suffix) {
        String name = db + "_" + suffix;
        prefixes.add(name);
        server.dropAtExit(name);
        return name;
    }

    void seeds() {
        engine.store.create("app", USERS, "create_users", CREATE_USERS, "DROP TABLE users;", null);
        engine.store.create("app", COMMENTS, "add_comments_table", CREATE_COMMENTS, "DROP TABLE comments;", null);
        engine.store.create("app", POSTS, "create_posts",
                "CREATE TABLE posts (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, title text);",
                "DROP TABLE posts;", null);
    }

    Run migrate(Strategy strategy) {
        return engine.runner.run(repo, new RunRequest(Direction.UP, strategy, false, false, null, "test")).orThrow();
    }

    Run rollback(Strategy strategy) {
        return engine.runner.run(repo, new RunRequest(Direction.DOWN, strategy, false, false, null, "test")).orThrow();
    }

    static List<Long> versions(Run run) {
        return run.steps().stream().map(Run.RunStep::version).toList();
    }
}
