package dev.cairn.sqlscript;

import java.util.Set;

/**
 * Reads the first tokens of a MySQL statement to find where a compound body could start: the body of
 * {@code CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] {PROCEDURE | FUNCTION | TRIGGER | EVENT}} or
 * {@code ALTER [DEFINER = user] EVENT ... DO}, MariaDB's anonymous {@code BEGIN NOT ATOMIC} block, or the statement
 * itself (MariaDB runs {@code IF}, {@code CASE} and loops outside stored programs too). Whether a body really is
 * compound is for {@link CompoundBodyTracker} to see: a trigger's body may be one {@code SET}.
 *
 * <p>It works from the grammar's fixed points rather than parsing the whole header: a routine's body follows its
 * parameter list and characteristics, a trigger's {@code FOR EACH ROW [{FOLLOWS | PRECEDES} name]}, an event's
 * {@code DO}. Names, parameters and types never hold the words that open a block, so a routine called
 * {@code begin} or a table called {@code event} is no trap.
 */
final class StoredProgramHeader {

    enum Verdict {
        /** Still in the header. */
        READING,
        /** No compound body can follow: an ordinary statement, or a transaction's {@code BEGIN}. */
        NOT_A_PROGRAM,
        /** This token is the first of the body. */
        BODY_HERE,
        /** The next token is the first of the body. */
        BODY_NEXT,
        /** {@code BEGIN NOT ATOMIC} opened a block; the next token is the first of its statements. */
        ANONYMOUS_BLOCK
    }

    private enum Phase {
        START, CREATE, ALTER, DEFINER, ROUTINE, PARAMETERS, CHARACTERISTICS, TRIGGER, TRIGGER_ORDER,
        TRIGGER_ORDER_NAME, EVENT, BEGIN, BEGIN_NOT
    }

    /** Words that open a block when they start a statement. */
    static final Set<String> OPENERS = Set.of("BEGIN", "IF", "CASE", "LOOP", "WHILE", "REPEAT", "FOR");

    /**
     * Words that start a routine body of one plain statement. Seeing one ends the characteristics, so that the
     * {@code IF()} of {@code RETURN IF(a, b, c)} is not taken for an IF statement opening the body.
     */
    private static final Set<String> STATEMENT_WORDS = Set.of(
            "ALTER", "ANALYZE", "BACKUP", "BINLOG", "CACHE", "CALL", "CHANGE", "CHECK", "CHECKSUM", "CLOSE", "COMMIT",
            "CREATE", "DEALLOCATE", "DECLARE", "DELETE", "DESC", "DESCRIBE", "DO", "DROP", "EXECUTE", "EXPLAIN",
            "FETCH", "FLUSH", "GET", "GRANT", "HANDLER", "HELP", "INSERT", "INSTALL", "ITERATE", "KILL", "LEAVE",
            "LOAD", "LOCK", "OPEN", "OPTIMIZE", "PREPARE", "PURGE", "RELEASE", "RENAME", "REPAIR", "REPLACE", "RESET",
            "RESIGNAL", "RETURN", "REVOKE", "ROLLBACK", "SAVEPOINT", "SELECT", "SET", "SHOW", "SHUTDOWN", "SIGNAL",
            "START", "STOP", "TABLE", "TRUNCATE", "UNINSTALL", "UNLOCK", "UPDATE", "USE", "VALUES", "WITH", "XA");

    private Phase phase = Phase.START;
    private Phase definerOf;
    private boolean definerNeedsPart;
    private int parentheses;
    private boolean possibleLabel;
    private String previousWord = "";

    Verdict accept(MySqlToken token) {
        String previous = previousWord;
        previousWord = token.kind() == MySqlToken.Kind.WORD ? token.text() : "";
        return switch (phase) {
            case START -> start(token);
            case CREATE -> create(token);
            case ALTER -> alter(token);
            case DEFINER -> definer(token);
            case ROUTINE -> token.isSymbol("(") ? openParameters() : Verdict.READING;
            case PARAMETERS -> parameters(token);
            case CHARACTERISTICS -> characteristics(token, previous);
            case TRIGGER -> token.is("ROW") && previous.equals("EACH") ? next(Phase.TRIGGER_ORDER) : Verdict.READING;
            case TRIGGER_ORDER -> token.is("FOLLOWS") || token.is("PRECEDES")
                    ? next(Phase.TRIGGER_ORDER_NAME) : Verdict.BODY_HERE;
            case TRIGGER_ORDER_NAME -> Verdict.BODY_NEXT;
            case EVENT -> token.is("DO") ? Verdict.BODY_NEXT : Verdict.READING;
            case BEGIN -> token.is("NOT") ? next(Phase.BEGIN_NOT) : Verdict.NOT_A_PROGRAM;
            case BEGIN_NOT -> token.is("ATOMIC") ? Verdict.ANONYMOUS_BLOCK : Verdict.NOT_A_PROGRAM;
        };
    }

    private Verdict start(MySqlToken token) {
        if (token.is("CREATE")) {
            return next(Phase.CREATE);
        }
        if (token.is("ALTER")) {
            return next(Phase.ALTER);
        }
        if (token.is("BEGIN")) {
            // BEGIN alone starts a transaction; only BEGIN NOT ATOMIC is a block.
            return next(Phase.BEGIN);
        }
        // MariaDB's other compound statements outside programs; unlike inside them, they take no label there.
        boolean compound = token.kind() == MySqlToken.Kind.WORD && OPENERS.contains(token.text());
        return compound ? Verdict.BODY_HERE : Verdict.NOT_A_PROGRAM;
    }

    private Verdict create(MySqlToken token) {
        if (token.is("OR") || token.is("REPLACE") || token.is("AGGREGATE")) {
            return Verdict.READING;
        }
        if (token.is("DEFINER")) {
            return definer(Phase.CREATE);
        }
        if (token.is("PROCEDURE") || token.is("FUNCTION")) {
            return next(Phase.ROUTINE);
        }
        if (token.is("TRIGGER")) {
            return next(Phase.TRIGGER);
        }
        return token.is("EVENT") ? next(Phase.EVENT) : Verdict.NOT_A_PROGRAM;
    }

    private Verdict alter(MySqlToken token) {
        if (token.is("DEFINER")) {
            return definer(Phase.ALTER);
        }
        // ALTER PROCEDURE and ALTER FUNCTION change characteristics only; ALTER EVENT may bring a new body.
        return token.is("EVENT") ? next(Phase.EVENT) : Verdict.NOT_A_PROGRAM;
    }

    private Verdict definer(Phase clause) {
        definerOf = clause;
        definerNeedsPart = true;
        return next(Phase.DEFINER);
    }

    /**
     * Skips {@code = user}: {@code name@host} with each part a word, string or quoted name, {@code CURRENT_USER[()]}
     * or a role. The first word after a complete user belongs to the statement again.
     */
    private Verdict definer(MySqlToken token) {
        if (token.isSymbol("=") || token.isSymbol("(") || token.isSymbol(")")) {
            return Verdict.READING;
        }
        if (token.isSymbol("@")) {
            definerNeedsPart = true;
            return Verdict.READING;
        }
        if (definerNeedsPart) {
            definerNeedsPart = false;
            return Verdict.READING;
        }
        phase = definerOf;
        return accept(token);
    }

    private Verdict openParameters() {
        parentheses = 1;
        return next(Phase.PARAMETERS);
    }

    private Verdict parameters(MySqlToken token) {
        if (token.isSymbol("(")) {
            parentheses++;
        } else if (token.isSymbol(")") && --parentheses == 0) {
            phase = Phase.CHARACTERISTICS;
        }
        return Verdict.READING;
    }

    /**
     * After a routine's parameters come RETURNS and a type (functions), COMMENT, LANGUAGE SQL, [NOT] DETERMINISTIC,
     * SQL SECURITY and the like, then the body: a block opener, a label, or a plain statement.
     */
    private Verdict characteristics(MySqlToken token, String previous) {
        boolean label = possibleLabel;
        possibleLabel = false;
        if (token.isSymbol(":") && label) {
            return Verdict.BODY_NEXT;
        }
        if (token.kind() == MySqlToken.Kind.NAME) {
            possibleLabel = true;
        }
        if (token.kind() != MySqlToken.Kind.WORD) {
            return Verdict.READING;
        }
        String word = token.text();
        boolean typeName = previous.equals("RETURNS")
                || word.equals("SET") && (previous.equals("CHARACTER") || previous.equals("CHAR"));
        if (!typeName && (OPENERS.contains(word) || STATEMENT_WORDS.contains(word))) {
            return Verdict.BODY_HERE;
        }
        possibleLabel = true;
        return Verdict.READING;
    }

    private Verdict next(Phase next) {
        phase = next;
        return Verdict.READING;
    }
}
