package dev.cairn.target;

import dev.cairn.repo.Repo;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Unpooled connections to a repo's server through its maintenance database, with the repo's credentials, for
 * creating or dropping the repo's own database (which may not exist yet).
 */
@ApplicationScoped
public class ServerConnections {

    private final TargetAccess access;
    private final TargetPasswords passwords;

    public ServerConnections(TargetAccess access, TargetPasswords passwords) {
        this.access = access;
        this.passwords = passwords;
    }

    public Connection connect(Repo repo) throws SQLException {
        TargetAccess.DriverConnection target = access.connection(repo, true);
        Properties props = new Properties();
        props.putAll(target.properties());
        if (repo.username() != null) {
            props.setProperty("user", repo.username());
        }
        props.setProperty("password", passwords.of(repo));
        Connection connection = new GuardedDriver().connect(target.url(), props);
        if (connection == null) {
            throw new SQLException("the driver does not accept the repo's URL", "08001");
        }
        return connection;
    }
}
