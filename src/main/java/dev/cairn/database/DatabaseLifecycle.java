package dev.cairn.database;

import dev.cairn.dialect.Dialect;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.run.RunLocks;
import dev.cairn.target.ServerConnections;
import dev.cairn.target.TargetErrors;
import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/** {@code mix ecto.create} and {@code mix ecto.drop}: the repo's database itself, through the server's maintenance one. */
@ApplicationScoped
public class DatabaseLifecycle {

    private static final Logger LOG = Logger.getLogger(DatabaseLifecycle.class);

    private final TargetPools pools;
    private final ServerConnections server;
    private final RunLocks locks;

    public DatabaseLifecycle(TargetPools pools, ServerConnections server, RunLocks locks) {
        this.pools = pools;
        this.server = server;
        this.locks = locks;
    }

    /** @return false when the database already existed */
    public boolean create(Repo repo, String actor) {
        String database = database(repo);
        Dialect dialect = repo.dialect();
        try (Connection c = server.connect(repo); Statement st = c.createStatement()) {
            if (exists(st, dialect, database)) {
                return false;
            }
            st.execute(dialect.createDatabase(database));
            LOG.infof("repo=%s database %s created by %s", repo.id(), database, actor);
            return true;
        } catch (SQLException e) {
            throw refused(repo, e, "create");
        }
    }

    /** @return false when there was no database to drop */
    public boolean drop(Repo repo, String actor) {
        String database = database(repo);
        locks.holder(repo).ifPresent(run -> {
            throw Problem.RUN_IN_PROGRESS.raise("run " + run.runId() + " is migrating this database; drop it once "
                    + "the run ended").with("heldBy", run.runId());
        });
        pools.closeIdleConnections(repo); // our own idle connections would otherwise block the drop
        Dialect dialect = repo.dialect();
        try (Connection c = server.connect(repo); Statement st = c.createStatement()) {
            if (!exists(st, dialect, database)) {
                return false;
            }
            st.execute(dialect.dropDatabase(database));
            LOG.warnf("repo=%s database %s dropped by %s", repo.id(), database, actor);
            return true;
        } catch (SQLException e) {
            throw refused(repo, e, "drop");
        }
    }

    private static boolean exists(Statement st, Dialect dialect, String database) throws SQLException {
        try (ResultSet rs = st.executeQuery(dialect.databaseExists(database))) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String database(Repo repo) {
        String name = repo.target().databaseName();
        if (name == null) {
            throw CairnException.invalid("repo '" + repo.id() + "' has no database in its url, so there is none to "
                    + "create or drop").with("field", "url");
        }
        return name;
    }

    private static CairnException refused(Repo repo, SQLException e, String action) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("42501")) {
            return Problem.TARGET_PERMISSION_DENIED.raise("repo '" + repo.id() + "': the role may not " + action
                    + " databases: " + TargetErrors.mask(e.getMessage())
                    + " (allow it on the server: ALTER ROLE <user> CREATEDB)", e)
                    .with("sqlState", state);
        }
        if (state.equals("55006")) {
            return Problem.DATABASE_IN_USE.raise("repo '" + repo.id() + "': other sessions are using the database: "
                    + TargetErrors.mask(e.getMessage()) + " (disconnect them, then retry)", e)
                    .with("sqlState", state);
        }
        return TargetErrors.unavailable(repo, e);
    }
}
