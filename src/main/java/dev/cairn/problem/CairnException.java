package dev.cairn.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Problem} that happened, with its detail in words and its facts as fields (the version that failed, the
 * field that was wrong). Nothing below {@code api/} knows how it is answered.
 */
public class CairnException extends RuntimeException {

    private final Problem problem;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private Remedy remedy;

    CairnException(Problem problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
    }

    /** The request is wrong; {@code detail} names what was expected. */
    public static CairnException invalid(String detail) {
        return Problem.INVALID_REQUEST.raise(detail);
    }

    /** Adds a machine-readable field to the problem (e.g. the version that failed); null values are left out. */
    public CairnException with(String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    /** Names the call that fixes this; the API adds its route to the detail. */
    public CairnException remedy(Remedy remedy) {
        this.remedy = remedy;
        return this;
    }

    /** The problem as plain values, for records that outlive the request (a failed run's history). */
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("type", problem.slug());
        described.put("title", problem.title());
        described.put("detail", getMessage());
        described.putAll(fields);
        return described;
    }

    public Problem problem() {
        return problem;
    }

    public String slug() {
        return problem.slug();
    }

    public String title() {
        return problem.title();
    }

    public Remedy remedy() {
        return remedy;
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
