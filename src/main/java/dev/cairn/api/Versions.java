package dev.cairn.api;

import dev.cairn.problem.CairnException;

/** Migration versions arrive as text in paths and query strings; they must be positive 64-bit numbers. */
final class Versions {

    private Versions() {}

    static long parse(String text, String field) {
        if (text == null || !text.matches("\\d{1,18}")) {
            throw CairnException.invalid(field + " must be a positive whole number of at most 18 digits, such as "
                    + "20240101120000").with("field", field);
        }
        long version = Long.parseLong(text);
        if (version == 0) {
            throw CairnException.invalid(field + " must be greater than 0").with("field", field);
        }
        return version;
    }
}
