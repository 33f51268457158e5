package dev.cairn.sqlscript;

import java.util.List;
import java.util.Random;

/**
 * Random stored programs that MariaDB accepts, built from every kind of block, nested, labelled and in handlers, with
 * statements full of the words that open and close blocks elsewhere (in strings, comments, names, functions). Each
 * program is one statement without its delimiter; its body starts at {@link Program#bodyStart()}, so a test can
 * compare it with the body the server stored.
 */
final class StoredProgramGenerator {

    record Program(String sql, int bodyStart, String kind, String name) {

        String body() {
            return sql.substring(bodyStart);
        }
    }

    /** Plain statements that are valid in procedures, functions, triggers and events alike. */
    private static final List<String> STATEMENTS = List.of(
            "SET @v = IF(@v, 1, 2)",
            "SELECT end INTO @e FROM t WHERE `end` > 0 AND t.end < 9 LIMIT 1",
            "SET @s = 'END; END IF; BEGIN'",
            "SET @c = CASE WHEN @v THEN REPEAT('x', 2) ELSE \"END CASE;\" END",
            "DO IFNULL(@v, 0)",
            "SET @x := (SELECT COUNT(*) FROM t) -- END;\n",
            "INSERT INTO t (a) VALUES (LEFT('begin', 1) = 'b') # END IF;\n",
            "/* END; */ SET @y = (SELECT CASE a WHEN 1 THEN 'a' END FROM t LIMIT 1)",
            "UPDATE t SET end = end + 1 WHERE a = IF(@v, 1, 0)",
            "DELETE FROM t WHERE a IN (SELECT a FROM t WHERE end IS NULL)");
    private static final List<String> CONDITIONS = List.of(
            "@v > 0", "IF(@v, 1, 0) = 1", "CASE WHEN @v THEN 1 ELSE 0 END = 1",
            "EXISTS (SELECT 1 FROM t WHERE end > 0)", "(SELECT COUNT(*) FROM t) = 0");
    private static final List<String> GAPS = List.of(" ", "\n  ", "\r\n", " -- ;END\n ", " /* ; */ ");

    private final Random random;
    private int labels;
    private int programs;

    StoredProgramGenerator(long seed) {
        random = new Random(seed);
    }

    Program program() {
        int n = ++programs;
        String head = switch (random.nextInt(5)) {
            case 0 -> "CREATE PROCEDURE p" + n + "()\n";
            case 1 -> "CREATE DEFINER = CURRENT_USER PROCEDURE p" + n + "(IN begin INT, OUT `end` INT)"
                    + " COMMENT 'IF; BEGIN' ";
            case 2 -> "CREATE FUNCTION p" + n + "(x INT) RETURNS VARCHAR(10) CHARACTER SET utf8mb4 READS SQL DATA ";
            case 3 -> "CREATE TRIGGER p" + n + " BEFORE INSERT ON t FOR EACH ROW ";
            default -> "CREATE EVENT p" + n + " ON SCHEDULE EVERY 1 DAY DISABLE COMMENT 'END;' DO ";
        };
        String kind = head.substring("CREATE ".length()).replace("DEFINER = CURRENT_USER ", "").split(" ")[0];
        // A function must return; the others may have any compound statement as their body.
        String body = kind.equals("FUNCTION") ? "BEGIN " + statements(2) + "RETURN 'x'; END" : compound(2);
        return new Program(head + body, head.length(), kind, "p" + n);
    }

    private String compound(int depth) {
        String label = "l" + ++labels;
        return switch (random.nextInt(9)) {
            case 0 -> "BEGIN" + gap() + statements(depth) + "END";
            case 1 -> "IF " + condition() + " THEN " + statements(depth)
                    + (random.nextBoolean() ? "ELSEIF " + condition() + " THEN " + statements(depth) : "")
                    + (random.nextBoolean() ? "ELSE " + statements(depth) : "") + "END IF";
            case 2 -> "CASE @v WHEN 1 THEN " + statements(depth) + "ELSE " + statements(depth) + "END CASE";
            case 3 -> "CASE WHEN " + condition() + " THEN " + statements(depth) + "END CASE";
            case 4 -> label + ": LOOP " + statements(depth) + "LEAVE " + label + ";" + gap() + "END LOOP " + label;
            case 5 -> "WHILE " + condition() + " DO " + statements(depth) + "END WHILE";
            case 6 -> "REPEAT " + statements(depth) + "UNTIL " + condition() + " END REPEAT";
            case 7 -> "FOR i IN 1..3 DO " + statements(depth) + "END FOR";
            default -> label + ":BEGIN DECLARE h INT DEFAULT 0;" + gap() + "DECLARE CONTINUE HANDLER FOR SQLSTATE"
                    + " VALUE '02000', NOT FOUND, 1062 " + (random.nextBoolean() ? "SET h = 1" : compound(0)) + ";"
                    + gap() + statements(depth) + "END " + label;
        };
    }

    /** One to three statements, each with its ';' and a gap after it. */
    private String statements(int depth) {
        StringBuilder sql = new StringBuilder();
        for (int i = random.nextInt(3); i >= 0; i--) {
            String statement = depth > 0 && random.nextInt(3) == 0 ? compound(depth - 1) : pick(STATEMENTS);
            sql.append(statement).append(';').append(gap());
        }
        return sql.toString();
    }

    private String condition() {
        return pick(CONDITIONS);
    }

    private String gap() {
        return pick(GAPS);
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
