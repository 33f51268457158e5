package dev.cairn.sqlscript;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates statements while a splitter scans a script. A statement starts at its first character that is neither
 * whitespace nor comment, so comments between statements belong to no statement and comment-only pieces vanish.
 */
final class StatementCollector {

    private final String script;
    private final List<SqlStatement> statements = new ArrayList<>();
    private int start = -1;
    private int linesCountedUpTo;
    private int line = 1;

    StatementCollector(String script) {
        this.script = script;
    }

    /** Notes statement text at {@code position}; the first such position since the last delimiter starts a statement. */
    void content(int position) {
        if (start < 0) {
            start = position;
        }
    }

    boolean hasPendingStatement() {
        return start >= 0;
    }

    /** Ends the pending statement, if any, where its delimiter (or the script) begins. */
    void end(int position) {
        if (start < 0) {
            return;
        }
        // Statements start in increasing order, so counting lines incrementally keeps the whole split linear.
        line += SqlText.lineBreaks(script, linesCountedUpTo, start);
        linesCountedUpTo = start;
        String sql = script.substring(start, SqlText.stripTrailingWhitespace(script, start, position));
        statements.add(new SqlStatement(sql, line, start));
        start = -1;
    }

    List<SqlStatement> statements() {
        return List.copyOf(statements);
    }
}
