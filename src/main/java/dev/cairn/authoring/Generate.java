package dev.cairn.authoring;

import dev.cairn.authoring.Operation.Add;
import dev.cairn.authoring.Operation.AlterTable;
import dev.cairn.authoring.Operation.ColumnChange;
import dev.cairn.authoring.Operation.CreateIndex;
import dev.cairn.authoring.Operation.CreateTable;
import dev.cairn.authoring.Operation.DropIndex;
import dev.cairn.authoring.Operation.Index;
import dev.cairn.authoring.Operation.Remove;
import dev.cairn.authoring.Operation.TableShape;
import dev.cairn.problem.CairnException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code mix phx.gen.schema} is asked for: a table and its fields ({@code name:type[:args][:unique]}), or,
 * with {@code alter}, fields to add to and remove from a table. It becomes the operations Ecto's generator would
 * write: the table, an index per reference (where the engine does not index foreign keys itself) and a unique
 * index per {@code :unique} field.
 */
public record Generate(String table, String alter, List<String> fields, List<String> add, List<String> remove,
                       boolean timestamps, boolean binaryId) {

    static final int MAX_FIELDS = ChangeReader.MAX;

    /** {@code create_<table>} or {@code alter_<table>}, the name the migration gets unless the request gives one. */
    public String defaultName() {
        return table != null ? "create_" + table : "alter_" + alter;
    }

    List<Operation> operations(Ddl ddl) {
        if ((table == null) == (alter == null)) {
            throw CairnException.invalid("give either \"table\" (a migration that creates it) or \"alter\" (one "
                    + "that adds and removes columns)").with("field", table == null ? "table" : "alter");
        }
        return table != null ? create(ddl) : change(ddl);
    }

    private List<Operation> create(Ddl ddl) {
        String name = Names.check(table, "table");
        if (add != null || remove != null) {
            throw CairnException.invalid("add and remove go with \"alter\"; a new table takes \"fields\"")
                    .with("field", add != null ? "add" : "remove");
        }
        List<Column.Field> parsed = parse(fields, "fields", ddl);
        List<Operation> operations = new ArrayList<>();
        operations.add(new CreateTable(new TableShape(name, parsed.stream().map(Column.Field::column).toList(),
                true, binaryId, timestamps), false));
        operations.addAll(indexes(name, parsed, ddl).stream().map(CreateIndex::new).toList());
        return operations;
    }

    private List<Operation> change(Ddl ddl) {
        String name = Names.check(alter, "alter");
        if (fields != null || timestamps) {
            throw CairnException.invalid("\"alter\" takes add and remove; fields and timestamps go with \"table\"")
                    .with("field", fields != null ? "fields" : "timestamps");
        }
        List<Column.Field> added = parse(add, "add", ddl), removed = parse(remove, "remove", ddl);
        if (added.isEmpty() && removed.isEmpty()) {
            throw CairnException.invalid("\"alter\" needs fields to add or remove").with("field", "add");
        }
        List<ColumnChange> changes = new ArrayList<>();
        added.forEach(f -> changes.add(new Add(f.column())));
        removed.forEach(f -> changes.add(new Remove(f.column().name(), f.column())));
        List<Operation> operations = new ArrayList<>();
        operations.addAll(indexes(name, removed, ddl).stream().map(DropIndex::new).toList());
        operations.add(new AlterTable(name, changes));
        operations.addAll(indexes(name, added, ddl).stream().map(CreateIndex::new).toList());
        return operations;
    }

    private List<Column.Field> parse(List<String> specs, String key, Ddl ddl) {
        if (specs == null) {
            return List.of();
        }
        if (specs.size() > MAX_FIELDS) {
            throw CairnException.invalid(key + " has " + specs.size() + " fields; at most " + MAX_FIELDS
                    + " are allowed in one migration").with("field", key);
        }
        List<Column.Field> parsed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String at = key + "[" + i + "]";
            Column.Field f = Column.parse(specs.get(i), at, true);
            Column c = binaryId ? Column.of(f.column().name(), f.column().type().withBinaryKey()) : f.column();
            if (names.contains(c.name()) || reserved(c.name())) {
                throw CairnException.invalid(at + ": the column " + c.name() + " is already "
                        + (names.contains(c.name()) ? "listed" : "written by the generator")).with("field", at);
            }
            names.add(c.name());
            ddl.type(c, at);
            parsed.add(new Column.Field(c, f.unique()));
        }
        return parsed;
    }

    private boolean reserved(String column) {
        return table != null && (column.equals("id") || timestamps
                && (column.equals("inserted_at") || column.equals("updated_at")));
    }

    /** An index per reference, then a unique index per unique field, in phx.gen.schema's order. */
    private static List<Index> indexes(String table, List<Column.Field> fields, Ddl ddl) {
        List<Index> indexes = new ArrayList<>();
        for (Column.Field f : fields) {
            Column c = f.column();
            if (c.isReference() && !ddl.indexesForeignKeys()) {
                indexes.add(index(table, c, false));
            }
        }
        for (Column.Field f : fields) {
            if (f.unique()) {
                indexes.add(index(table, f.column(), true));
            }
        }
        return indexes;
    }

    private static Index index(String table, Column c, boolean unique) {
        return new Index(table, List.of(c.name()), Names.index(table, List.of(c.name()), c.name()), unique, false,
                null);
    }
}
