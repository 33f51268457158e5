package dev.cairn.target;

import dev.cairn.dialect.Dialect;
import dev.cairn.repo.Repo;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Driver;
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
        Dialect dialect = target.dialect();
        Properties props = new Properties();
        props.putAll(target.properties());
        if (repo.username() != null) {
            props.setProperty("user", repo.username());
        }
        props.setProperty("password", passwords.of(repo));
        Driver driver;
        try {
            driver = dialect.driver().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JDBC driver " + dialect.driver().getName() + " cannot be created", e);
        }
        Connection connection = driver.connect(target.url(), props);
        if (connection == null) {
            throw new SQLException("the driver does not accept the repo's URL", "08001");
        }
        return connection;
    }
}
