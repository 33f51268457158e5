package dev.cairn.run;

import dev.cairn.dialect.Dialect;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** What a run and a dry run check on their connection before planning: nothing here writes. */
final class SessionCheck {

    private SessionCheck() {}

    static void check(Repo repo, Connection c) throws SQLException {
        checkSqlMode(repo.dialect(), c);
        checkSchema(repo, c);
    }

    /** Refuses a session whose settings would make the server read a script differently from the splitter. */
    private static void checkSqlMode(Dialect dialect, Connection c) throws SQLException {
        if (dialect.sqlModeQuery() == null) {
            return;
        }
        String mode = queryString(c, dialect.sqlModeQuery());
        List<String> modes = List.of(mode.split(","));
        List<String> unsupported = dialect.unsupportedSqlModes().stream().filter(modes::contains).toList();
        if (!unsupported.isEmpty()) {
            String kept = String.join(",", modes.stream().filter(m -> !unsupported.contains(m)).toList());
            throw Problem.UNSUPPORTED_SQL_MODE.raise("the session's sql_mode has " + unsupported + ", under which "
                    + "quotes and backslashes do not mean what Cairn's statement splitter assumes. Remove it from "
                    + "Cairn's sessions, e.g. add sessionVariables=sql_mode='" + kept + "' to the repo's url. "
                    + "Nothing was run.").with("sqlMode", mode);
        }
    }

    private static void checkSchema(Repo repo, Connection c) throws SQLException {
        if (repo.prefix() != null && !repo.createSchema()
                && !schemaExists(repo, c)) {
            throw Problem.SCHEMA_MISSING.raise("repo '" + repo.id() + "' has createSchema: false and the schema '"
                    + repo.prefix() + "' does not exist; create it on the database or register the repo with "
                    + "createSchema: true").with("prefix", repo.prefix());
        }
    }

    private static boolean schemaExists(Repo repo, Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(repo.dialect().schemaExists(repo.prefix()))) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }
}
