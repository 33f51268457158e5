package dev.cairn.authoring;

import dev.cairn.problem.CairnException;
import java.util.List;

/**
 * One column as a migration states it: name, type, and the options Ecto's {@code add} takes ({@code null:},
 * {@code default:}, {@code size:}, {@code precision:}, {@code scale:}); null options are left to the database.
 * {@code defaultValue} is a JSON scalar: a string, a number or a boolean.
 */
record Column(String name, ColumnType type, Boolean nullable, Object defaultValue, Integer size, Integer precision,
              Integer scale) {

    /** A field spec's column: {@code name:type…}, with no options. */
    static Column of(String name, ColumnType type) {
        return new Column(name, type, null, null, null, null, null);
    }

    /** A field spec as phx.gen.schema reads it, with its {@code :unique} flag. */
    record Field(Column column, boolean unique) {}

    /**
     * Reads {@code name:type[:args][:unique]}.
     * @param field where the request holds the spec, such as {@code fields[2]}
     * @param uniqueAllowed whether {@code :unique} may follow (only the generator makes indexes from it)
     */
    static Field parse(String spec, String field, boolean uniqueAllowed) {
        if (spec == null || spec.isBlank()) {
            throw CairnException.invalid(field + " is empty; write name:type, such as email:string")
                    .with("field", field);
        }
        List<String> parts = List.of(spec.split(":", -1));
        String name = Names.check(parts.get(0), field + " (the column name)");
        ColumnType.Parsed parsed = ColumnType.parse(parts, 1, field, spec);
        int next = parsed.next();
        boolean unique = false;
        if (next < parts.size() && parts.get(next).equals("unique")) {
            if (!uniqueAllowed) {
                throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': add a createIndex with "
                        + "\"unique\": true for a unique column").with("field", field);
            }
            unique = true;
            next++;
        }
        if (next < parts.size()) {
            throw ColumnType.unexpected(field, spec, parts.get(next));
        }
        return new Field(of(name, parsed.type()), unique);
    }

    boolean isReference() {
        return type != null && type.base() == ColumnType.Base.REFERENCES;
    }

    boolean isEnum() {
        return type != null && type.base() == ColumnType.Base.ENUM;
    }
}
