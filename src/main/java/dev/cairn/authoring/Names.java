package dev.cairn.authoring;

import dev.cairn.problem.CairnException;
import java.util.regex.Pattern;

/**
 * Table, column and index names as Cairn writes them into SQL: lower-case snake_case of at most 63 characters
 * (PostgreSQL cuts longer names silently, MariaDB allows 64). Anything else, a quote or a semicolon above all, is
 * refused before a line of SQL is written, so no name can carry SQL of its own.
 */
final class Names {

    static final int MAX = 63;
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]*$");

    private Names() {}

    /** The name, checked; {@code field} is where the request holds it, for the problem. */
    static String check(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw CairnException.invalid(field + " is required: a name such as users or inserted_at")
                    .with("field", field);
        }
        if (!IDENTIFIER.matcher(name).matches() || name.length() > MAX) {
            throw CairnException.invalid(field + " must be a name of 1 to " + MAX
                    + " of a-z, 0-9 and _, starting with a letter or _ (got '" + shorten(name) + "')")
                    .with("field", field);
        }
        return name;
    }

    /** Ecto's name for an index: {@code <table>_<columns>_index}. */
    static String index(String table, Iterable<String> columns, String field) {
        String name = table + "_" + String.join("_", columns) + "_index";
        if (name.length() > MAX) {
            throw CairnException.invalid(field + ": the index name " + name + " is longer than " + MAX
                    + " characters; give the index a shorter \"name\"").with("field", field);
        }
        return name;
    }

    /** A constraint's name, {@code <table>_<column>_<suffix>} as Ecto writes foreign keys ({@code _fkey}). */
    static String constraint(String table, String column, String suffix) {
        String name = table + "_" + column + "_" + suffix;
        return name.length() > MAX ? name.substring(0, MAX) : name;
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
