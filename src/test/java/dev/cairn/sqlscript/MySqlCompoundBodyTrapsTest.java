package dev.cairn.sqlscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Words that open or close blocks in a body mean something else elsewhere: in strings, comments and quoted names, as
 * functions, as column names, as a transaction's BEGIN. None of them may move a statement end.
 */
class MySqlCompoundBodyTrapsTest {

    private final ScriptSplitter splitter = new MySqlScriptSplitter();

    private List<String> sqls(String script) {
        return splitter.split(script).stream().map(SqlStatement::sql).toList();
    }

    @Test
    void blockWordsInStringsCommentsAndQuotedNamesAreText() {
        String procedure = """
                CREATE PROCEDURE notes()
                BEGIN
                  -- END; END IF;
                  # END;
                  /* END; BEGIN */
                  INSERT INTO `end` (`begin`, `END IF`) VALUES ('END;', "BEGIN; IF x THEN");
                  SELECT `if`.`end`, t.end, @end FROM `if` JOIN t WHERE 'END' <> "END";
                END""";
        assertEquals(List.of(procedure, "SELECT 1"), sqls(procedure + ";\nSELECT 1;"));
    }

    @Test
    void endIsAnOrdinaryColumnNameInsideStatements() {
        String procedure = """
                CREATE PROCEDURE spans()
                BEGIN
                  SELECT start, end, end_date FROM spans WHERE end > start ORDER BY end;
                  UPDATE spans SET end = end + 1, ended = 1;
                END""";
        assertEquals(List.of(procedure, "SELECT end FROM spans"), sqls(procedure + ";\nSELECT end FROM spans;"));
    }

    @Test
    void functionsCalledLikeBlockWordsOpenNothing() {
        String procedure = """
                CREATE PROCEDURE fill()
                BEGIN
                  SET @a = IF(@b, 1, 2), @c = IFNULL(@d, REPEAT('x', 3)), @e = LEFT('abc', 1);
                  INSERT INTO t VALUES (IF(1, 'a', 'b'), REPEAT('-', 2));
                  DROP TABLE IF EXISTS scratch;
                  CREATE TABLE IF NOT EXISTS scratch (id int);
                  SELECT id FROM t WHERE id = 1 FOR UPDATE;
                END""";
        assertEquals(List.of(procedure, "SELECT 1"), sqls(procedure + ";\nSELECT 1;"));
        assertEquals(List.of("SELECT IF(1, 2, 3)", "SELECT REPEAT('x', 3)", "DO IF(1, 2, 3)", "SELECT 4"),
                sqls("SELECT IF(1, 2, 3); SELECT REPEAT('x', 3); DO IF(1, 2, 3); SELECT 4;"));
    }

    @Test
    void aRoutineBodyOfOnePlainStatementOpensNothing() {
        assertEquals(List.of("CREATE PROCEDURE p() SELECT IF(1, 2, 3)",
                        "CREATE PROCEDURE q() COMMENT 'IF' LANGUAGE SQL NOT DETERMINISTIC SQL SECURITY INVOKER"
                                + " UPDATE t SET a = IF(a, 0, 1), b = REPEAT('x', 2)",
                        "CREATE FUNCTION f() RETURNS SET('a','b') RETURN CASE WHEN 1 THEN 'a' END", "SELECT 2"),
                sqls("CREATE PROCEDURE p() SELECT IF(1, 2, 3); CREATE PROCEDURE q() COMMENT 'IF' LANGUAGE SQL NOT"
                        + " DETERMINISTIC SQL SECURITY INVOKER UPDATE t SET a = IF(a, 0, 1), b = REPEAT('x', 2);"
                        + " CREATE FUNCTION f() RETURNS SET('a','b') RETURN CASE WHEN 1 THEN 'a' END; SELECT 2"));
    }

    @Test
    void anIfStatementMayParenthesiseItsCondition() {
        // As Mattermost's MySQL migrations write it: IF( at the start of a statement is the statement, not the function.
        String procedure = """
                CREATE PROCEDURE migrate_flag ()
                BEGIN
                	IF(SELECT EXISTS(SELECT * FROM Systems WHERE Name = 'FlagMigrated') = 0) THEN
                		INSERT INTO Systems VALUES('FlagMigrated', 'true');
                	END IF;
                END""";
        assertEquals(List.of(procedure, "CALL migrate_flag ()", "DROP PROCEDURE IF EXISTS migrate_flag"),
                sqls(procedure + ";\n\tCALL migrate_flag ();\n\tDROP PROCEDURE IF EXISTS migrate_flag;\n"));
    }

    @Test
    void caseExpressionsEndWithAPlainEnd() {
        String procedure = """
                CREATE PROCEDURE rate(IN score INT)
                BEGIN
                  SET @r = CASE WHEN score > 90 THEN 'a' WHEN score > 50 THEN IF(score > 70, 'b', 'c') ELSE 'd' END;
                  CASE
                    WHEN (CASE score WHEN 1 THEN 1 ELSE 0 END) = 1 THEN SELECT CASE WHEN 1 THEN 'one' END;
                    ELSE SELECT 'other';
                  END CASE;
                  IF CASE WHEN score > 0 THEN 1 ELSE 0 END THEN SET @p = 1; END IF;
                END""";
        assertEquals(List.of(procedure, "SELECT CASE WHEN 1 THEN 'x' END", "SELECT 2"),
                sqls(procedure + ";\nSELECT CASE WHEN 1 THEN 'x' END;\nSELECT 2;"));
    }

    @Test
    void beginAloneIsATransactionOutsideStoredPrograms() {
        assertEquals(List.of("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT", "BEGIN WORK", "ROLLBACK",
                        "START TRANSACTION", "XA BEGIN 'x'", "XA END 'x'", "SELECT 1"),
                sqls("BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN WORK;\nROLLBACK;\nSTART TRANSACTION;\n"
                        + "XA BEGIN 'x';\nXA END 'x';\nSELECT 1"));
        String procedure = "CREATE PROCEDURE tx() BEGIN START TRANSACTION; UPDATE t SET a = 1; COMMIT; END";
        assertEquals(List.of("BEGIN", procedure, "COMMIT"), sqls("BEGIN;\n" + procedure + ";\nCOMMIT;"));
    }

    @Test
    void namesThatLookLikeKeywordsInHeadersOpenNothing() {
        assertEquals(List.of("CREATE PROCEDURE begin() SELECT 1", "CREATE PROCEDURE p(begin INT, `if` INT) SELECT begin",
                        "CREATE TABLE event (id int, `end` int)", "CREATE TABLE function (do int)",
                        "CREATE TRIGGER case_t BEFORE INSERT ON event FOR EACH ROW SET NEW.id = 1",
                        "CREATE DEFINER = CURRENT_USER SQL SECURITY INVOKER VIEW loop_v AS SELECT 1", "SELECT 2"),
                sqls("CREATE PROCEDURE begin() SELECT 1; CREATE PROCEDURE p(begin INT, `if` INT) SELECT begin;\n"
                        + "CREATE TABLE event (id int, `end` int); CREATE TABLE function (do int);\n"
                        + "CREATE TRIGGER case_t BEFORE INSERT ON event FOR EACH ROW SET NEW.id = 1;\n"
                        + "CREATE DEFINER = CURRENT_USER SQL SECURITY INVOKER VIEW loop_v AS SELECT 1; SELECT 2"));
    }

    @Test
    void anAssignmentIsNoLabel() {
        String procedure = "CREATE PROCEDURE p() BEGIN DECLARE x INT; SELECT 1 INTO x; SET x := x + 1; SET @y:=2; END";
        assertEquals(List.of(procedure, "SELECT @y:=3", "SELECT 4"), sqls(procedure + "; SELECT @y:=3; SELECT 4"));
    }

    @Test
    void plainStatementsSplitAsBefore() {
        assertEquals(List.of("CREATE TABLE t (a int DEFAULT 1, b text)", "INSERT INTO t VALUES (1, 'begin; end')",
                        "UPDATE t SET a = CASE WHEN a > 0 THEN a END", "SELECT * FROM t WHERE b LIKE '%;%'"),
                sqls("CREATE TABLE t (a int DEFAULT 1, b text); INSERT INTO t VALUES (1, 'begin; end');\n"
                        + "UPDATE t SET a = CASE WHEN a > 0 THEN a END; SELECT * FROM t WHERE b LIKE '%;%';"));
    }

    @Test
    void deepOrLongBodiesSplitInLinearTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            String nested = "CREATE PROCEDURE p() " + "BEGIN ".repeat(50_000) + "SELECT 1; " + "END; ".repeat(50_000);
            assertEquals(2, splitter.split(nested + "SELECT 2").size());
            String many = "CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT CASE WHEN 1 THEN 2 END; END IF; END;\n";
            assertEquals(20_000, splitter.split(many.repeat(20_000)).size());
            assertEquals(1, splitter.split("CREATE PROCEDURE p() BEGIN " + "CASE ".repeat(200_000)).size());
            assertEquals(1, splitter.split("CREATE PROCEDURE p() BEGIN " + "x".repeat(500_000) + ";").size());
        });
    }
}
