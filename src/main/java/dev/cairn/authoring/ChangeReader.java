package dev.cairn.authoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.authoring.Operation.Add;
import dev.cairn.authoring.Operation.AlterTable;
import dev.cairn.authoring.Operation.ColumnChange;
import dev.cairn.authoring.Operation.CreateIndex;
import dev.cairn.authoring.Operation.CreateTable;
import dev.cairn.authoring.Operation.DropIndex;
import dev.cairn.authoring.Operation.DropTable;
import dev.cairn.authoring.Operation.Execute;
import dev.cairn.authoring.Operation.Index;
import dev.cairn.authoring.Operation.Modify;
import dev.cairn.authoring.Operation.Remove;
import dev.cairn.authoring.Operation.Rename;
import dev.cairn.authoring.Operation.RenameTable;
import dev.cairn.authoring.Operation.TableShape;
import dev.cairn.problem.CairnException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code change} list: each entry is one object with one key naming the operation, Ecto's vocabulary in
 * JSON ({@code {"createTable": {"table": "users", "columns": ["name:string"]}}}). Columns are field specs
 * ({@code "email:string"}) or objects with Ecto's options ({@code {"name", "type", "null", "default", "size",
 * "precision", "scale"}}).
 */
final class ChangeReader {

    static final int MAX = 250;
    static final List<String> OPERATIONS = List.of("createTable", "alterTable", "renameTable", "createIndex",
            "dropIndex", "dropTable", "execute");
    private static final Set<String> COLUMN = Set.of("name", "type", "null", "default", "size", "precision", "scale");
    private static final Set<String> SHAPE = Set.of("table", "columns", "primaryKey", "binaryId", "timestamps");
    private static final Set<String> FROM = Set.of("type", "null", "default", "size", "precision", "scale");
    private static final Set<String> INDEX = Set.of("table", "columns", "name", "unique", "concurrently", "where");

    private ChangeReader() {}

    static List<Operation> read(JsonNode change) {
        if (change == null || !change.isArray() || change.isEmpty()) {
            throw CairnException.invalid("change must be a list of operations, such as [{\"createTable\": {…}}]; "
                    + "one of " + String.join(", ", OPERATIONS)).with("field", "change");
        }
        if (change.size() > MAX) {
            throw CairnException.invalid("change has " + change.size() + " operations; at most " + MAX
                    + " are allowed in one migration").with("field", "change");
        }
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < change.size(); i++) {
            operations.add(operation(change.get(i), "change[" + i + "]"));
        }
        return operations;
    }

    private static Operation operation(JsonNode node, String path) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw CairnException.invalid(path + " must be an object with one key naming the operation: "
                    + String.join(", ", OPERATIONS)).with("field", path);
        }
        String kind = node.fieldNames().next();
        JsonNode body = node.get(kind);
        String at = path + "." + kind;
        return switch (kind) {
            case "createTable" -> {
                JsonFields f = JsonFields.object(body, at, plus(SHAPE, "ifNotExists"));
                yield new CreateTable(shape(f), f.bool("ifNotExists", false));
            }
            case "dropTable" -> {
                JsonFields f = JsonFields.object(body, at, plus(SHAPE, "ifExists"));
                yield new DropTable(f.name("table"), f.has("columns") ? shape(f) : null,
                        f.bool("ifExists", false));
            }
            case "alterTable" -> alter(JsonFields.object(body, at, Set.of("table", "add", "modify", "remove",
                    "rename")));
            case "renameTable" -> {
                JsonFields f = JsonFields.object(body, at, Set.of("from", "to"));
                yield new RenameTable(f.name("from"), f.name("to"));
            }
            case "createIndex" -> new CreateIndex(index(JsonFields.object(body, at, INDEX), true));
            case "dropIndex" -> new DropIndex(index(JsonFields.object(body, at, INDEX), false));
            case "execute" -> {
                JsonFields f = JsonFields.object(body, at, Set.of("up", "down"));
                yield new Execute(f.requiredText("up"), f.text("down"));
            }
            default -> throw CairnException.invalid(path + ": unknown operation '" + Names.shorten(kind)
                    + "'; one of " + String.join(", ", OPERATIONS)).with("field", path);
        };
    }

    private static TableShape shape(JsonFields f) {
        List<JsonNode> nodes = f.array("columns", MAX);
        if (nodes == null) {
            nodes = List.of();
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            columns.add(column(nodes.get(i), f.at("columns") + "[" + i + "]"));
        }
        return new TableShape(f.name("table"), columns, f.bool("primaryKey", true), f.bool("binaryId", false),
                f.bool("timestamps", false));
    }

    private static AlterTable alter(JsonFields f) {
        List<ColumnChange> changes = new ArrayList<>();
        for (Item item : items(f, "add")) {
            changes.add(new Add(column(item.node(), item.path())));
        }
        for (Item item : items(f, "modify")) {
            changes.add(modify(item.node(), item.path()));
        }
        for (Item item : items(f, "remove")) {
            changes.add(remove(item.node(), item.path()));
        }
        for (Item item : items(f, "rename")) {
            JsonFields r = JsonFields.object(item.node(), item.path(), Set.of("from", "to"));
            changes.add(new Rename(r.name("from"), r.name("to")));
        }
        if (changes.isEmpty()) {
            throw CairnException.invalid(f.path + " changes nothing: give add, modify, remove or rename")
                    .with("field", f.path);
        }
        return new AlterTable(f.name("table"), changes);
    }

    private record Item(JsonNode node, String path) {}

    private static List<Item> items(JsonFields f, String key) {
        List<JsonNode> nodes = f.array(key, MAX);
        List<Item> items = new ArrayList<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            items.add(new Item(nodes.get(i), f.at(key) + "[" + i + "]"));
        }
        return items;
    }

    /** A field spec or an object of Ecto's column options. */
    static Column column(JsonNode node, String path) {
        if (node != null && node.isTextual()) {
            return Column.parse(node.asText(), path, false).column();
        }
        JsonFields f = JsonFields.object(node, path, COLUMN);
        return options(f, f.name("name"), ColumnType.parse(f.text("type"), f.at("type")));
    }

    private static Column options(JsonFields f, String name, ColumnType type) {
        JsonNode value = f.get("default");
        Object defaultValue = null;
        if (value != null && !value.isNull()) {
            if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                throw CairnException.invalid(f.at("default") + " must be a string, a number or true or false")
                        .with("field", f.at("default"));
            }
            defaultValue = value.isTextual() ? value.asText() : value.isBoolean() ? value.asBoolean()
                    : value.numberValue();
        }
        return new Column(name, type, f.optionalBool("null"), defaultValue, f.count("size", 65_535),
                f.count("precision", 1000), f.count("scale", 1000));
    }

    /** {@code modify}: a column object whose {@code from} is the type before, or an object of type and options. */
    private static Modify modify(JsonNode node, String path) {
        JsonFields f = JsonFields.object(node, path, plus(COLUMN, "from"));
        String name = f.name("name");
        Column column = modifiable(options(f, name, ColumnType.parse(f.text("type"), f.at("type"))), f.at("type"));
        JsonNode fromNode = f.get("from");
        Column from = null;
        if (fromNode != null && fromNode.isTextual()) {
            from = Column.of(name, modifiable(Column.of(name, ColumnType.parse(fromNode.asText(), f.at("from"))),
                    f.at("from")).type());
        } else if (fromNode != null && !fromNode.isNull()) {
            JsonFields was = JsonFields.object(fromNode, f.at("from"), FROM);
            from = modifiable(options(was, name, ColumnType.parse(was.text("type"), was.at("type"))), was.at("type"));
        }
        return new Modify(column, from);
    }

    /** A modify changes a plain column: a reference or an enum brings constraints a modify would have to redo. */
    private static Column modifiable(Column column, String path) {
        if (column.isReference() || column.isEnum()) {
            throw CairnException.invalid(path + ": modify takes plain types; to change a reference or an enum, "
                    + "remove the column and add it again, or use execute").with("field", path);
        }
        return column;
    }

    /** {@code remove}: a bare name (irreversible), a field spec, or a column object. */
    private static Remove remove(JsonNode node, String path) {
        if (node != null && node.isTextual() && !node.asText().contains(":")) {
            return new Remove(Names.check(node.asText(), path), null);
        }
        Column was = column(node, path);
        return new Remove(was.name(), was);
    }

    private static Index index(JsonFields f, boolean create) {
        String table = f.name("table");
        List<JsonNode> nodes = f.array("columns", 32);
        List<String> columns = null;
        if (nodes != null) {
            columns = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode n = nodes.get(i);
                columns.add(Names.check(n.isTextual() ? n.asText() : null, f.at("columns") + "[" + i + "]"));
            }
        }
        if ((columns == null || columns.isEmpty()) && (create || !f.has("name"))) {
            throw CairnException.invalid(f.at("columns") + " is required: the indexed columns, such as [\"email\"]"
                    + (create ? "" : " (or the index's \"name\")")).with("field", f.at("columns"));
        }
        String name = f.has("name") ? f.name("name") : Names.index(table, columns, f.at("columns"));
        String where = f.text("where");
        return new Index(table, columns == null || columns.isEmpty() ? null : columns, name, f.bool("unique", false),
                f.bool("concurrently", false), where);
    }

    private static Set<String> plus(Set<String> keys, String key) {
        Set<String> all = new HashSet<>(keys);
        all.add(key);
        return all;
    }
}
