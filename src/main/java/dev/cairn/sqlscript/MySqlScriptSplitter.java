package dev.cairn.sqlscript;

import java.util.List;

/**
 * Splits MySQL and MariaDB scripts the way the {@code mysql} client does, including its {@code DELIMITER} directive.
 * Assumes the default SQL mode: backslash escapes in strings, and double quotes delimiting strings, not identifiers.
 */
public final class MySqlScriptSplitter implements ScriptSplitter {

    private static final String DIRECTIVE = "DELIMITER";

    @Override
    public List<SqlStatement> split(String script) {
        StatementCollector statements = new StatementCollector(script);
        String delimiter = ";";
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            String declared = statements.hasPendingStatement() ? null : declaredDelimiter(script, i);
            if (declared != null) {
                delimiter = declared;
                // Like the mysql client, ignore anything after the delimiter on the directive line.
                i = SqlText.endOfLine(script, i);
            } else if (script.startsWith(delimiter, i)) {
                statements.end(i);
                i += delimiter.length();
            } else if (SqlText.isWhitespace(c)) {
                i++;
            } else if (c == '#' || startsDashComment(script, i)) {
                i = SqlText.endOfLine(script, i);
            } else if (script.startsWith("/*", i) && !startsExecutableComment(script, i)) {
                int close = script.indexOf("*/", i + 2);
                if (close < 0) {
                    // Dropping it as a comment would silently drop every statement it swallowed.
                    statements.content(i);
                    i = script.length();
                } else {
                    i = close + 2;
                }
            } else {
                statements.content(i);
                i = endOfToken(script, i);
            }
        }
        statements.end(script.length());
        return statements.statements();
    }

    private static int endOfToken(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            return SqlText.endOfQuoted(s, i, true);
        }
        if (c == '`') {
            return SqlText.endOfQuoted(s, i, false);
        }
        // Delimiters may be any string, even inside what looks like a word (the client does the same), so go on
        // one character at a time. The markers of /*! ... */ are plain text too: the server runs what they enclose.
        return i + 1;
    }

    /** The delimiter declared by a {@code DELIMITER xx} line starting at {@code i}, or {@code null}. */
    private static String declaredDelimiter(String s, int i) {
        if (!s.regionMatches(true, i, DIRECTIVE, 0, DIRECTIVE.length()) || !isFirstOnLine(s, i)) {
            return null;
        }
        int start = i + DIRECTIVE.length();
        while (start < s.length() && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        int end = start;
        while (end < s.length() && !SqlText.isWhitespace(s.charAt(end))) {
            end++;
        }
        boolean separated = start > i + DIRECTIVE.length();
        return separated && end > start ? s.substring(start, end) : null;
    }

    private static boolean isFirstOnLine(String s, int i) {
        int before = i - 1;
        while (before >= 0 && (s.charAt(before) == ' ' || s.charAt(before) == '\t')) {
            before--;
        }
        return before < 0 || s.charAt(before) == '\n' || s.charAt(before) == '\r';
    }

    /** MySQL only reads {@code --} as a comment when whitespace or a control character follows, so 1--1 is 2. */
    private static boolean startsDashComment(String s, int i) {
        int after = i + 2;
        return s.startsWith("--", i) && (after == s.length()
                || Character.isWhitespace(s.charAt(after)) || Character.isISOControl(s.charAt(after)));
    }

    /** Executable comments, MySQL's {@code /*!} and MariaDB's {@code /*M!}, hold code rather than commentary. */
    private static boolean startsExecutableComment(String s, int i) {
        return s.startsWith("/*!", i) || s.startsWith("/*M!", i);
    }
}
