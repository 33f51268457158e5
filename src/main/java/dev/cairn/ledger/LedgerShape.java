package dev.cairn.ledger;

import dev.cairn.problem.Problem;
import dev.cairn.problem.Remedy;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a table under the ledger's name is Ecto's ledger. Tools agree on the name {@code schema_migrations} but
 * not on its columns, and another tool's table is never altered or written: golang-migrate would lose its dirty
 * flag's meaning, dbmate and Rails would read Cairn's rows as theirs.
 */
final class LedgerShape {

    private LedgerShape() {}

    /** Refuses, naming the tool it looks like, a table that lacks Ecto's numeric version and inserted_at. */
    static void refuseIfForeign(ResultSetMetaData meta, String table) throws SQLException {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.put(meta.getColumnName(i).toLowerCase(), meta.getColumnType(i));
        }
        Integer version = columns.get("version");
        if (version != null && isNumber(version) && columns.containsKey("inserted_at")) {
            return;
        }
        String tool = version == null ? "another tool"
                : columns.containsKey("dirty") ? "golang-migrate"
                : !isNumber(version) && columns.size() == 1 ? "dbmate or Rails"
                : "another tool";
        throw Problem.FOREIGN_LEDGER.raise("the table " + table + " is not Ecto's ledger (version bigint, "
                        + "inserted_at): it looks like " + tool + "'s, with columns " + columns.keySet()
                        + ". Cairn neither alters nor writes it. Register the repo with another ledgerTable, so "
                        + "Cairn keeps its own ledger beside it.")
                .with("table", table).with("looksLike", tool).remedy(Remedy.REPLACE_REPO);
    }

    private static boolean isNumber(int type) {
        return type == Types.BIGINT || type == Types.INTEGER || type == Types.NUMERIC || type == Types.DECIMAL
                || type == Types.SMALLINT;
    }
}
