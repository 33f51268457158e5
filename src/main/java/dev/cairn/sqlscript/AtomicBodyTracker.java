package dev.cairn.sqlscript;

import java.util.Locale;
import java.util.Set;

/**
 * Follows the words of one PostgreSQL statement to tell whether it is inside the {@code BEGIN ATOMIC ... END} body of a
 * SQL-standard function or procedure (PostgreSQL 14+), where semicolons separate the body's statements rather than
 * end the script statement.
 *
 * <p>Like psql this is a heuristic, not a parser: {@code CASE} also closes with {@code END}, so it is counted inside a
 * body. Requiring {@code ATOMIC} right after {@code BEGIN} keeps a parameter or routine named {@code begin} from opening
 * a body.
 */
final class AtomicBodyTracker {

    private static final Set<String> ROUTINE_HEADERS = Set.of(
            "create function", "create procedure", "create or replace function", "create or replace procedure");
    private static final int HEADER_WORDS = 4;

    private final StringBuilder header = new StringBuilder();
    private int headerWords;
    private boolean routine;
    private String previousWord = "";
    private int depth;

    void word(String word) {
        if (headerWords < HEADER_WORDS) {
            if (headerWords++ > 0) {
                header.append(' ');
            }
            header.append(word.toLowerCase(Locale.ROOT));
            routine = routine || ROUTINE_HEADERS.contains(header.toString());
        }
        if (depth > 0) {
            if (word.equalsIgnoreCase("case")) {
                depth++;
            } else if (word.equalsIgnoreCase("end")) {
                depth--;
            }
        } else if (routine && previousWord.equalsIgnoreCase("begin") && word.equalsIgnoreCase("atomic")) {
            depth = 1;
        }
        previousWord = word;
    }

    boolean insideBody() {
        return depth > 0;
    }
}
