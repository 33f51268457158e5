package dev.cairn.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a migration's {@code migration.json} says beyond its scripts: {@code transaction}, and its own
 * {@code lockTimeout}, {@code lockRetries} and {@code statementTimeout}. People edit the file by hand, so it is
 * read strictly: a misspelt key silently ignored would run a migration without the limit its author meant.
 */
record MigrationSettings(Boolean transaction, Timeouts timeouts, SetPin pin) {

    static final MigrationSettings NONE = new MigrationSettings(null, Timeouts.NONE, null);
    private static final Set<String> KEYS = Set.of("transaction", "lockTimeout", "lockRetries", "statementTimeout",
            "set", "setVersion");

    /** Whether the migration says anything a {@code migration.json} holds. */
    static boolean any(Migration m) {
        return m.transaction() != null || m.timeouts().declared() || m.pin() != null;
    }

    static String write(ObjectMapper json, Migration m) throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        Timeouts t = m.timeouts();
        put(settings, "transaction", m.transaction());
        put(settings, "lockTimeout", Timeouts.text(t.lockTimeout()));
        put(settings, "lockRetries", t.lockRetries());
        put(settings, "statementTimeout", Timeouts.text(t.statementTimeout()));
        if (m.pin() != null) {
            settings.put("set", m.pin().set());
            settings.put("setVersion", m.pin().version());
        }
        return json.writeValueAsString(settings) + "\n";
    }

    /** @param file the file as the store names it, for the problem that names what to fix */
    static MigrationSettings read(ObjectMapper json, String text, String file) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(file, "is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw invalid(file, "must hold one JSON object, such as {\"transaction\": false}");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw invalid(file, "has the unknown key '" + key + "'; it may hold " + KEYS);
            }
        }
        JsonNode transaction = node.get("transaction");
        if (transaction != null && !transaction.isBoolean() && !transaction.isNull()) {
            throw invalid(file, "says \"transaction\": " + transaction + "; it must be true or false");
        }
        try {
            return new MigrationSettings(transaction == null || transaction.isNull() ? null : transaction.asBoolean(),
                    Timeouts.parse(text(node, "lockTimeout", file), retries(node, file),
                            text(node, "statementTimeout", file)), pin(node, file));
        } catch (CairnException e) {
            throw invalid(file, "is wrong: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String key, String file) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(file, "says \"" + key + "\": " + value + "; write a duration such as \"2s\"");
        }
        return value.asText();
    }

    private static SetPin pin(JsonNode node, String file) {
        String set = text(node, "set", file);
        JsonNode version = node.get("setVersion");
        if (set == null && (version == null || version.isNull())) {
            return null;
        }
        if (set == null || version == null || !version.canConvertToLong() || version.asLong() < 0) {
            throw invalid(file, "names a set pin by halves; it needs \"set\" and a \"setVersion\" of 0 or more");
        }
        return new SetPin(set, version.asLong());
    }

    private static Integer retries(JsonNode node, String file) {
        JsonNode value = node.get("lockRetries");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isInt()) {
            throw invalid(file, "says \"lockRetries\": " + value + "; it must be a whole number");
        }
        return value.asInt();
    }

    private static void put(Map<String, Object> settings, String key, Object value) {
        if (value != null) {
            settings.put(key, value);
        }
    }

    private static CairnException invalid(String file, String what) {
        return Problem.MIGRATION_SETTINGS_INVALID.raise("the store's " + file + " " + what
                + ". Fix the file; nothing was run.").with("file", file);
    }
}
