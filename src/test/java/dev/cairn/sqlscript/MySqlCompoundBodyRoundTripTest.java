package dev.cairn.sqlscript;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-style check for bodies: scripts of random stored programs ({@link StoredProgramGenerator}, whose programs
 * MariaDB accepts: see {@link MySqlSplitOnMariaDbTest}) and plain statements, with or without DELIMITER lines
 * around them, split back into exactly those statements at exactly their positions.
 */
class MySqlCompoundBodyRoundTripTest {

    private static final int SCRIPTS = 1_000;
    private static final List<String> PLAIN = List.of("SELECT IF(1, 'END', 2)", "BEGIN", "COMMIT",
            "CREATE TABLE event (`end` int)", "SELECT CASE WHEN 1 THEN 2 END", "DO REPEAT('x', 3)");
    private static final List<String> GAPS = List.of("\n", "\r\n\r\n", " # END;\n", "\n-- BEGIN;\n", " /* IF */ ");

    private final ScriptSplitter splitter = new MySqlScriptSplitter();

    @Test
    void givesBackTheProgramsAScriptWasBuiltFrom() {
        for (long seed = 0; seed < SCRIPTS; seed++) {
            Random random = new Random(seed);
            StoredProgramGenerator programs = new StoredProgramGenerator(seed);
            StringBuilder script = new StringBuilder();
            List<SqlStatement> expected = new ArrayList<>();
            for (int k = random.nextInt(6); k >= 0; k--) {
                boolean plain = random.nextInt(4) == 0;
                String sql = plain ? PLAIN.get(random.nextInt(PLAIN.size())) : programs.program().sql();
                boolean delimited = !plain && random.nextInt(4) == 0;
                if (delimited) {
                    script.append("\nDELIMITER $$\n");
                }
                expected.add(new SqlStatement(sql, 1 + (int) script.chars().filter(c -> c == '\n').count(),
                        script.length()));
                script.append(sql).append(delimited ? "$$\nDELIMITER ;\n" : ";")
                        .append(GAPS.get(random.nextInt(GAPS.size())));
            }
            assertEquals(expected, splitter.split(script.toString()), "seed " + seed + ", script:\n" + script);
        }
    }
}
