package dev.cairn.repos;

import dev.cairn.CairnException;
import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.Dialect;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** One small Agroal pool per repo, opened on first use and closed when the repo changes or Cairn stops. */
@ApplicationScoped
public class TargetPools {

    private final CairnConfig config;
    private final PasswordCipher cipher;
    private final Map<String, AgroalDataSource> pools = new ConcurrentHashMap<>();

    public TargetPools(CairnConfig config, PasswordCipher cipher) {
        this.config = config;
        this.cipher = cipher;
    }

    public DataSource dataSource(Repo repo) {
        return pools.computeIfAbsent(repo.id(), id -> open(repo));
    }

    public void close(String repoId) {
        AgroalDataSource pool = pools.remove(repoId);
        if (pool != null) {
            pool.close();
        }
    }

    /**
     * An unpooled connection to the repo's server through its maintenance database, with the repo's credentials,
     * for creating or dropping the repo's own database (which may not exist yet).
     */
    public Connection connectToServer(Repo repo) throws SQLException {
        Dialect dialect = repo.dialect();
        Properties props = new Properties();
        props.putAll(dialect.connectionProperties(config.pool().connectTimeout()));
        if (repo.username() != null) {
            props.setProperty("user", repo.username());
        }
        String password = password(repo);
        if (password != null) {
            props.setProperty("password", password);
        }
        Driver driver;
        try {
            driver = dialect.driver().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JDBC driver " + dialect.driver().getName() + " cannot be created", e);
        }
        Connection connection = driver.connect(dialect.driverUrl(dialect.maintenanceUrl(repo.url())), props);
        if (connection == null) {
            throw new SQLException("the driver does not accept the repo's URL", "08001");
        }
        return connection;
    }

    @PreDestroy
    public void closeAll() {
        pools.keySet().forEach(this::close);
    }

    private AgroalDataSource open(Repo repo) {
        Dialect dialect = repo.dialect();
        CairnConfig.Pool settings = config.pool();
        AgroalConnectionFactoryConfigurationSupplier factory = new AgroalConnectionFactoryConfigurationSupplier()
                .jdbcUrl(dialect.driverUrl(repo.url()))
                .connectionProviderClass(dialect.driver())
                .loginTimeout(settings.connectTimeout());
        if (repo.username() != null) {
            factory.principal(new NamePrincipal(repo.username()));
        }
        String password = password(repo);
        if (password != null) {
            factory.credential(new SimplePassword(password));
        }
        dialect.connectionProperties(settings.connectTimeout()).forEach(factory::jdbcProperty);
        if (dialect.connectionSetup() != null) {
            factory.initialSql(dialect.connectionSetup());
        }
        try {
            return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .metricsEnabled(false)
                    .connectionPoolConfiguration(pool -> pool
                            .initialSize(0).minSize(0).maxSize(settings.maxSize())
                            .acquisitionTimeout(settings.acquireTimeout())
                            .reapTimeout(settings.idleTimeout())
                            // Bounded, so a server that accepts connections but no longer answers is a 503,
                            // not a caller waiting forever.
                            .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(
                                    (int) Math.max(1, settings.connectTimeout().toSeconds())))
                            // A connection that failed in transit (killed, server restarted) is discarded on
                            // return instead of being handed to the next caller.
                            .exceptionSorter(TargetPools::isConnectionFailure)
                            // Every borrowed connection is checked (one round trip, nothing next to a migration),
                            // so the first run after a database restart gets a fresh connection, not a 503.
                            .validateOnBorrow(true)
                            .connectionFactoryConfiguration(factory)));
        } catch (SQLException e) {
            throw new CairnException(CairnException.Kind.UNAVAILABLE, "target-unavailable", "Target unavailable",
                    "could not set up a connection pool for repo '" + repo.id() + "'", e);
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        return e instanceof SQLNonTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    private String password(Repo repo) {
        if (repo.passwordEnv() != null) {
            String value = System.getenv(repo.passwordEnv());
            if (value == null) {
                throw new CairnException(CairnException.Kind.UNAVAILABLE, "password-env-missing",
                        "Password variable not set", "repo '" + repo.id() + "' reads its password from the "
                        + "environment variable " + repo.passwordEnv() + ", which is not set in Cairn's environment")
                        .with("repo", repo.id());
            }
            return value;
        }
        return repo.encryptedPassword() == null ? null : cipher.decrypt(repo.encryptedPassword());
    }
}
