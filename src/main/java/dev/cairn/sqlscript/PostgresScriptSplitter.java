package dev.cairn.sqlscript;

import java.util.List;

/**
 * Splits PostgreSQL scripts on {@code ;}, following the server lexer's rules for quotes, dollar quotes and comments.
 * Assumes {@code standard_conforming_strings = on} (the default since 9.1): only {@code E'...'} strings treat a
 * backslash as an escape.
 */
public final class PostgresScriptSplitter implements ScriptSplitter {

    private static final int UNTERMINATED = -1;
    private static final int NO_DOLLAR_QUOTE = -1;

    @Override
    public List<SqlStatement> split(String script) {
        StatementCollector statements = new StatementCollector(script);
        AtomicBodyTracker atomicBody = new AtomicBodyTracker();
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (SqlText.isWhitespace(c)) {
                i++;
            } else if (script.startsWith("--", i)) {
                i = SqlText.endOfLine(script, i);
            } else if (script.startsWith("/*", i)) {
                int end = endOfNestedComment(script, i);
                if (end == UNTERMINATED) {
                    // Dropping it as a comment would silently drop every statement it swallowed.
                    statements.content(i);
                    end = script.length();
                }
                i = end;
            } else if (c == ';' && !atomicBody.insideBody()) {
                statements.end(i);
                atomicBody = new AtomicBodyTracker();
                i++;
            } else {
                statements.content(i);
                i = endOfToken(script, i, atomicBody);
            }
        }
        statements.end(script.length());
        return statements.statements();
    }

    private static int endOfToken(String s, int i, AtomicBodyTracker atomicBody) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            return SqlText.endOfQuoted(s, i, false);
        }
        if (c == '$') {
            int end = endOfDollarQuote(s, i);
            // Not a dollar quote: a parameter such as $1, or a stray dollar the server will reject.
            return end == NO_DOLLAR_QUOTE ? i + 1 : end;
        }
        if (isIdentifierStart(c)) {
            // Identifiers are consumed whole because they may contain '$' (a$b$c is no dollar quote).
            int end = i + 1;
            while (end < s.length() && isIdentifierPart(s.charAt(end))) {
                end++;
            }
            if (end == i + 1 && (c == 'E' || c == 'e') && end < s.length() && s.charAt(end) == '\'') {
                return SqlText.endOfQuoted(s, end, true);
            }
            atomicBody.word(s.substring(i, end));
            return end;
        }
        return i + 1;
    }

    /** Block comments nest in PostgreSQL, unlike the SQL standard and MySQL. */
    private static int endOfNestedComment(String s, int open) {
        int depth = 0;
        int i = open;
        while (i < s.length()) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return UNTERMINATED;
    }

    /**
     * Scans {@code $tag$ ... $tag$} opened at {@code open}; an unclosed body runs to the end of the script. Returns
     * {@link #NO_DOLLAR_QUOTE} if no opening tag starts there.
     */
    private static int endOfDollarQuote(String s, int open) {
        int i = open + 1;
        if (i < s.length() && isIdentifierStart(s.charAt(i))) {
            do {
                i++;
            } while (i < s.length() && isTagPart(s.charAt(i)));
        }
        if (i >= s.length() || s.charAt(i) != '$') {
            return NO_DOLLAR_QUOTE;
        }
        String tag = s.substring(open, i + 1);
        int close = s.indexOf(tag, i + 1);
        return close < 0 ? s.length() : close + tag.length();
    }

    /** PostgreSQL takes every non-ASCII character as a letter in identifiers and dollar tags. */
    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    private static boolean isTagPart(char c) {
        return isIdentifierStart(c) || c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return isTagPart(c) || c == '$';
    }
}
