package dev.cairn.repos;

import dev.cairn.CairnException;
import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.Dialect;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * One Agroal pool per target database and login, shared by every repo on it: a fleet of repos that are schemas of
 * one database holds at most {@code cairn.pool.max-size} server connections, not a few per repo. A run sets and
 * resets its prefix on the connection it borrows, so sharing leaks nothing from one repo to the next.
 */
@ApplicationScoped
public class TargetPools {

    /** What makes two repos' connections interchangeable; the password only as a digest, and never printed. */
    private record Login(String driverUrl, String username, String passwordDigest) {
        @Override
        public String toString() {
            return driverUrl + " as " + username;
        }
    }

    private final CairnConfig config;
    private final PasswordCipher cipher;
    private final Map<String, Login> logins = new ConcurrentHashMap<>();
    private final Map<Login, AgroalDataSource> pools = new ConcurrentHashMap<>();
    private final Map<String, ReadLane> readLanes = new ConcurrentHashMap<>();
    private final Executor executor;

    /** {@code executor} runs the reads of {@link #inTurn}: Quarkus's worker pool in the service. */
    public TargetPools(CairnConfig config, PasswordCipher cipher, Executor executor) {
        this.config = config;
        this.cipher = cipher;
        this.executor = executor;
    }

    @Inject
    public TargetPools(CairnConfig config, PasswordCipher cipher, ManagedExecutor workers) {
        this(config, cipher, (Executor) workers);
    }

    public DataSource dataSource(Repo repo) {
        Login login = logins.get(repo.id());
        AgroalDataSource pool = login == null ? null : pools.get(login);
        return pool != null ? pool : open(repo);
    }

    /** Work on a borrowed connection; the first use of a connection that may have gone stale in the pool. */
    @FunctionalInterface
    public interface FirstUse<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A borrowed connection and what its first use returned; closing the connection is the caller's. */
    public record Borrowed<T>(Connection connection, T value) {}

    /**
     * Borrows a connection whose statements are bounded by {@code cairn.pool.connect-timeout}, and uses it first.
     * Pooled connections are not checked with a round trip of their own (that would double the cost of a status
     * call); instead a connection the server closed since its last use (a restart, a failover, an idle kill) fails
     * its first statement at once, is discarded, and the first use runs once more on a fresh connection. A server
     * that stopped answering is not retried: the timeout already says so.
     */
    public <T> Borrowed<T> borrow(Repo repo, FirstUse<T> first) throws SQLException {
        try {
            return use(dataSource(repo).getConnection(), first);
        } catch (StaleConnection stale) {
            return use(dataSource(repo).getConnection(), first);
        }
    }

    /** {@link #borrow} for a short read: the connection goes back to the pool at once. */
    public <T> T read(Repo repo, FirstUse<T> read) throws SQLException {
        Borrowed<T> borrowed = borrow(repo, read);
        borrowed.connection().close();
        return borrowed.value();
    }

    /**
     * Runs a short read of the repo's database (status) in its turn: at most {@code cairn.pool.concurrent-reads}
     * run on one database at a time, the others wait in arrival order without holding a thread, and one that
     * waited longer than {@code cairn.pool.acquire-timeout} fails with {@link ReadsBusy}. Reads are short and keep
     * both ends busy, so running more at once than there are cores only slices the same CPU thinner: with 64
     * callers on 2 cores, running every read at once tripled the slowest 1 % of status calls (bench/README.md, S4).
     */
    public <T> CompletionStage<T> inTurn(Repo repo, Callable<T> read) {
        return readLanes.computeIfAbsent(laneKey(repo.dialect().driverUrl(repo.url()), repo.username()),
                database -> new ReadLane(concurrentReads(), config.pool().acquireTimeout().toNanos(),
                        () -> new ReadsBusy(config.pool().acquireTimeout()), executor)).submit(read);
    }

    /** Reads of one server database and login share a lane, as their connections share a pool. */
    private static String laneKey(String driverUrl, String username) {
        return driverUrl + " as " + username;
    }

    /** A read that waited its whole patience behind the reads ahead of it on the same database. */
    public static final class ReadsBusy extends SQLTransientConnectionException {
        ReadsBusy(Duration waited) {
            super("the reads queued ahead of this one kept every read slot busy for " + waited.toMillis() + " ms",
                    "08001");
        }
    }

    private int concurrentReads() {
        CairnConfig.Pool settings = config.pool();
        return Math.min(settings.maxSize(),
                settings.concurrentReads().orElse(2 * Runtime.getRuntime().availableProcessors()));
    }

    /** A connection that failed its first use in a way a fresh connection would not; the pool has discarded it. */
    private static final class StaleConnection extends SQLException {
        StaleConnection(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    private <T> Borrowed<T> use(Connection connection, FirstUse<T> first) throws SQLException {
        try {
            connection.setNetworkTimeout(Runnable::run, (int) config.pool().connectTimeout().toMillis());
            return new Borrowed<>(connection, first.apply(connection));
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof SQLException sql && isConnectionFailure(sql) && !isTimeout(sql)) {
                throw new StaleConnection(sql);
            }
            throw e;
        }
    }

    /** The repo was changed or removed: its pool closes once no other repo uses it. */
    public synchronized void release(String repoId) {
        Login login = logins.remove(repoId);
        if (login != null && !logins.containsValue(login)) {
            close(login);
        }
    }

    /**
     * Closes the idle connections to this repo's database, e.g. before dropping it. Connections in use by runs of
     * other repos on the same database stay open, so the drop is refused as "in use" rather than cutting them off.
     */
    public void closeIdleConnections(Repo repo) {
        Login login = logins.get(repo.id());
        AgroalDataSource pool = login == null ? null : pools.get(login);
        if (pool != null) {
            pool.flush(AgroalDataSource.FlushMode.IDLE);
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
    public synchronized void closeAll() {
        pools.keySet().forEach(this::close);
        logins.clear();
    }

    private synchronized AgroalDataSource open(Repo repo) {
        String password = password(repo);
        Login login = new Login(repo.dialect().driverUrl(repo.url()), repo.username(), digest(password));
        logins.put(repo.id(), login);
        return pools.computeIfAbsent(login, l -> create(repo, l, password));
    }

    private void close(Login login) {
        AgroalDataSource pool = pools.remove(login);
        readLanes.remove(laneKey(login.driverUrl(), login.username()));
        if (pool != null) {
            pool.close();
        }
    }

    private AgroalDataSource create(Repo repo, Login login, String password) {
        Dialect dialect = repo.dialect();
        CairnConfig.Pool settings = config.pool();
        AgroalConnectionFactoryConfigurationSupplier factory = new AgroalConnectionFactoryConfigurationSupplier()
                .jdbcUrl(login.driverUrl())
                .connectionProviderClass(dialect.driver())
                .loginTimeout(settings.connectTimeout());
        if (login.username() != null) {
            factory.principal(new NamePrincipal(login.username()));
        }
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
                            // A connection that failed in transit (killed, server restarted) is discarded on
                            // return instead of being handed to the next caller; see borrow() for the retry.
                            .exceptionSorter(TargetPools::isConnectionFailure)
                            .connectionFactoryConfiguration(factory)));
        } catch (SQLException e) {
            throw new CairnException(CairnException.Kind.UNAVAILABLE, "target-unavailable", "Target unavailable",
                    "could not set up a connection pool for repo '" + repo.id() + "'", e);
        }
    }

    /** Connection exceptions (08) and a server that ended the session (57P01-57P03: shutdown, crash, not ready). */
    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || state.startsWith("08") || state.startsWith("57P0");
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String digest(String password) {
        if (password == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
