package dev.cairn.sqlscript;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Property-style check: statements built from tricky but delimiter-safe fragments, joined with delimiters and
 * comment-laden gaps, must split back into exactly those statements at exactly their positions.
 */
class SplitterRoundTripTest {

    private static final int SCRIPTS = 2_000;

    private record Dialect(
            ScriptSplitter splitter,
            List<String> fragments,
            List<String> gaps,
            List<String> delimiters,
            String routine,
            Predicate<String> routineFits) {
    }

    private static final Dialect POSTGRES = new Dialect(
            new PostgresScriptSplitter(),
            List.of("1", "'a;b'", "'it''s;'", "E'it\\'s;'", "e'\\\\'", "'C:\\'", "\"we;ird\"", "\"a\"\"b;\"",
                    "$$a;b$$", "$t$ $$;$$ $t$", "$body_1$;'$body_1$", "/* c; /* n; */ */", "-- c;\n", "--;\r\n",
                    "$1", "a$b$", "U&'d;'", "(1)", "x::text", "\u00e9t\u00e9", "'\uD83D\uDE00;'"),
            List.of("", " ", "\n", "\r\n", "\n\n\t", "-- gap;\n", "/* gap; /* nested; */ */ ", "\r\n-- a\r\n-- b\r\n"),
            List.of(";"),
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"
                    + "  SELECT CASE WHEN true THEN 1 END;\nEND",
            delimiter -> true);

    private static final Dialect MYSQL = new Dialect(
            new MySqlScriptSplitter(),
            List.of("1", "'a;b'", "'it''s;'", "'it\\'s;'", "'C:\\\\'", "\"q;\\\"\"", "`c;ol`", "`a``b`",
                    "/* c; */", "-- c;\n", "--\t;\r\n", "# c; $$ //\n", "/*!50100 1 */", "/*M!100100 2 */", "1--1",
                    "'$$;//'", "\"//\"", "`;;`", "$x", "\u00e9t\u00e9"),
            List.of("", " ", "\n", "\r\n", "\n\n\t", "-- gap;\n", "# gap;\n", "/* gap; */ ", "\r\n# a\r\n-- b\r\n"),
            List.of(";", "$$", "//", ";;"),
            // Under ';' the body is kept whole as the server parses it; under other delimiters as the client does.
            "CREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN SELECT CASE WHEN 1 THEN ';' END; END IF;\n"
                    + "  lbl: LOOP LEAVE lbl; END LOOP lbl;\n  SELECT end, ';' FROM t;\nEND",
            delimiter -> true);

    @Test
    void postgresGivesBackTheStatementsAScriptWasBuiltFrom() {
        assertRoundTrips(POSTGRES);
    }

    @Test
    void mySqlGivesBackTheStatementsAScriptWasBuiltFrom() {
        assertRoundTrips(MYSQL);
    }

    private static void assertRoundTrips(Dialect dialect) {
        for (long seed = 0; seed < SCRIPTS; seed++) {
            Random random = new Random(seed);
            StringBuilder script = new StringBuilder(pick(random, dialect.gaps()));
            List<SqlStatement> expected = new ArrayList<>();
            String delimiter = ";";
            int count = random.nextInt(7);
            for (int k = 0; k < count; k++) {
                if (dialect.delimiters().size() > 1 && random.nextInt(3) == 0) {
                    delimiter = pick(random, dialect.delimiters());
                    script.append("\nDELIMITER ").append(delimiter).append('\n');
                }
                String sql = random.nextInt(5) == 0 && dialect.routineFits().test(delimiter)
                        ? dialect.routine()
                        : composedStatement(random, dialect.fragments());
                expected.add(new SqlStatement(sql, lineAtEndOf(script), script.length()));
                script.append(sql);
                boolean lastWithoutDelimiter = k == count - 1 && random.nextBoolean();
                if (!lastWithoutDelimiter) {
                    script.append(delimiter).append(pick(random, dialect.gaps()));
                }
            }
            assertEquals(expected, dialect.splitter().split(script.toString()), "seed " + seed + ", script:\n" + script);
        }
    }

    /** Ends with a plain word so that no trailing line comment can swallow the delimiter. */
    private static String composedStatement(Random random, List<String> fragments) {
        StringBuilder sql = new StringBuilder("SELECT");
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            sql.append(' ').append(pick(random, fragments));
        }
        return sql.append(" x").toString();
    }

    private static int lineAtEndOf(CharSequence script) {
        return 1 + (int) script.chars().filter(c -> c == '\n').count();
    }

    private static String pick(Random random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
