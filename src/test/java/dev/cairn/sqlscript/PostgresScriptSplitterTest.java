package dev.cairn.sqlscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresScriptSplitterTest {

    private final ScriptSplitter splitter = new PostgresScriptSplitter();

    private List<String> sqls(String script) {
        return splitter.split(script).stream().map(SqlStatement::sql).toList();
    }

    @Test
    void splitsOnSemicolonsAndTrims() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), sqls("SELECT 1;SELECT 2;"));
        assertEquals(List.of("SELECT 1", "SELECT\n  2"), sqls("  SELECT 1  ;\n\n  SELECT\n  2 \t\n;\n"));
    }

    @Test
    void returnsTrailingStatementWithoutDelimiter() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), sqls("SELECT 1; SELECT 2\n"));
    }

    @Test
    void returnsNothingForEmptyOrBlankScripts() {
        assertEquals(List.of(), sqls(""));
        assertEquals(List.of(), sqls(" \n\t\r\n"));
        assertEquals(List.of(), sqls(";;\n ; "));
    }

    @Test
    void dropsPiecesHoldingOnlyComments() {
        assertEquals(List.of("SELECT 1"), sqls("-- only a comment;\n; /* another; */ ;SELECT 1; -- trailing"));
    }

    @Test
    void commentsBeforeStatementAreNotPartOfIt() {
        List<SqlStatement> statements = splitter.split("-- creates t\n/* really */ CREATE TABLE t (a int);");
        assertEquals(List.of(new SqlStatement("CREATE TABLE t (a int)", 2, 26)), statements);
    }

    @Test
    void keepsCommentsInsideStatements() {
        assertEquals(List.of("SELECT 1 -- one;\n  , 2 /* two; */", "SELECT 3 -- three"),
                sqls("SELECT 1 -- one;\n  , 2 /* two; */;\nSELECT 3 -- three"));
    }

    @Test
    void ignoresSemicolonsInSingleQuotedStrings() {
        assertEquals(List.of("SELECT 'a;b'", "SELECT 'it''s;'", "SELECT ''"),
                sqls("SELECT 'a;b'; SELECT 'it''s;'; SELECT ''"));
    }

    @Test
    void backslashDoesNotEscapeInStandardStrings() {
        assertEquals(List.of("SELECT 'C:\\'", "SELECT 2"), sqls("SELECT 'C:\\'; SELECT 2"));
    }

    @Test
    void backslashEscapesInEscapeStrings() {
        assertEquals(List.of("SELECT E'it\\'s;'", "SELECT e'\\\\'", "SELECT E'a''b;'"),
                sqls("SELECT E'it\\'s;'; SELECT e'\\\\'; SELECT E'a''b;'"));
    }

    @Test
    void onlyALoneEPrefixesAnEscapeString() {
        assertEquals(List.of("SELECT name'x\\'", "SELECT 2"), sqls("SELECT name'x\\'; SELECT 2"));
    }

    @Test
    void ignoresSemicolonsInQuotedIdentifiers() {
        assertEquals(List.of("SELECT 1 AS \"a;\"\"b\"", "SELECT 2"), sqls("SELECT 1 AS \"a;\"\"b\"; SELECT 2"));
    }

    @Test
    void ignoresSemicolonsInDollarQuotes() {
        String function = """
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM 1;
                  RETURN 2;
                END;
                $$""";
        assertEquals(List.of(function, "SELECT $body_1$;$body_1$"),
                sqls(function + ";\nSELECT $body_1$;$body_1$;"));
    }

    @Test
    void dollarQuoteEndsOnlyAtItsOwnTag() {
        String sql = "SELECT $a$ outer; $$ inner; $$ still; $b$ $a$";
        assertEquals(List.of(sql, "SELECT 2"), sqls(sql + "; SELECT 2"));
    }

    @Test
    void dollarInParametersAndIdentifiersStartsNoQuote() {
        assertEquals(List.of("SELECT $1", "SELECT a$b$c", "SELECT $2", "SELECT 2"),
                sqls("SELECT $1; SELECT a$b$c; SELECT $2; SELECT 2"));
    }

    @Test
    void dollarTagCannotStartWithDigit() {
        assertEquals(List.of("SELECT $1$", "SELECT 2"), sqls("SELECT $1$; SELECT 2"));
    }

    @Test
    void lineCommentEndsAtCarriageReturnToo() {
        assertEquals(List.of("SELECT 1 -- x", "SELECT 2"), sqls("SELECT 1 -- x\r; SELECT 2"));
    }

    @Test
    void blockCommentsNest() {
        assertEquals(List.of("SELECT /* a /* b; */ still a; */ 1", "SELECT 2"),
                sqls("/* lead /* nested; */ ; */ SELECT /* a /* b; */ still a; */ 1; SELECT 2"));
    }

    @Test
    void slashStarSlashDoesNotCloseComment() {
        assertEquals(List.of("SELECT 2"), sqls("/*/ ; */ SELECT 2"));
    }

    @Test
    void doubleDashIsAlwaysACommentInPostgres() {
        assertEquals(List.of("SELECT 1--1;\n2"), sqls("SELECT 1--1;\n2"));
    }

    @Test
    void keepsBeginAtomicBodyInOneStatement() {
        String function = """
                CREATE FUNCTION add_one(a int) RETURNS int
                LANGUAGE sql
                BEGIN ATOMIC
                  INSERT INTO calls VALUES (a);
                  SELECT a + 1;
                END""";
        assertEquals(List.of(function, "SELECT add_one(1)"), sqls(function + ";\nSELECT add_one(1);"));
    }

    @Test
    void beginAtomicInProcedureWithCaseAndOrReplace() {
        String procedure = """
                create or replace procedure p(x int)
                language sql
                begin /* c */ atomic
                  select case when x > 0 then 1 else 0 end;
                  update t set a = (case x when 1 then 2 end);
                end""";
        assertEquals(List.of(procedure, "CALL p(1)"), sqls(procedure + ";CALL p(1)"));
    }

    @Test
    void parameterNamedBeginOpensNoBody() {
        String function = "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN begin";
        assertEquals(List.of(function, "SELECT 1"), sqls(function + "; SELECT 1"));
    }

    @Test
    void beginAtomicMattersOnlyInRoutineDefinitions() {
        assertEquals(List.of("BEGIN", "SELECT 1", "END", "CREATE TABLE atomic (begin int)", "SELECT begin atomic"),
                sqls("BEGIN; SELECT 1; END; CREATE TABLE atomic (begin int); SELECT begin atomic; "));
    }

    @Test
    void wordsInQuotesDoNotCount() {
        String function = "CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'end;'; SELECT \"end\"; END";
        assertEquals(List.of(function, "SELECT 2"), sqls(function + ";SELECT 2"));
    }

    @Test
    void reportsLinesAndOffsets() {
        String script = "SELECT 1;\n\n  SELECT\n  2; -- c\n/* x\n*/ SELECT 3";
        assertEquals(List.of(
                        new SqlStatement("SELECT 1", 1, 0),
                        new SqlStatement("SELECT\n  2", 3, 13),
                        new SqlStatement("SELECT 3", 6, 38)),
                splitter.split(script));
    }

    @Test
    void countsCrLfAndLoneCrAsOneLineBreak() {
        String script = "SELECT 1;\r\n\r\nSELECT\r\n  2;\rSELECT 3;";
        assertEquals(List.of(
                        new SqlStatement("SELECT 1", 1, 0),
                        new SqlStatement("SELECT\r\n  2", 3, 13),
                        new SqlStatement("SELECT 3", 5, 26)),
                splitter.split(script));
    }

    @Test
    void mapsErrorPositionsToScriptLines() {
        SqlStatement statement = splitter.split("\n\nSELECT 1,\r\n  2,\n  x FROM t").get(0);
        assertEquals(3, statement.lineAt(1));
        assertEquals(3, statement.lineAt(10), "the \\r");
        assertEquals(3, statement.lineAt(11), "the \\n of the same line break");
        assertEquals(4, statement.lineAt(12));
        assertEquals(5, statement.lineAt(statement.sql().length()));
    }

    @Test
    void clampsErrorPositionsOutsideTheStatement() {
        SqlStatement statement = new SqlStatement("SELECT\n1", 7, 0);
        assertEquals(7, statement.lineAt(0));
        assertEquals(8, statement.lineAt(9));
        assertEquals(8, statement.lineAt(1000));
    }

    @Test
    void errorPositionsCountCharactersNotUtf16Units() {
        SqlStatement statement = new SqlStatement("SELECT '\uD83D\uDE00'\n, x", 1, 0);
        assertEquals(1, statement.lineAt(11));
        assertEquals(2, statement.lineAt(12));
    }

    @Test
    void unterminatedQuotesTakeTheRestOfTheScript() {
        assertEquals(List.of("SELECT 1", "SELECT 'a; SELECT 2;"), sqls("SELECT 1; SELECT 'a; SELECT 2;"));
        assertEquals(List.of("SELECT E'a\\'; SELECT 2;"), sqls("SELECT E'a\\'; SELECT 2;"));
        assertEquals(List.of("SELECT \"a; SELECT 2;"), sqls("SELECT \"a; SELECT 2;"));
        assertEquals(List.of("SELECT $q$ a; SELECT 2; $Q$"), sqls("SELECT $q$ a; SELECT 2; $Q$"));
    }

    @Test
    void unterminatedBlockCommentIsReturnedNotDropped() {
        assertEquals(List.of("SELECT 1", "/* a /* b */ SELECT 2;"), sqls("SELECT 1; /* a /* b */ SELECT 2;"));
        assertEquals(List.of("SELECT 1 /* a; SELECT 2;"), sqls("SELECT 1 /* a; SELECT 2;"));
    }

    @Test
    void splitsLargeAndPathologicalScriptsInLinearTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(100_000, splitter.split("SELECT 'x' -- c\n;".repeat(100_000)).size());
            assertEquals(1, splitter.split("$a".repeat(200_000)).size());
            assertEquals(1, splitter.split("$a$b".repeat(200_000)).size());
            assertEquals(1, splitter.split("/*".repeat(200_000)).size());
            assertEquals(1, splitter.split("SELECT " + "E'\\'".repeat(200_000)).size());
            assertEquals(200_000, splitter.split("CREATE FUNCTION f() BEGIN ATOMIC;END;".repeat(200_000)).size());
        });
    }
}
