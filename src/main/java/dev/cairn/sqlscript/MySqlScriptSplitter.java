package dev.cairn.sqlscript;

import java.util.List;

/**
 * Splits MySQL and MariaDB scripts into the statements the server would run, with the {@code mysql} client's
 * {@code DELIMITER} directive. With the default delimiter {@code ;} it keeps a stored program's compound body (and
 * MariaDB's compound statements) together as the server parses them, so scripts need no DELIMITER lines; under
 * another delimiter it cuts only there, as the client does. Assumes the default SQL mode: backslash escapes in
 * strings, and double quotes delimiting strings, not identifiers.
 */
public final class MySqlScriptSplitter implements ScriptSplitter {

    private static final String DIRECTIVE = "DELIMITER";
    private static final String SEMICOLON = ";";

    @Override
    public List<SqlStatement> split(String script) {
        StatementCollector statements = new StatementCollector(script);
        CompoundBodyTracker body = new CompoundBodyTracker();
        String delimiter = SEMICOLON;
        boolean inExecutable = false;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            // A custom delimiter says where statements end, bodies or not; with ';' the bodies have to be followed.
            boolean followBodies = delimiter.equals(SEMICOLON);
            String declared = statements.hasPendingStatement() ? null : declaredDelimiter(script, i);
            if (declared != null) {
                delimiter = declared;
                // Like the mysql client, ignore anything after the delimiter on the directive line.
                i = SqlText.endOfLine(script, i);
            } else if (script.startsWith(delimiter, i) && !(followBodies && body.insideBody())) {
                statements.end(i);
                body = new CompoundBodyTracker();
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
            } else if (followBodies && startsExecutableComment(script, i)) {
                // The markers of /*!50003 ... */ hide nothing from the server, so neither from the body tracker:
                // mysqldump writes /*!50003 CREATE*/ /*!50017 DEFINER=...*/ /*!50003 TRIGGER ... END */.
                statements.content(i);
                inExecutable = true;
                i = endOfVersion(script, i);
            } else if (followBodies && inExecutable && script.startsWith("*/", i)) {
                statements.content(i);
                inExecutable = false;
                i += 2;
            } else {
                statements.content(i);
                i = followBodies ? endOfToken(script, i, body) : endOfCharacter(script, i);
            }
        }
        statements.end(script.length());
        return statements.statements();
    }

    /** Under a custom delimiter: quotes hide it, and anything else is scanned for it character by character. */
    private static int endOfCharacter(String s, int i) {
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

    /** Under {@code ;}, which no word or marker contains: whole tokens, shown to the body tracker. */
    private static int endOfToken(String s, int i, CompoundBodyTracker body) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            body.string();
            return SqlText.endOfQuoted(s, i, true);
        }
        if (c == '`') {
            body.name();
            return SqlText.endOfQuoted(s, i, false);
        }
        if (isWordPart(c)) {
            int end = i + 1;
            while (end < s.length() && isWordPart(s.charAt(end))) {
                end++;
            }
            // @end is a variable and t.end a column: names, whatever their spelling.
            body.word(s, i, end, i > 0 && (s.charAt(i - 1) == '@' || s.charAt(i - 1) == '.'));
            return end;
        }
        // An assignment, not a label's colon.
        int end = s.startsWith(":=", i) ? i + 2 : i + 1;
        body.symbol(s, i, end);
        return end;
    }

    /** The end of {@code /*!} or {@code /*M!} and the server version that follows. */
    private static int endOfVersion(String s, int i) {
        int end = s.indexOf('!', i) + 1;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        return end;
    }

    /** Letters, digits, '_' and '$', and every character from U+0080 on, as in MySQL's unquoted identifiers. */
    private static boolean isWordPart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
                || c >= 0x80;
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
