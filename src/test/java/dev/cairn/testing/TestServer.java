package dev.cairn.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A database server the tests may create and drop databases on. Every database it creates has a unique name and
 * is dropped when the JVM ends, so runs never collide with leftovers.
 */
public final class TestServer {

    public enum Kind { POSTGRESQL, MARIADB }

    private final Kind kind;
    private final String base;      // jdbc:postgresql://host:port/
    private final String adminDb;
    private final String user;
    private final String password;
    private final String description;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    TestServer(Kind kind, String adminUrl, String user, String password, String description) {
        this.kind = kind;
        int query = adminUrl.indexOf('?');
        String noQuery = query < 0 ? adminUrl : adminUrl.substring(0, query);
        int slash = noQuery.lastIndexOf('/');
        this.base = noQuery.substring(0, slash + 1);
        this.adminDb = noQuery.substring(slash + 1);
        this.user = user;
        this.password = password;
        this.description = description;
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll));
    }

    /** Parses {@code jdbc:…//host:port/db?user=…&password=…} into a server. */
    static TestServer fromUrl(Kind kind, String url, String description) {
        String user = null, password = null;
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equalsIgnoreCase("user")) {
                    user = kv.length > 1 ? kv[1] : "";
                } else if (kv[0].equalsIgnoreCase("password")) {
                    password = kv.length > 1 ? kv[1] : "";
                }
            }
        }
        return new TestServer(kind, url, user, password, description);
    }

    public Kind kind() {
        return kind;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return description;
    }

    /** JDBC URL of a database on this server, without credentials. */
    public String url(String database) {
        return base + database;
    }

    public String createDatabase() {
        String name = "cairn_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + name);
        created.add(name);
        return name;
    }

    /** Registers a database the test did not create through this server (e.g. a prefix) to be dropped at exit. */
    public void dropAtExit(String name) {
        created.add(name);
    }

    public void dropDatabase(String name) {
        admin(kind == Kind.POSTGRESQL ? "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
                : "DROP DATABASE IF EXISTS " + name);
        created.remove(name);
    }

    public void admin(String sql) {
        try (Connection c = connect(adminDb); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(base + database, props);
    }

    private void dropAll() {
        for (String name : Set.copyOf(created)) {
            try {
                dropDatabase(name);
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }
    }

}
