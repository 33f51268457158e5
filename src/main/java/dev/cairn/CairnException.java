package dev.cairn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the caller can act on. The {@link Kind} says whose fault it is and what kind of answer fits;
 * the API layer turns it into a problem document, nothing below it knows about HTTP.
 */
public class CairnException extends RuntimeException {

    public enum Kind {
        /** The request itself is wrong. */
        INVALID,
        NOT_FOUND,
        /** The request is fine but collides with the current state (a taken version, a held lock, a dirty repo). */
        CONFLICT,
        /** The request is fine but the target database refused the work (a failing migration). */
        REJECTED,
        /** The target database cannot be reached or is not ready. */
        UNAVAILABLE,
        /** Cairn itself failed (its store is full or read-only). */
        INTERNAL
    }

    private final Kind kind;
    private final String slug;
    private final String title;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public CairnException(Kind kind, String slug, String title, String detail) {
        this(kind, slug, title, detail, null);
    }

    public CairnException(Kind kind, String slug, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.slug = slug;
        this.title = title;
    }

    public static CairnException invalid(String detail) {
        return new CairnException(Kind.INVALID, "invalid-request", "Invalid request", detail);
    }

    public static CairnException notFound(String what, String detail) {
        return new CairnException(Kind.NOT_FOUND, what + "-not-found", "Not found", detail);
    }

    /** Adds a machine-readable field to the problem document (e.g. the version that failed). */
    public CairnException with(String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    /** The problem as plain values, for records that outlive the request (a failed run's history). */
    public Map<String, Object> describe() {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", slug);
        problem.put("title", title);
        problem.put("detail", getMessage());
        problem.putAll(fields);
        return problem;
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
