package dev.cairn.engine;

import dev.cairn.CairnException;
import dev.cairn.repos.Repo;
import dev.cairn.repos.TargetPools;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Pattern;

/** Turns what a target database or its driver threw into a problem the caller can act on, with no secret in it. */
public final class TargetErrors {

    private static final Pattern CREDENTIAL = Pattern.compile("(?i)(password|pwd)=[^&;\\s]*");

    private TargetErrors() {}

    /** The connection or the server went away, as opposed to the SQL being wrong. */
    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")))
                || (e.getMessage() != null && e.getMessage().contains("acquisition timeout"));
    }

    public static CairnException unavailable(Repo repo, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = mask(e.getMessage());
        String slug = "target-unavailable", title = "Target database unavailable", fix;
        if (state.equals("28P01") || message.contains("password authentication failed")
                || message.contains("Access denied for user")) {
            slug = "target-auth-failed";
            title = "Target database refused the credentials";
            fix = "check the repo's username and password (PUT /repos/" + repo.id() + ")";
        } else if (message.contains("is not permitted to log in")) {
            slug = "target-login-not-permitted";
            title = "Target role may not log in";
            fix = "allow it on the server: ALTER ROLE <user> LOGIN";
        } else if (state.startsWith("28") || message.contains("role \"") && message.contains("does not exist")) {
            slug = "target-role-missing";
            title = "Target role does not exist";
            fix = "create it on the server (CREATE ROLE <user> LOGIN CREATEDB) or fix the repo's username";
        } else if (e instanceof TargetPools.ReadsBusy) {
            slug = "target-connections-busy";
            title = "Too many status calls are waiting for this target";
            fix = "cairn.pool.concurrent-reads status reads run at once on one database and the rest wait their "
                    + "turn; retry, or raise cairn.pool.concurrent-reads or cairn.pool.acquire-timeout";
        } else if (message.contains("Sorry, acquisition timeout")) {
            // Agroal's words when every pooled connection stayed in use for the whole acquire timeout.
            slug = "target-connections-busy";
            title = "All of Cairn's connections to the target are in use";
            fix = "runs and status calls on this database already hold cairn.pool.max-size connections; retry when "
                    + "some have finished, or raise cairn.pool.max-size";
        } else if (state.equals("3D000") || message.contains("Unknown database")) {
            slug = "target-database-missing";
            title = "Target database does not exist";
            fix = "create it with POST /repos/" + repo.id() + "/database";
        } else {
            fix = "check that the server at the repo's url is running and reachable; Cairn retries on the next call";
        }
        return new CairnException(CairnException.Kind.UNAVAILABLE, slug, title,
                "repo '" + repo.id() + "': " + message + " (" + fix + ")", e)
                .with("repo", repo.id()).with("sqlState", e.getSQLState());
    }

    /** Removes anything that looks like a credential, for messages that drivers build from URLs. */
    public static String mask(String message) {
        return message == null ? "" : CREDENTIAL.matcher(message).replaceAll("$1=***");
    }
}
