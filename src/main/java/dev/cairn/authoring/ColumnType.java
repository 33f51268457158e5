package dev.cairn.authoring;

import dev.cairn.problem.CairnException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A column's type in Ecto's vocabulary, as {@code phx.gen.schema} reads it after the field's name:
 * {@code string}, {@code array:string}, {@code enum:active:archived}, {@code references:orgs:on_delete=delete_all}.
 * {@code element} is an array's element type or a reference's key type (null: {@code bigint}; or
 * {@code type=binary_id} …), {@code values} an enum's values, {@code references} and {@code onDelete} a reference's
 * table and Ecto's {@code on_delete:}; each engine's {@link Ddl} says what SQL type it becomes.
 */
record ColumnType(Base base, Base element, List<String> values, String references, OnDelete onDelete) {

    enum Base {
        STRING, TEXT, INTEGER, BIGINT, FLOAT, DECIMAL, BOOLEAN, BINARY, DATE, TIME, TIME_USEC, NAIVE_DATETIME,
        NAIVE_DATETIME_USEC, UTC_DATETIME, UTC_DATETIME_USEC, UUID, BINARY_ID, MAP, ARRAY, ENUM, REFERENCES;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean scalar() {
            return this != ARRAY && this != ENUM && this != REFERENCES;
        }

        static Base of(String word) {
            for (Base b : values()) {
                if (b.word().equals(word)) {
                    return b;
                }
            }
            return null;
        }
    }

    /** Ecto's {@code on_delete:} values and the SQL they stand for ({@code nothing} writes no clause). */
    enum OnDelete {
        NOTHING(null), DELETE_ALL("CASCADE"), NILIFY_ALL("SET NULL"), RESTRICT("RESTRICT");

        final String sql;

        OnDelete(String sql) {
            this.sql = sql;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern ENUM_VALUE = Pattern.compile("^[A-Za-z0-9_.-]{1,63}$");
    static final String KNOWN = Arrays.stream(Base.values()).map(Base::word).collect(Collectors.joining(", "));

    /** A type without arguments, e.g. {@code string}. */
    static ColumnType of(Base base) {
        return new ColumnType(base, null, List.of(), null, null);
    }

    /** Reads a type written on its own ({@code "type": "array:string"}). */
    static ColumnType parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw CairnException.invalid(field + " needs a type such as string; known types: " + KNOWN)
                    .with("field", field);
        }
        List<String> parts = List.of(text.split(":", -1));
        Parsed parsed = parse(parts, 0, field, text);
        if (parsed.next() < parts.size()) {
            throw unexpected(field, text, parts.get(parsed.next()));
        }
        return parsed.type();
    }

    record Parsed(ColumnType type, int next) {}

    /** Reads the type that starts at {@code parts[at]}; {@code next} is the first part it did not take. */
    static Parsed parse(List<String> parts, int at, String field, String spec) {
        if (at >= parts.size() || parts.get(at).isEmpty()) {
            throw CairnException.invalid(field + " '" + Names.shorten(spec) + "' names no type; write name:type, "
                    + "with a type from " + KNOWN).with("field", field);
        }
        Base base = Base.of(parts.get(at));
        if (base == null) {
            throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': unknown type '"
                    + Names.shorten(parts.get(at)) + "'; known types: " + KNOWN).with("field", field);
        }
        int next = at + 1;
        switch (base) {
            case ARRAY -> {
                Base element = next < parts.size() ? Base.of(parts.get(next)) : null;
                if (element == null || !element.scalar()) {
                    throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': an array needs the type "
                            + "of its elements, such as array:string").with("field", field);
                }
                return new Parsed(new ColumnType(base, element, List.of(), null, null), next + 1);
            }
            case ENUM -> {
                int end = next;
                while (end < parts.size() && !(end == parts.size() - 1 && parts.get(end).equals("unique"))) {
                    if (!ENUM_VALUE.matcher(parts.get(end)).matches()) {
                        throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': enum values are 1 to "
                                + "63 of A-Z, a-z, 0-9, _, . and - (got '" + Names.shorten(parts.get(end)) + "')")
                                .with("field", field);
                    }
                    end++;
                }
                if (end == next) {
                    throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': an enum needs its values, "
                            + "such as enum:active:archived").with("field", field);
                }
                return new Parsed(new ColumnType(base, null, List.copyOf(parts.subList(next, end)), null, null), end);
            }
            case REFERENCES -> {
                if (next >= parts.size() || parts.get(next).isEmpty()) {
                    throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': references needs the "
                            + "table it points at, such as org_id:references:orgs").with("field", field);
                }
                String table = Names.check(parts.get(next), field + " (the referenced table)");
                OnDelete onDelete = OnDelete.NOTHING;
                Base key = null;
                for (next++; next < parts.size(); next++) {
                    String option = parts.get(next);
                    if (option.startsWith("on_delete=")) {
                        onDelete = onDelete(option.substring("on_delete=".length()), field, spec);
                    } else if (option.startsWith("type=")) {
                        key = key(option.substring("type=".length()), field, spec);
                    } else {
                        break;
                    }
                }
                return new Parsed(new ColumnType(base, key, List.of(), table, onDelete), next);
            }
            default -> {
                return new Parsed(of(base), next);
            }
        }
    }

    private static OnDelete onDelete(String word, String field, String spec) {
        for (OnDelete d : OnDelete.values()) {
            if (d.word().equals(word)) {
                return d;
            }
        }
        throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': on_delete must be nothing, "
                + "delete_all, nilify_all or restrict").with("field", field);
    }

    private static Base key(String word, String field, String spec) {
        Base key = Base.of(word);
        if (key != Base.BIGINT && key != Base.INTEGER && key != Base.UUID && key != Base.BINARY_ID) {
            throw CairnException.invalid(field + " '" + Names.shorten(spec) + "': a reference's type= is bigint, "
                    + "integer, uuid or binary_id").with("field", field);
        }
        return key;
    }

    /** A reference that names no key type points at binary ids, as phx.gen.schema --binary-id writes them. */
    ColumnType withBinaryKey() {
        return base == Base.REFERENCES && element == null
                ? new ColumnType(base, Base.BINARY_ID, values, references, onDelete) : this;
    }

    static CairnException unexpected(String field, String spec, String part) {
        return CairnException.invalid(field + " '" + Names.shorten(spec) + "': unexpected '" + Names.shorten(part)
                + "' after the type").with("field", field);
    }
}
