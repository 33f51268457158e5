package dev.cairn.authoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authoring.Operation.CreateIndex;
import dev.cairn.authoring.Operation.DropIndex;
import dev.cairn.authoring.Operation.Execute;
import dev.cairn.dialect.Dialect;
import dev.cairn.problem.CairnException;
import java.util.List;

/**
 * Writes a migration's up and down scripts for the repo's engine, from a reversible change (Ecto's
 * {@code change/0}) or from generator fields ({@code phx.gen.schema}). The down script is the change reversed:
 * each operation's reversal, last operation first. Nothing here stores anything; the caller decides.
 */
public final class Authoring {

    private static final String HEADER = "-- Written by Cairn from change.json; edit as any migration.\n";

    private Authoring() {}

    /**
     * The scripts written. {@code down} is null when an {@code execute} has no down (the migration is then
     * irreversible, as any migration without a down script); {@code transaction} is false when the migration
     * cannot run inside one ({@code CREATE INDEX CONCURRENTLY}), else what the request said.
     */
    public record Authored(String up, String down, Boolean transaction) {}

    /** @param change the request's list of operations; @param transaction the request's own choice, or null */
    public static Authored change(Dialect dialect, JsonNode change, Boolean transaction) {
        return write(Ddl.of(dialect), ChangeReader.read(change), transaction);
    }

    public static Authored generate(Dialect dialect, Generate request) {
        Ddl ddl = Ddl.of(dialect);
        return write(ddl, request.operations(ddl), null);
    }

    private static Authored write(Ddl ddl, List<Operation> operations, Boolean transaction) {
        StringBuilder up = new StringBuilder(HEADER);
        for (int i = 0; i < operations.size(); i++) {
            ddl.write(operations.get(i), where(i)).forEach(s -> up.append(s).append('\n'));
        }
        String down = null;
        if (operations.stream().noneMatch(op -> op instanceof Execute e && e.down() == null)) {
            StringBuilder reversed = new StringBuilder(HEADER);
            for (int i = operations.size() - 1; i >= 0; i--) {
                Operation undo = operations.get(i).reverse(where(i));
                ddl.write(undo, where(i)).forEach(s -> reversed.append(s).append('\n'));
            }
            down = reversed.toString();
        }
        return new Authored(up.toString(), down, transaction(ddl, operations, transaction));
    }

    private static Boolean transaction(Ddl ddl, List<Operation> operations, Boolean requested) {
        boolean concurrently = ddl.concurrentIndexes() && operations.stream().anyMatch(op ->
                op instanceof CreateIndex c && c.index().concurrently()
                        || op instanceof DropIndex d && d.index().concurrently());
        if (!concurrently) {
            return requested;
        }
        if (Boolean.TRUE.equals(requested)) {
            throw CairnException.invalid("an index built or dropped concurrently cannot run inside a transaction; "
                    + "leave \"transaction\" out (it becomes false) or drop \"concurrently\"")
                    .with("field", "transaction");
        }
        return false;
    }

    private static String where(int i) {
        return "change[" + i + "]";
    }
}
