package dev.cairn.target;

import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.problem.Remedy;
import dev.cairn.repo.Repo;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Pattern;

/**
 * What a target database or its driver threw, read in one place: whether the connection failed (as opposed to the
 * SQL being wrong), and the problem the caller can act on, with no secret in it.
 */
public final class TargetErrors {

    private static final Pattern CREDENTIAL = Pattern.compile("(?i)(password|pwd)=[^&;\\s]*");

    private TargetErrors() {}

    /**
     * The target could not do the work for reasons outside the SQL: the connection or the server went away, the
     * server is out of connection slots (53300), or no pooled connection came free in time.
     */
    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return isBrokenConnection(e) || e instanceof SQLTransientConnectionException
                || (state != null && (state.startsWith("57P") || state.equals("53300")))
                || (e.getMessage() != null && e.getMessage().contains("acquisition timeout"));
    }

    /**
     * The connection itself is unusable (connection exceptions, 08; the server ended the session, 57P01-57P03), so
     * a pool must discard it. Narrower than {@link #isConnectionFailure}: a connection that merely waited for a
     * pool slot or met a full server is still good.
     */
    public static boolean isBrokenConnection(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || state.startsWith("08") || state.startsWith("57P0");
    }

    /** The server did not answer in time, which a fresh connection would not change. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
                return true;
            }
        }
        return false;
    }

    public static CairnException unavailable(Repo repo, SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AllowedHosts.Refused refused) {
                return hostNotAllowed(refused).with("repo", repo.id()).remedy(Remedy.REPLACE_REPO);
            }
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = mask(e.getMessage());
        Problem problem = Problem.TARGET_UNAVAILABLE;
        Remedy remedy = null;
        String fix;
        if (state.equals("28P01") || message.contains("password authentication failed")
                || message.contains("Access denied for user")) {
            problem = Problem.TARGET_AUTH_FAILED;
            fix = "check the repo's username and password";
            remedy = Remedy.REPLACE_REPO;
        } else if (message.contains("password is an empty string") || message.contains("no password was provided")) {
            problem = Problem.TARGET_AUTH_FAILED;
            fix = "the server wants a password and the repo has none: register it with password or passwordEnv";
            remedy = Remedy.REPLACE_REPO;
        } else if (message.contains("client certificate")) {
            problem = Problem.TARGET_AUTH_FAILED;
            fix = "the server wants a client certificate: register the repo with a TLS profile (\"tls\") whose "
                    + "cairn.tls.<name>.cert and key the server accepts";
            remedy = Remedy.REPLACE_REPO;
        } else if (message.contains("ssl not enabled") || message.contains("does not support SSL")) {
            fix = "the repo's TLS profile or sslmode asks for TLS, which the server does not offer";
        } else if (message.contains("SSL error") || message.contains("hostnameverifier")
                || message.contains("PKIX") || message.contains("TLS handshake")) {
            fix = "the TLS handshake failed: the server's certificate must be signed by the ca of the repo's TLS "
                    + "profile (without one, by a CA in Cairn's JVM trust store) and, under verify-full, name the "
                    + "url's host";
        } else if (message.contains("is not permitted to log in")) {
            problem = Problem.TARGET_LOGIN_NOT_PERMITTED;
            fix = "allow it on the server: ALTER ROLE <user> LOGIN";
        } else if (state.startsWith("28") || message.contains("role \"") && message.contains("does not exist")) {
            problem = Problem.TARGET_ROLE_MISSING;
            fix = "create it on the server (CREATE ROLE <user> LOGIN CREATEDB) or fix the repo's username";
        } else if (e instanceof ReadLane.ReadsBusy) {
            problem = Problem.TARGET_CONNECTIONS_BUSY;
            fix = "too many status calls are waiting for this target: cairn.pool.concurrent-reads status reads run "
                    + "at once on one database and the rest wait their turn; retry, or raise "
                    + "cairn.pool.concurrent-reads or cairn.pool.acquire-timeout";
        } else if (message.contains("Sorry, acquisition timeout")) {
            // Agroal's words when every pooled connection stayed in use for the whole acquire timeout.
            problem = Problem.TARGET_CONNECTIONS_BUSY;
            fix = "all of Cairn's connections to the target are in use: runs and status calls on this database "
                    + "already hold cairn.pool.max-size connections; retry when some have finished, or raise "
                    + "cairn.pool.max-size";
        } else if (state.equals("3D000") || message.contains("Unknown database")) {
            problem = Problem.TARGET_DATABASE_MISSING;
            fix = "create the database";
            remedy = Remedy.CREATE_DATABASE;
        } else {
            fix = "check that the server at the repo's url is running and reachable; Cairn retries on the next call";
        }
        return problem.raise("repo '" + repo.id() + "': " + message + " (" + fix + ")", e)
                .with("repo", repo.id()).with("sqlState", e.getSQLState()).remedy(remedy);
    }

    /** A host {@code cairn.targets.allowed-hosts} leaves out: the caller's to fix, not the target's. */
    static CairnException hostNotAllowed(AllowedHosts.Refused e) {
        return Problem.HOST_NOT_ALLOWED.raise(e.getMessage() + "; point the repo at an allowed host, or ask "
                + "Cairn's operator to allow it", e).with("field", "url").with("host", e.host());
    }

    /** Removes anything that looks like a credential, for messages that drivers build from URLs. */
    public static String mask(String message) {
        return message == null ? "" : CREDENTIAL.matcher(message).replaceAll("$1=***");
    }
}
