package dev.cairn.sqlscript;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored programs without DELIMITER lines: the splitter keeps a compound body together where the server parses it as
 * one statement, and cuts everything else on {@code ;} as before. The shapes of bodies; the traps (words that open or
 * close blocks elsewhere) are in {@link MySqlCompoundBodyTrapsTest}.
 */
class MySqlCompoundBodyTest {

    private final ScriptSplitter splitter = new MySqlScriptSplitter();

    private List<String> sqls(String script) {
        return splitter.split(script).stream().map(SqlStatement::sql).toList();
    }

    @Test
    void keepsAProcedureWithACursorLoopAndHandlerTogether() {
        String procedure = """
                CREATE PROCEDURE close_stale_orders(IN cutoff DATETIME, OUT closed INT)
                BEGIN
                  DECLARE done INT DEFAULT FALSE;
                  DECLARE order_id BIGINT;
                  DECLARE stale CURSOR FOR SELECT id FROM orders WHERE placed_at < cutoff;
                  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
                  SET closed = 0;
                  OPEN stale;
                  read_loop: LOOP
                    FETCH stale INTO order_id;
                    IF done THEN
                      LEAVE read_loop;
                    END IF;
                    UPDATE orders SET status = 'closed' WHERE id = order_id;
                    SET closed = closed + 1;
                  END LOOP read_loop;
                  CLOSE stale;
                END""";
        String script = "CREATE TABLE orders (id bigint);\n" + procedure + ";\nCALL close_stale_orders(NOW(), @n);\n";
        assertEquals(List.of(
                        new SqlStatement("CREATE TABLE orders (id bigint)", 1, 0),
                        new SqlStatement(procedure, 2, 33),
                        new SqlStatement("CALL close_stale_orders(NOW(), @n)", 20, 33 + procedure.length() + 2)),
                splitter.split(script));
    }

    @Test
    void keepsNestedBlocksOfEveryKindTogether() {
        String procedure = """
                CREATE DEFINER=`app`@`%` PROCEDURE tally(IN n INT)
                COMMENT 'counts; with END in it'
                BEGIN
                  DECLARE i INT DEFAULT 0;
                  outer_block: BEGIN
                    WHILE i < n DO
                      SET i = i + 1;
                      CASE i % 3
                        WHEN 0 THEN INSERT INTO tallies VALUES ('fizz');
                        WHEN 1 THEN BEGIN END;
                        ELSE REPEAT SET @r = IFNULL(@r, 0) + 1; UNTIL @r > i END REPEAT;
                      END CASE;
                      IF i > 100 THEN LEAVE outer_block; ELSEIF i > 50 THEN SET @half = 1; ELSE SET @x = 1;
                      END IF;
                    END WHILE;
                    spin: LOOP LEAVE spin; END LOOP spin;
                  END outer_block;
                END""";
        assertEquals(List.of(procedure, "CALL tally(3)"), sqls(procedure + ";\nCALL tally(3);"));
    }

    @Test
    void aFunctionBodyOfOneStatementEndsAtItsSemicolon() {
        assertEquals(List.of("CREATE FUNCTION one() RETURNS INT RETURN 1", "SELECT one()"),
                sqls("CREATE FUNCTION one() RETURNS INT RETURN 1; SELECT one();"));
        assertEquals(List.of("CREATE FUNCTION clamp(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, a, 0)",
                        "CREATE FUNCTION label(a INT) RETURNS VARCHAR(10) CHARACTER SET utf8mb4 NO SQL\n"
                                + "RETURN CASE WHEN a > 0 THEN REPEAT('+', a) ELSE IF(a < 0, '-', '0') END",
                        "SELECT clamp(2)"),
                sqls("CREATE FUNCTION clamp(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, a, 0);\n"
                        + "CREATE FUNCTION label(a INT) RETURNS VARCHAR(10) CHARACTER SET utf8mb4 NO SQL\n"
                        + "RETURN CASE WHEN a > 0 THEN REPEAT('+', a) ELSE IF(a < 0, '-', '0') END;\nSELECT clamp(2)"));
    }

    @Test
    void keepsAFunctionWithACompoundBodyTogether() {
        String function = """
                CREATE OR REPLACE FUNCTION grade(score INT) RETURNS CHAR(1) CHARSET utf8mb4
                    DETERMINISTIC READS SQL DATA SQL SECURITY INVOKER
                BEGIN
                  DECLARE g CHAR(1);
                  SET g = CASE WHEN score >= 90 THEN 'A' WHEN score >= 80 THEN 'B' ELSE 'C' END;
                  RETURN g;
                END""";
        assertEquals(List.of(function, "SELECT grade(95)"), sqls(function + ";\nSELECT grade(95);"));
        String aggregate = "CREATE AGGREGATE FUNCTION total(x INT) RETURNS INT BEGIN DECLARE s INT DEFAULT 0;"
                + " DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s; LOOP FETCH GROUP NEXT ROW; SET s = s + x;"
                + " END LOOP; END";
        assertEquals(List.of(aggregate, "SELECT 1"), sqls(aggregate + "; SELECT 1"));
    }

    @Test
    void keepsTriggerBodiesTogether() {
        String trigger = """
                CREATE TRIGGER orders_status BEFORE UPDATE ON orders FOR EACH ROW
                BEGIN
                  IF NEW.total < 0 THEN
                    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative total; refused';
                  ELSEIF NEW.total = 0 THEN
                    SET NEW.status = 'free';
                  ELSE
                    SET NEW.status = IF(NEW.total > 1000, 'large', 'normal');
                  END IF;
                END""";
        assertEquals(List.of(trigger, "UPDATE orders SET total = 1"), sqls(trigger + ";\nUPDATE orders SET total = 1;"));
        assertEquals(List.of("CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = IF(NEW.a < 0, 0, NEW.a)",
                        "CREATE TRIGGER IF NOT EXISTS t2 BEFORE INSERT ON t FOR EACH ROW FOLLOWS t1 BEGIN"
                                + " INSERT INTO log VALUES (NEW.a); END",
                        "CREATE TRIGGER t3 BEFORE DELETE ON t FOR EACH ROW IF OLD.a > 0 THEN"
                                + " SIGNAL SQLSTATE '45000'; END IF",
                        "SELECT 1"),
                sqls("CREATE TRIGGER t1 BEFORE INSERT ON t FOR EACH ROW SET NEW.a = IF(NEW.a < 0, 0, NEW.a);\n"
                        + "CREATE TRIGGER IF NOT EXISTS t2 BEFORE INSERT ON t FOR EACH ROW FOLLOWS t1 BEGIN"
                        + " INSERT INTO log VALUES (NEW.a); END;\n"
                        + "CREATE TRIGGER t3 BEFORE DELETE ON t FOR EACH ROW IF OLD.a > 0 THEN"
                        + " SIGNAL SQLSTATE '45000'; END IF;\nSELECT 1"));
    }

    @Test
    void keepsEventBodiesTogether() {
        String event = """
                CREATE EVENT IF NOT EXISTS purge_sessions
                  ON SCHEDULE EVERY 1 HOUR STARTS CURRENT_TIMESTAMP + INTERVAL 5 MINUTE
                  ON COMPLETION PRESERVE COMMENT 'hourly; keeps a day'
                  DO BEGIN
                    DELETE FROM sessions WHERE expires_at < NOW() - INTERVAL 1 DAY;
                    INSERT INTO purges VALUES (NOW());
                  END""";
        String altered = "ALTER DEFINER = CURRENT_USER() EVENT purge_sessions ON SCHEDULE EVERY 2 HOUR"
                + " DO BEGIN DELETE FROM sessions; END";
        assertEquals(List.of(event, altered, "ALTER EVENT purge_sessions DISABLE",
                        "CREATE EVENT once ON SCHEDULE AT NOW() DO DELETE FROM sessions", "SELECT 1"),
                sqls(event + ";\n" + altered + ";\nALTER EVENT purge_sessions DISABLE;\n"
                        + "CREATE EVENT once ON SCHEDULE AT NOW() DO DELETE FROM sessions; SELECT 1;"));
    }

    @Test
    void readsEveryDefinerForm() {
        for (String definer : List.of("`root`@`localhost`", "'app'@'%'", "app@localhost", "CURRENT_USER",
                "CURRENT_USER()", "`admin_role`")) {
            String procedure = "CREATE DEFINER = " + definer + " PROCEDURE p() BEGIN SELECT 1; SELECT 2; END";
            assertEquals(List.of(procedure, "SELECT 3"), sqls(procedure + ";SELECT 3"), definer);
        }
    }

    @Test
    void handlerBodiesMayBeBlocksAfterAnyConditionList() {
        String procedure = """
                CREATE PROCEDURE safe_insert(IN v INT)
                BEGIN
                  DECLARE duplicate CONDITION FOR 1062;
                  DECLARE EXIT HANDLER FOR SQLSTATE VALUE '23000', duplicate, 1452 BEGIN
                    ROLLBACK;
                    RESIGNAL;
                  END;
                  DECLARE CONTINUE HANDLER FOR SQLWARNING, NOT FOUND warned: BEGIN SET @w = 1; END warned;
                  DECLARE EXIT HANDLER FOR SQLEXCEPTION IF @strict THEN RESIGNAL; END IF;
                  START TRANSACTION;
                  INSERT INTO items VALUES (v);
                  COMMIT;
                END""";
        assertEquals(List.of(procedure, "CALL safe_insert(1)"), sqls(procedure + ";\nCALL safe_insert(1);"));
    }

    @Test
    void aRoutineBodyMayBeAnyCompoundStatementOrALabelledOne() {
        assertEquals(List.of("CREATE PROCEDURE p1() IF @a THEN SELECT 1; ELSE SELECT 2; END IF",
                        "CREATE PROCEDURE p2() `main`: LOOP LEAVE main; END LOOP",
                        "CREATE PROCEDURE p3() CASE WHEN @a THEN SELECT 1; ELSE BEGIN END; END CASE",
                        "CREATE PROCEDURE p4() main:BEGIN SELECT 1; END main", "SELECT 5"),
                sqls("CREATE PROCEDURE p1() IF @a THEN SELECT 1; ELSE SELECT 2; END IF;\n"
                        + "CREATE PROCEDURE p2() `main`: LOOP LEAVE main; END LOOP;\n"
                        + "CREATE PROCEDURE p3() CASE WHEN @a THEN SELECT 1; ELSE BEGIN END; END CASE;\n"
                        + "CREATE PROCEDURE p4() main:BEGIN SELECT 1; END main;SELECT 5"));
    }

    @Test
    void mariaDbCompoundStatementsOutsideStoredPrograms() {
        assertEquals(List.of("BEGIN NOT ATOMIC DECLARE x INT DEFAULT 1; SELECT x; END",
                        "IF @a THEN SELECT 1; END IF",
                        "FOR i IN 1..3 DO INSERT INTO t VALUES (i); END FOR",
                        "WHILE @n > 0 DO SET @n = @n - 1; END WHILE",
                        "REPEAT SET @n = @n + 1; UNTIL @n > 3 END REPEAT",
                        "CASE @a WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE",
                        // The server takes no label outside programs, so this is no block but an error.
                        "lbl: LOOP LEAVE lbl", "END LOOP lbl", "SELECT 6"),
                sqls("BEGIN NOT ATOMIC DECLARE x INT DEFAULT 1; SELECT x; END;\nIF @a THEN SELECT 1; END IF;\n"
                        + "FOR i IN 1..3 DO INSERT INTO t VALUES (i); END FOR;\n"
                        + "WHILE @n > 0 DO SET @n = @n - 1; END WHILE;\n"
                        + "REPEAT SET @n = @n + 1; UNTIL @n > 3 END REPEAT;\n"
                        + "CASE @a WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;\nlbl: LOOP LEAVE lbl; END LOOP lbl;\n"
                        + "SELECT 6"));
    }

    @Test
    void readsMysqldumpsExecutableCommentsAsTheServerDoes() {
        String trigger = "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t_ins"
                + " BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a IS NULL THEN SET NEW.a = 0; END IF; END */";
        assertEquals(List.of("/*!40101 SET NAMES utf8mb4 */", trigger, "SELECT 2*/* 1; */3"),
                sqls("/*!40101 SET NAMES utf8mb4 */;\n" + trigger + ";\nSELECT 2*/* 1; */3;"));
    }

    @Test
    void delimiterLinesKeepCuttingOnlyAtTheirDelimiter() {
        String procedure = "CREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN SELECT 'a;'; END IF;\nEND";
        assertEquals(List.of(procedure, "CALL p()", procedure, "CALL p()"),
                sqls("DELIMITER $$\n" + procedure + "$$\nCALL p()$$\nDELIMITER ;\n" + procedure + ";\nCALL p();"));
        // Under another delimiter nothing is followed: an unbalanced body still ends there, as with the client.
        assertEquals(List.of("CREATE PROCEDURE p() BEGIN SELECT 1;", "SELECT 2"),
                sqls("DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; //\nSELECT 2 //"));
        // mysqldump's form, whose body is followed by ;; as one delimiter.
        assertEquals(List.of("/*!50003 CREATE*/ /*!50003 PROCEDURE p() BEGIN SELECT 1; END */", "SELECT 2"),
                sqls("DELIMITER ;;\n/*!50003 CREATE*/ /*!50003 PROCEDURE p() BEGIN SELECT 1; END */;;\n"
                        + "DELIMITER ;\nSELECT 2;"));
    }

    @Test
    void reportsLinesAndOffsetsAfterBodiesWithCrLf() {
        String procedure = "CREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT 1;\r\n  SELECT 2;\r\nEND";
        assertEquals(List.of(new SqlStatement("SELECT 0", 1, 0), new SqlStatement(procedure, 3, 13),
                        new SqlStatement("CALL p()", 10, 13 + procedure.length() + 7)),
                splitter.split("SELECT 0;\r\n\r\n" + procedure + ";\r\n\r\n\r\nCALL p();\r\n"));
    }

    @Test
    void anUnterminatedBodyTakesTheRestOfTheScript() {
        assertEquals(List.of("SELECT 0", "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2;\nDELIMITER $$\nSELECT 3;"),
                sqls("SELECT 0; CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2;\nDELIMITER $$\nSELECT 3;"));
        assertEquals(List.of("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN IF NEW.a THEN SET NEW.b = 1;"
                        + " END; SELECT 1;"),
                sqls("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN IF NEW.a THEN SET NEW.b = 1;"
                        + " END; SELECT 1;"));
    }
}
