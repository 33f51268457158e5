package dev.cairn.authoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One JSON object of a change, read strictly as the rest of Cairn reads bodies: an unknown key or a value of the
 * wrong kind is a 400 naming where it is ({@code change[1].createTable.columns[0].type}).
 */
final class JsonFields {

    private final JsonNode node;
    final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonFields object(JsonNode node, String path, Set<String> keys) {
        if (node == null || !node.isObject()) {
            throw CairnException.invalid(path + " must be a JSON object").with("field", path);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw Problem.UNKNOWN_FIELD.raise("unknown field '" + name + "' in " + path + "; known fields: "
                        + String.join(", ", keys.stream().sorted().toList())).with("field", path + "." + name);
            }
        }
        return new JsonFields(node, path);
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    JsonNode get(String key) {
        return node.get(key);
    }

    String at(String key) {
        return path + "." + key;
    }

    String text(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrong(key, "a string");
        }
        return value.asText();
    }

    String requiredText(String key) {
        String value = text(key);
        if (value == null) {
            throw CairnException.invalid(at(key) + " is required").with("field", at(key));
        }
        return value;
    }

    String name(String key) {
        return Names.check(text(key), at(key));
    }

    boolean bool(String key, boolean otherwise) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw wrong(key, "true or false");
        }
        return value.asBoolean();
    }

    Boolean optionalBool(String key) {
        return has(key) ? bool(key, false) : null;
    }

    /** A whole number from 1 to {@code max}, or null. */
    Integer count(String key, int max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt() || value.asInt() < 1 || value.asInt() > max) {
            throw wrong(key, "a whole number from 1 to " + max);
        }
        return value.asInt();
    }

    /** The array under {@code key}, or null when absent; at most {@code max} entries. */
    List<JsonNode> array(String key, int max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw wrong(key, "an array");
        }
        if (value.size() > max) {
            throw CairnException.invalid(at(key) + " has " + value.size() + " entries; at most " + max
                    + " are allowed in one migration").with("field", at(key));
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    private CairnException wrong(String key, String expected) {
        return Problem.INVALID_FIELD.raise("field '" + at(key) + "' must be " + expected).with("field", at(key));
    }
}
