package dev.cairn.testing;

/**
 * A fresh database and a login of its own that may do anything inside it and nothing outside: on PostgreSQL a role
 * that owns the database and is no superuser, on MariaDB a user with every privilege on the database's tables and no
 * global one (so no FILE). This is the login a careful operator registers a repo with. It has no password: the test
 * servers trust local logins. {@link #close()} drops both.
 */
public final class RestrictedLogin implements AutoCloseable {

    public final TestServer server;
    public final String database;
    public final String user;

    private RestrictedLogin(TestServer server, String database, String user) {
        this.server = server;
        this.database = database;
        this.user = user;
    }

    public static RestrictedLogin create(TestServer server) {
        String database = server.createDatabase();
        String user = database + "_owner";
        if (server.kind() == TestServer.Kind.POSTGRESQL) {
            server.admin("CREATE ROLE " + user + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
            server.admin("ALTER DATABASE " + database + " OWNER TO " + user);
        } else {
            server.admin("CREATE USER '" + user + "'@'%'");
            server.admin("GRANT ALL PRIVILEGES ON " + database + ".* TO '" + user + "'@'%'");
        }
        return new RestrictedLogin(server, database, user);
    }

    public String url() {
        return server.url(database);
    }

    @Override
    public void close() {
        server.dropDatabase(database);
        server.admin(server.kind() == TestServer.Kind.POSTGRESQL ? "DROP ROLE IF EXISTS " + user
                : "DROP USER IF EXISTS '" + user + "'@'%'");
    }
}
