package dev.cairn.migration;

import dev.cairn.problem.CairnException;

/**
 * Migration versions written as text, in folder names, paths and query strings: a non-negative 64-bit number. 0 is
 * a version (Diesel's initial setup and Ecto's own ledger use it); 20 digits are not.
 */
public final class Versions {

    private Versions() {}

    /** Whether {@code digits} (already known to be digits only) is a version. */
    public static boolean fits(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() < 19 || significant.length() == 19
                && significant.compareTo(Long.toString(Long.MAX_VALUE)) <= 0;
    }

    /** The version {@code text} spells; refused with a 400 naming {@code field} when it is none. */
    public static long parse(String text, String field) {
        if (text == null || !text.matches("\\d{1,19}") || !fits(text)) {
            throw CairnException.invalid(field + " must be a whole number from 0 to " + Long.MAX_VALUE
                    + ", such as 20240101120000").with("field", field);
        }
        return Long.parseLong(text);
    }
}
