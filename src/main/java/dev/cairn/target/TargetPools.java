package dev.cairn.target;

import dev.cairn.config.CairnConfig;
import dev.cairn.repo.Repo;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
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
    private record Login(String driverUrl, Map<String, String> properties, String username, String passwordDigest) {
        @Override
        public String toString() {
            return driverUrl + " as " + username;
        }
    }

    private final CairnConfig config;
    private final TargetAccess access;
    private final TargetPasswords passwords;
    private final PoolFactory factory;
    private final ReadLanes lanes;
    private final Map<String, Login> logins = new ConcurrentHashMap<>();
    private final Map<Login, AgroalDataSource> pools = new ConcurrentHashMap<>();

    /** {@code executor} runs the reads of {@link #inTurn}: Quarkus's worker pool in the service. */
    public TargetPools(CairnConfig config, TargetPasswords passwords, Executor executor) {
        this(config, new TargetAccess(config), passwords, executor);
    }

    @Inject
    public TargetPools(CairnConfig config, TargetAccess access, TargetPasswords passwords, ManagedExecutor workers) {
        this(config, access, passwords, (Executor) workers);
    }

    private TargetPools(CairnConfig config, TargetAccess access, TargetPasswords passwords, Executor executor) {
        this.config = config;
        this.access = access;
        this.passwords = passwords;
        this.factory = new PoolFactory(config.pool());
        this.lanes = new ReadLanes(config.pool(), executor);
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

    /** A short read of the repo's database (status), in its turn among the reads of that database: {@link ReadLanes}. */
    public <T> CompletionStage<T> inTurn(Repo repo, Callable<T> read) {
        return lanes.submit(repo.target().driverUrl(), repo.username(), read);
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
            if (e instanceof SQLException sql && TargetErrors.isBrokenConnection(sql) && !TargetErrors.isTimeout(sql)) {
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

    @PreDestroy
    public synchronized void closeAll() {
        pools.keySet().forEach(this::close);
        logins.clear();
    }

    private synchronized AgroalDataSource open(Repo repo) {
        TargetAccess.DriverConnection target = access.connection(repo, false);
        String password = passwords.of(repo);
        Login login = new Login(target.url(), target.properties(), repo.username(), TargetPasswords.digest(password));
        logins.put(repo.id(), login);
        return pools.computeIfAbsent(login, l -> factory.create(target, l.username(), password, repo.id()));
    }

    private void close(Login login) {
        AgroalDataSource pool = pools.remove(login);
        lanes.remove(login.driverUrl(), login.username());
        if (pool != null) {
            pool.close();
        }
    }
}
