package dev.cairn.sqlscript;

import java.util.List;

/**
 * Cuts a migration script into the statements a database driver can execute one at a time.
 *
 * <p>Implementations never throw on malformed input: an unterminated string or comment swallows the rest of the
 * script into the last statement, so the database reports the error instead of the splitter hiding it.
 */
public interface ScriptSplitter {

    /** The statements of {@code script} in order, without delimiters; comment-only pieces are dropped. */
    List<SqlStatement> split(String script);
}
