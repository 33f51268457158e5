package dev.cairn.sqlscript;

/** Lexical helpers shared by the dialect splitters. */
final class SqlText {

    private SqlText() {
    }

    /** Whitespace as both PostgreSQL and MySQL lexers see it; wider Unicode spaces are not separators there. */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** Counts {@code \n}, {@code \r\n} and lone {@code \r} line breaks in {@code [from, to)}. */
    static int lineBreaks(String s, int from, int to) {
        int breaks = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == s.length() || s.charAt(i + 1) != '\n')) {
                breaks++;
            }
        }
        return breaks;
    }

    /** The index of the line break ending the line that contains {@code from}, or the script length. */
    static int endOfLine(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /**
     * The index just past the quoted string or identifier opened at {@code open}; a doubled quote stands for itself.
     * An unterminated one runs to the end of the script.
     */
    static int endOfQuoted(String s, int open, boolean backslashEscapes) {
        char quote = s.charAt(open);
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c != quote) {
                i++;
            } else if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                i += 2;
            } else {
                return i + 1;
            }
        }
        return s.length();
    }

    static int stripTrailingWhitespace(String s, int from, int to) {
        int end = to;
        while (end > from && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
