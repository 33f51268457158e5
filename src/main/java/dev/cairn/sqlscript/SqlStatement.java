package dev.cairn.sqlscript;

import java.util.Objects;

/**
 * One statement of a script.
 *
 * @param sql    the statement text, trimmed, without its delimiter
 * @param line   1-based line of the script on which {@code sql} starts
 * @param offset 0-based character offset in the script at which {@code sql} starts
 */
public record SqlStatement(String sql, int line, int offset) {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
    }

    /**
     * The script line of a 1-based position inside {@link #sql()}, as PostgreSQL reports it for errors.
     *
     * <p>PostgreSQL counts characters, not UTF-16 units, so the position is taken as a code point count. Positions
     * outside the statement are clamped instead of rejected: PostgreSQL reports one past the end for "syntax error at
     * end of input", and an error report should never fail on its own.
     */
    public int lineAt(int position) {
        int characters = sql.codePointCount(0, sql.length());
        int clamped = Math.max(1, Math.min(position, characters + 1));
        return line + SqlText.lineBreaks(sql, 0, sql.offsetByCodePoints(0, clamped - 1));
    }
}
