package dev.cairn.sqlscript;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * Follows the tokens of one MySQL or MariaDB statement to tell whether it is inside a compound statement, where
 * semicolons separate the statements of a body rather than end the script statement. The server parses a stored
 * program's body as part of its CREATE statement, and scripts written for clients that send them whole (Go drivers
 * with multiStatements, Flyway, Liquibase) carry no DELIMITER lines; this finds the end where the server does.
 *
 * <p>{@link StoredProgramHeader} finds where a body may start. From there blocks open and close as in the server's
 * grammar: {@code BEGIN ... END}, {@code IF ... END IF}, {@code CASE ... END CASE}, {@code LOOP}, {@code WHILE ... DO},
 * {@code REPEAT ... UNTIL}, MariaDB's {@code FOR ... DO}, each optionally labelled, nested, and in handler bodies.
 * Only at the start of a statement do {@code BEGIN}, {@code IF} and the loops open a block: elsewhere they are the
 * functions {@code IF()} and {@code REPEAT()} or part of {@code IF EXISTS}. {@code CASE} opens one anywhere: at the
 * start of a statement the CASE statement, closed by {@code END CASE}, elsewhere an expression, closed by a plain
 * {@code END}. Block ends come at the start of a statement too (the statement before ends with {@code ;}), except
 * after an expression: {@code CASE ... END} and {@code UNTIL cond END REPEAT}. So a column called {@code end} (not a
 * reserved word) is no trap, except inside those expressions.
 *
 * <p>It is not a parser and checks nothing: a body it cannot close takes the rest of the script into its statement,
 * which the server then rejects with the error and line it finds. Known limits: a variable or column called
 * {@code end} inside a CASE expression or an UNTIL condition ends it early; a label spelled like a block word
 * ({@code begin: LOOP}) opens a block; a routine body of one statement starting with a word that
 * {@link StoredProgramHeader} does not list is read as more header, where an {@code IF(} would open a block;
 * MySQL 9's JavaScript routines ({@code LANGUAGE JAVASCRIPT AS $$ ... $$}) are not understood.
 */
final class CompoundBodyTracker {

    private enum Phase { HEADER, BODY, DONE }

    /** A block, with the phases of those whose head is an expression before their statements. */
    private enum Block { BEGIN, IF, CASE, CASE_EXPRESSION, LOOP, WHILE_CONDITION, WHILE, FOR_RANGE, FOR, REPEAT, UNTIL }

    /** Where {@code DECLARE ... HANDLER FOR condition, ...} stands; the handler's own statement follows the list. */
    private enum Handler { NONE, KEYWORD, CONDITION, SQLSTATE, NOT_FOUND, AFTER_CONDITION }

    /** What may follow END: the kind of block it closes, which then opens nothing. */
    private static final Set<String> END_SUFFIXES = Set.of("IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR");

    private final StoredProgramHeader header = new StoredProgramHeader();
    private final Deque<Block> blocks = new ArrayDeque<>();
    private Phase phase = Phase.HEADER;
    /** The next token starts a statement: only there do BEGIN, IF and the loops open a block, and END close most. */
    private boolean statementStart;
    /** The last token was a word or name starting a statement, which a ':' makes a label. */
    private boolean possibleLabel;
    /** The last token closed a block, so a block word next is its suffix: END IF, END LOOP. */
    private boolean afterEnd;
    /** Inside a DECLARE statement, where HANDLER FOR starts a condition list. */
    private boolean declaring;
    private Handler handler = Handler.NONE;

    /** Whether a {@code ;} here separates statements of a body instead of ending the script statement. */
    boolean insideBody() {
        return !blocks.isEmpty();
    }

    /** An unquoted word, {@code script[from, to)}; {@code identifier} when it follows {@code @} or {@code .}. */
    void word(String script, int from, int to, boolean identifier) {
        if (phase != Phase.DONE) {
            accept(identifier ? MySqlToken.NAME
                    : new MySqlToken(MySqlToken.Kind.WORD, script.substring(from, to).toUpperCase(Locale.ROOT)));
        }
    }

    /** A quoted identifier. */
    void name() {
        if (phase != Phase.DONE) {
            accept(MySqlToken.NAME);
        }
    }

    void string() {
        if (phase != Phase.DONE) {
            accept(MySqlToken.STRING);
        }
    }

    /** Any other token, {@code script[from, to)}: punctuation, an operator, or a {@code ;} inside a body. */
    void symbol(String script, int from, int to) {
        if (phase != Phase.DONE) {
            accept(new MySqlToken(MySqlToken.Kind.SYMBOL, script.substring(from, to)));
        }
    }

    private void accept(MySqlToken token) {
        if (phase == Phase.HEADER) {
            switch (header.accept(token)) {
                case READING -> {
                    return;
                }
                case NOT_A_PROGRAM -> {
                    phase = Phase.DONE;
                    return;
                }
                case BODY_NEXT -> {
                    phase = Phase.BODY;
                    statementStart = true;
                    return;
                }
                case ANONYMOUS_BLOCK -> {
                    phase = Phase.BODY;
                    openStatements(Block.BEGIN);
                    return;
                }
                case BODY_HERE -> {
                    phase = Phase.BODY;
                    statementStart = true;
                }
            }
        }
        body(token);
        if (blocks.isEmpty() && !statementStart && !possibleLabel) {
            // A plain statement, or the body closed: nothing after it can open a block again.
            phase = Phase.DONE;
        }
    }

    private void body(MySqlToken token) {
        boolean atStart = statementStart;
        boolean label = possibleLabel;
        boolean suffix = afterEnd;
        statementStart = possibleLabel = afterEnd = false;
        if (token.isSymbol(";")) {
            statementStart = true;
            declaring = false;
            handler = Handler.NONE;
            return;
        }
        if (handler == Handler.AFTER_CONDITION && !token.isSymbol(",")) {
            handler = Handler.NONE;
            declaring = false;
            atStart = true;
        } else if (handler != Handler.NONE) {
            handlerClause(token);
            return;
        }
        if (token.kind() != MySqlToken.Kind.WORD) {
            if (label && token.isSymbol(":")) {
                statementStart = true;
            } else if (atStart && token.kind() == MySqlToken.Kind.NAME) {
                possibleLabel = true;
            }
            return;
        }
        String word = token.text();
        if (suffix && END_SUFFIXES.contains(word)) {
            return;
        }
        if (word.equals("END")) {
            end(atStart);
        } else if (word.equals("CASE")) {
            blocks.push(atStart ? Block.CASE : Block.CASE_EXPRESSION);
        } else if (atStart) {
            statementWord(word);
        } else {
            innerWord(word);
        }
    }

    private void end(boolean atStart) {
        Block top = blocks.peek();
        // Other blocks end after a statement's ';' (or an empty BEGIN); there an END is a column or variable name.
        if (top != null && (atStart || top == Block.CASE_EXPRESSION || top == Block.UNTIL)) {
            blocks.pop();
            afterEnd = true;
        }
    }

    /** The first word of a statement inside a body (or of the body itself). */
    private void statementWord(String word) {
        switch (word) {
            case "BEGIN" -> openStatements(Block.BEGIN);
            case "LOOP" -> openStatements(Block.LOOP);
            case "REPEAT" -> openStatements(Block.REPEAT);
            case "IF" -> blocks.push(Block.IF);
            case "WHILE" -> blocks.push(Block.WHILE_CONDITION);
            case "FOR" -> blocks.push(Block.FOR_RANGE);
            case "ELSE" -> statementStart = inBranches();
            case "UNTIL" -> {
                if (blocks.peek() == Block.REPEAT) {
                    replaceTop(Block.UNTIL);
                }
            }
            case "DECLARE" -> declaring = true;
            default -> possibleLabel = true;
        }
    }

    /** A word inside a statement: only the ones that end a block's head matter. */
    private void innerWord(String word) {
        switch (word) {
            case "THEN", "ELSE" -> statementStart = inBranches();
            case "DO" -> {
                if (blocks.peek() == Block.WHILE_CONDITION) {
                    replaceTop(Block.WHILE);
                    statementStart = true;
                } else if (blocks.peek() == Block.FOR_RANGE) {
                    replaceTop(Block.FOR);
                    statementStart = true;
                }
            }
            case "HANDLER" -> {
                if (declaring) {
                    handler = Handler.KEYWORD;
                }
            }
            default -> {
                // part of an expression or a plain statement
            }
        }
    }

    /** Condition values: SQLSTATE [VALUE] 'xxxxx', NOT FOUND, SQLWARNING, SQLEXCEPTION, an error code or a name. */
    private void handlerClause(MySqlToken token) {
        handler = switch (handler) {
            case KEYWORD -> token.is("FOR") ? Handler.CONDITION : Handler.NONE;
            case CONDITION -> token.is("SQLSTATE") ? Handler.SQLSTATE
                    : token.is("NOT") ? Handler.NOT_FOUND : Handler.AFTER_CONDITION;
            case SQLSTATE -> token.is("VALUE") ? Handler.SQLSTATE : Handler.AFTER_CONDITION;
            case NOT_FOUND -> Handler.AFTER_CONDITION;
            case AFTER_CONDITION -> Handler.CONDITION;
            case NONE -> Handler.NONE;
        };
    }

    /** THEN and ELSE start statements in IF and CASE statements; in a CASE expression they start expressions. */
    private boolean inBranches() {
        return blocks.peek() == Block.IF || blocks.peek() == Block.CASE;
    }

    private void openStatements(Block block) {
        blocks.push(block);
        statementStart = true;
    }

    private void replaceTop(Block block) {
        blocks.pop();
        blocks.push(block);
    }
}
