package dev.cairn.plan;

import dev.cairn.migration.Migration;
import dev.cairn.problem.Problem;
import dev.cairn.problem.Remedy;
import dev.cairn.sqlscript.SqlStatement;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.ledger.Ledger;
import dev.cairn.repo.Repo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, before the first statement of a run, a migration that would drop, rename or truncate a table of the
 * repo's own ledger. Histories that moved between tools drop the old tool's {@code schema_migrations}; run as they
 * are, they would take Cairn's ledger (of that name by default) with it, and Cairn would forget what it applied. Only
 * statements that begin so count: a function body that would drop the table when called is not the migration
 * dropping it.
 *
 * @param tables  the ledger's tables, bare and in lower case
 * @param schemas the qualifiers under which a name is still one of them: the repo's prefix, else its defaults
 */
public record LedgerGuard(Set<String> tables, Set<String> schemas) {

    private static final String NAME = "(?:\"(?:[^\"]|\"\")+\"|`(?:[^`]|``)+`|[\\w$]+)";
    private static final String QUALIFIED = NAME + "(?:\\s*\\.\\s*" + NAME + ")*";
    private static final String LIST = QUALIFIED + "(?:\\s*,\\s*" + QUALIFIED + ")*";
    private static final Pattern LEADING_COMMENTS = Pattern.compile("(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*",
            Pattern.DOTALL);
    private static final Pattern DROP = Pattern.compile("drop\\s+table\\s+(?:if\\s+exists\\s+)?(" + LIST + ")",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRUNCATE = Pattern.compile(
            "truncate\\s+(?:table\\s+)?(?:only\\s+)?(" + LIST + ")", Pattern.CASE_INSENSITIVE);
    private static final Pattern ALTER = Pattern.compile(
            "alter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?(" + QUALIFIED + ")", Pattern.CASE_INSENSITIVE);
    private static final Pattern RENAME = Pattern.compile("rename\\s+tables?\\s+(" + QUALIFIED
            + "\\s+to\\s+" + QUALIFIED + "(?:\\s*,\\s*" + QUALIFIED + "\\s+to\\s+" + QUALIFIED + ")*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMES = Pattern.compile(QUALIFIED), PARTS = Pattern.compile(NAME);

    /**
     * The guard of a run on the repo: unqualified names land in the prefix, else in PostgreSQL's public schema or
     * MariaDB's database. A set's run ({@code ledger} the set's) guards the repo's own ledger as well.
     */
    public static LedgerGuard of(Repo repo, Ledger ledger) {
        String database = repo.target().databaseName();
        List<String> tables = new ArrayList<>(ledger.tables());
        tables.addAll(EctoLedger.of(repo).tables());
        return of(tables, repo.prefix(), database == null ? List.of("public") : List.of("public", database));
    }

    public static LedgerGuard of(List<String> tables, String prefix, List<String> defaults) {
        return new LedgerGuard(Set.copyOf(tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList()),
                prefix != null ? Set.of(prefix.toLowerCase(Locale.ROOT)) : Set.copyOf(defaults.stream()
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList()));
    }

    /** Refuses {@code m} if one of its statements, going {@code direction}, touches the ledger so. */
    public void check(Migration m, Direction direction, List<SqlStatement> statements) {
        for (SqlStatement s : statements) {
            // Every statement of a plan passes here before the first is sent, on a cold JVM too: match from its
            // first word on, without copying the statement.
            String sql = s.sql();
            Matcher lead = LEADING_COMMENTS.matcher(sql);
            int start = lead.lookingAt() ? lead.end() : 0;
            String verb = null;
            List<String> names = List.of();
            Matcher drop = at(DROP, sql, start), truncate, alter, rename;
            if (drop.lookingAt()) {
                verb = "drops";
                names = names(drop.group(1), false);
            } else if ((truncate = at(TRUNCATE, sql, start)).lookingAt()) {
                verb = "truncates";
                names = names(truncate.group(1), false);
            } else if ((alter = at(ALTER, sql, start)).lookingAt() && hasWord(sql, alter.end(), "rename")) {
                verb = "renames";
                names = names(alter.group(1), false);
            } else if ((rename = at(RENAME, sql, start)).lookingAt()) {
                verb = "renames";
                names = names(rename.group(1), true);
            }
            for (String name : names) {
                if (isLedger(name)) {
                    throw refused(m, direction, s, verb, name);
                }
            }
        }
    }

    private static Matcher at(Pattern pattern, String sql, int start) {
        return pattern.matcher(sql).region(start, sql.length());
    }

    /**
     * Whether {@code word} (lower case) comes after {@code from} as a whole word, in any case. By hand: a lazy
     * regular expression tested a word boundary at every character of every ALTER TABLE, the bulk of a cold run.
     */
    private static boolean hasWord(String sql, int from, String word) {
        int n = word.length();
        for (int i = from; i + n <= sql.length(); i++) {
            if (Character.toLowerCase(sql.charAt(i)) == word.charAt(0) && sql.regionMatches(true, i, word, 0, n)
                    && !isWordChar(sql, i - 1) && !isWordChar(sql, i + n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordChar(String s, int i) {
        return i >= 0 && i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_');
    }

    /**
     * The qualified names of a list. In RENAME TABLE's {@code a TO b, c TO d} the matches run source, {@code TO},
     * target: only every third is a table being renamed.
     */
    private static List<String> names(String list, boolean renamePairs) {
        List<String> names = new ArrayList<>();
        Matcher m = NAMES.matcher(list);
        for (int i = 0; m.find(); i++) {
            if (!renamePairs || i % 3 == 0) {
                names.add(m.group());
            }
        }
        return names;
    }

    private boolean isLedger(String qualified) {
        List<String> parts = new ArrayList<>();
        Matcher m = PARTS.matcher(qualified);
        while (m.find()) {
            parts.add(unquoted(m.group()));
        }
        String table = parts.get(parts.size() - 1);
        return tables.contains(table) && (parts.size() == 1 || schemas.contains(parts.get(parts.size() - 2)));
    }

    /** Unquoted names fold to lower case, as PostgreSQL folds them; quoted ones keep their case. */
    private static String unquoted(String name) {
        if (name.startsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        if (name.startsWith("`")) {
            return name.substring(1, name.length() - 1).replace("``", "`").toLowerCase(Locale.ROOT);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static RuntimeException refused(Migration m, Direction direction, SqlStatement s, String verb,
                                            String table) {
        return Problem.MIGRATION_DROPS_LEDGER.raise("migration " + m + " " + verb + " " + table + " (its "
                        + direction.word() + " script, line " + s.line() + "), a table of this repo's own ledger; "
                        + "run as it is, Cairn would lose what it applied. Register the repo with another ledgerTable "
                        + "(such as cairn_migrations), so the migration may touch the table of that name. "
                        + "Nothing was run.")
                .with("version", m.version()).with("name", m.name()).with("direction", direction.word())
                .with("line", s.line()).with("table", table).remedy(Remedy.REPLACE_REPO);
    }
}
