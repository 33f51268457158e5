package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps two runs off one database and prefix: an in-process lock first (cheap, and it knows the holding run),
 * then the database's own session lock, which the server frees if Cairn dies. The run works on the connection that
 * holds the lock, so it needs one connection, and runs sharing a pool can never each hold half of what they need.
 */
@ApplicationScoped
public class RunLocks {

    private static final long POLL_MILLIS = 50, MAX_POLL_MILLIS = 500;

    private final Map<String, ReentrantLock> guards = new ConcurrentHashMap<>();
    private final Map<String, ActiveRun> holders = new ConcurrentHashMap<>();

    /** A held lock and the connection the run works on; closing it releases both and the in-process guard. */
    public final class Lease implements AutoCloseable {
        private final Repo repo;
        private final Connection connection;
        private final ReentrantLock guard;

        private Lease(Repo repo, Connection connection, ReentrantLock guard) {
            this.repo = repo;
            this.connection = connection;
            this.guard = guard;
        }

        public Connection connection() {
            return connection;
        }

        @Override
        public void close() {
            try (connection) {
                query(connection, repo.dialect().unlock(repo.prefix()));
            } catch (SQLException e) {
                // The connection is gone, and the server dropped its lock with it.
            } finally {
                holders.remove(repo.lockKey());
                guard.unlock();
            }
        }
    }

    public Optional<ActiveRun> holder(Repo repo) {
        return Optional.ofNullable(holders.get(repo.lockKey()));
    }

    /**
     * Waits up to {@code wait} for the repo's lock. The lease's connection answers within the connect timeout until
     * the caller lifts it ({@code setNetworkTimeout(…, 0)}) for statements that may legitimately run long.
     */
    public Lease acquire(Repo repo, TargetPools pools, Duration wait, ActiveRun run) throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock guard = guards.computeIfAbsent(repo.lockKey(), k -> new ReentrantLock(true));
        try {
            if (!guard.tryLock()) {
                run.waitingFor(describe(holders.get(repo.lockKey())));
                if (!guard.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    ActiveRun other = holders.get(repo.lockKey());
                    throw busy(repo, wait, describe(other), other == null ? null : other.runId());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(repo, wait, "interrupted while waiting", null);
        }
        Connection connection = null;
        try {
            Dialect dialect = repo.dialect();
            TargetPools.Borrowed<Boolean> first = pools.borrow(repo, c -> {
                c.setAutoCommit(true);
                return "true".equals(query(c, dialect.tryLock(repo.prefix())));
            });
            connection = first.connection();
            boolean locked = first.value();
            long pause = POLL_MILLIS;
            if (!locked) {
                String holder = query(connection, dialect.lockHolder(repo.prefix()));
                run.waitingFor("another Cairn instance or repo on the same database" + (holder == null ? ""
                        : ": " + holder));
            }
            while (!locked) {
                if (System.nanoTime() > deadline) {
                    String holder = query(connection, dialect.lockHolder(repo.prefix()));
                    throw busy(repo, wait, "another Cairn instance or repo on the same database"
                            + (holder == null ? "" : ": " + holder), null);
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_POLL_MILLIS);
                locked = "true".equals(query(connection, dialect.tryLock(repo.prefix())));
            }
            holders.put(repo.lockKey(), run);
            run.waitingFor(null);
            run.session(dialect.sessionId(connection));
            return new Lease(repo, connection, guard);
        } catch (SQLException | RuntimeException | InterruptedException e) {
            closeQuietly(connection);
            guard.unlock();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw busy(repo, wait, "interrupted while waiting", null);
            }
            if (e instanceof SQLException sql) {
                throw sql;
            }
            throw (RuntimeException) e;
        }
    }

    /** The first column of the query's one row, as text ("true" for a true boolean), or null. */
    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            Object value = rs.getObject(1);
            return value instanceof Boolean b ? b.toString() : value instanceof Number n ? Boolean.toString(
                    n.intValue() == 1) : rs.getString(1);
        }
    }

    private static String describe(ActiveRun other) {
        return other == null ? "another run in this Cairn" : "run " + other.runId() + " (repo '" + other.repo().id()
                + "', " + other.direction() + ", started " + other.startedAt() + ")";
    }

    private static CairnException busy(Repo repo, Duration wait, String holder, String runId) {
        return Problem.RUN_IN_PROGRESS.raise("repo '" + repo.id() + "': the database is locked by " + holder
                + "; waited " + wait.toSeconds()
                + " s. Retry later, or pass a longer waitSeconds.").with("heldBy", runId).with("holder", holder);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken; the pool discards it
            }
        }
    }
}
