package dev.cairn.sqlscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlScriptSplitterTest {

    private final ScriptSplitter splitter = new MySqlScriptSplitter();

    private List<String> sqls(String script) {
        return splitter.split(script).stream().map(SqlStatement::sql).toList();
    }

    @Test
    void splitsOnSemicolonsAndTrims() {
        assertEquals(List.of("SELECT 1", "SELECT\n  2"), sqls("  SELECT 1  ;\n\n  SELECT\n  2 \t\n;\n"));
    }

    @Test
    void returnsTrailingStatementWithoutDelimiter() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), sqls("SELECT 1; SELECT 2\n"));
    }

    @Test
    void returnsNothingForEmptyBlankOrCommentOnlyScripts() {
        assertEquals(List.of(), sqls(""));
        assertEquals(List.of(), sqls(";; \r\n ;"));
        assertEquals(List.of(), sqls("-- a;\n# b;\n/* c; */;"));
    }

    @Test
    void keepsCommentsInsideStatements() {
        assertEquals(List.of("SELECT 1 # one;\n, 2 -- two;\n, 3 /* three; */"),
                sqls("# lead\nSELECT 1 # one;\n, 2 -- two;\n, 3 /* three; */;"));
    }

    @Test
    void ignoresSemicolonsInStrings() {
        assertEquals(List.of("SELECT 'a;b'", "SELECT \"a;b\"", "SELECT 'it''s;'", "SELECT \"say \"\"hi;\"\"\""),
                sqls("SELECT 'a;b'; SELECT \"a;b\"; SELECT 'it''s;'; SELECT \"say \"\"hi;\"\"\";"));
    }

    @Test
    void backslashEscapesQuotesInStrings() {
        assertEquals(List.of("SELECT 'it\\'s;'", "SELECT \"a\\\";\"", "SELECT 'C:\\\\'", "SELECT 2"),
                sqls("SELECT 'it\\'s;'; SELECT \"a\\\";\"; SELECT 'C:\\\\'; SELECT 2"));
    }

    @Test
    void ignoresSemicolonsInBacktickIdentifiersWhereBackslashIsPlain() {
        assertEquals(List.of("SELECT 1 AS `a;``b`", "SELECT 1 AS `a\\`", "SELECT 2"),
                sqls("SELECT 1 AS `a;``b`; SELECT 1 AS `a\\`; SELECT 2"));
    }

    @Test
    void doubleDashStartsACommentOnlyBeforeWhitespaceOrControl() {
        assertEquals(List.of("SELECT 1--1", "SELECT 2 --\t;", "SELECT 3"),
                sqls("SELECT 1--1;SELECT 2 --\t;\n;SELECT 3;--"));
        assertEquals(List.of("SELECT 4 --\u0001;\nFROM dual"), sqls("SELECT 4 --\u0001;\nFROM dual"));
    }

    @Test
    void hashStartsALineComment() {
        assertEquals(List.of("SELECT 1 # a;\n+ 1", "SELECT 2"), sqls("SELECT 1 # a;\n+ 1;# b\nSELECT 2"));
    }

    @Test
    void blockCommentsDoNotNest() {
        assertEquals(List.of("SELECT /* a /* b */ 1", "SELECT 2"), sqls("SELECT /* a /* b */ 1; SELECT 2"));
    }

    @Test
    void keepsExecutableCommentsAsStatementText() {
        assertEquals(List.of(
                        "/*!40101 SET NAMES utf8mb4 */",
                        "/*M!100100 SET check_constraint_checks=0 */",
                        "CREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */"),
                sqls("""
                        /* plain */
                        /*!40101 SET NAMES utf8mb4 */;
                        /*M!100100 SET check_constraint_checks=0 */;
                        CREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */;
                        """));
    }

    @Test
    void delimiterDirectiveWrapsProcedure() {
        String procedure = """
                CREATE PROCEDURE p()
                BEGIN
                  SELECT 1;
                  SELECT ';$$';
                END""";
        String script = "DELIMITER $$\n" + procedure + "$$\nDELIMITER ;\nSELECT 3;\n";
        assertEquals(List.of(new SqlStatement(procedure, 2, 13), new SqlStatement("SELECT 3", 8, 86)),
                splitter.split(script));
    }

    @Test
    void delimiterDirectiveWrapsTrigger() {
        String trigger = """
                CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW
                BEGIN
                  IF NEW.a < 0 THEN SET NEW.a = 0; END IF; -- clamp; //
                END""";
        assertEquals(List.of("SET @x = 1", trigger, "SELECT @x"),
                sqls("SET @x = 1;\ndelimiter //\n" + trigger + " //\n  Delimiter ;\nSELECT @x;"));
    }

    @Test
    void newDelimiterEndsStatementsUntilTheNextDirective() {
        assertEquals(List.of("SELECT 1; SELECT 2", "SELECT 3", "SELECT 4", "SELECT 5"),
                sqls("DELIMITER ;;\nSELECT 1; SELECT 2;;SELECT 3;;\nDELIMITER GO\nSELECT 4 GO\nDELIMITER ;\nSELECT 5;"));
    }

    @Test
    void returnsTrailingStatementWithoutCustomDelimiter() {
        assertEquals(List.of("SELECT 1;"), sqls("DELIMITER $$\nSELECT 1;"));
    }

    @Test
    void delimiterDirectiveLineIgnoresTrailingText() {
        assertEquals(List.of("SELECT 1"), sqls("DELIMITER $$ anything else;\nSELECT 1$$"));
    }

    @Test
    void delimiterDirectiveWorksWithCrLf() {
        List<SqlStatement> statements = splitter.split("DELIMITER $$\r\nSELECT 1;\r\nSELECT 2$$\r\nDELIMITER ;\r\nSELECT 3;");
        assertEquals(List.of(new SqlStatement("SELECT 1;\r\nSELECT 2", 2, 14), new SqlStatement("SELECT 3", 5, 50)),
                statements);
    }

    @Test
    void delimiterIsADirectiveOnlyOnItsOwnLineBetweenStatements() {
        assertEquals(List.of("SELECT 1\nDELIMITER $$", "SELECT 2"), sqls("SELECT 1\nDELIMITER $$\n;SELECT 2;"));
        assertEquals(List.of("SELECT delimiter FROM t", "DELIMITER", "DELIMITER", "DELIMITER$$"),
                sqls("SELECT delimiter FROM t; DELIMITER;\nDELIMITER\n;\nDELIMITER$$"));
        assertEquals(List.of("DELIMITER $$"), sqls("/* c */ DELIMITER $$"));
    }

    @Test
    void reportsLinesAndOffsets() {
        assertEquals(List.of(new SqlStatement("SELECT 1", 1, 0), new SqlStatement("SELECT\r\n 2", 4, 21)),
                splitter.split("SELECT 1; # one\r\n\r\n\r\nSELECT\r\n 2;"));
    }

    @Test
    void unterminatedQuotesAndCommentsTakeTheRestOfTheScript() {
        assertEquals(List.of("SELECT 1", "SELECT 'a\\'; SELECT 2;"), sqls("SELECT 1; SELECT 'a\\'; SELECT 2;"));
        assertEquals(List.of("SELECT `a; SELECT 2;"), sqls("SELECT `a; SELECT 2;"));
        assertEquals(List.of("SELECT \"a; SELECT 2;"), sqls("SELECT \"a; SELECT 2;"));
        assertEquals(List.of("SELECT 1", "/* a; SELECT 2;"), sqls("SELECT 1; /* a; SELECT 2;"));
    }

    @Test
    void splitsLargeAndPathologicalScriptsInLinearTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(100_000, splitter.split("SELECT 'x' # c\n;".repeat(100_000)).size());
            assertEquals(100_000, splitter.split("\n  DELIMITER $$\nSELECT 1$$".repeat(100_000)).size());
            assertEquals(1, splitter.split(" ".repeat(200_000) + "delimiter").size());
            assertEquals(1, splitter.split("/*!".repeat(200_000)).size());
        });
    }
}
