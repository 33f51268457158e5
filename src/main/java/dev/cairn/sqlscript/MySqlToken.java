package dev.cairn.sqlscript;

/**
 * A token of a MySQL statement as {@link CompoundBodyTracker} sees it. Only words can be keywords; their text is upper
 * case. Quoted identifiers, {@code @variables} and the parts of qualified names after a dot are {@link Kind#NAME}s,
 * so a column called {@code `end`}, {@code @end} or {@code t.end} never closes a block.
 */
record MySqlToken(Kind kind, String text) {

    enum Kind { WORD, NAME, STRING, SYMBOL }

    static final MySqlToken NAME = new MySqlToken(Kind.NAME, "");
    static final MySqlToken STRING = new MySqlToken(Kind.STRING, "");

    boolean is(String keyword) {
        return kind == Kind.WORD && text.equals(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}
