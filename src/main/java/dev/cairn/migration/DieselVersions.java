package dev.cairn.migration;

/**
 * Diesel's versions as Cairn versions. Diesel names a migration folder after its version, a timestamp written
 * {@code 2019-04-02-101500} (14 digits once the dashes are gone, as Diesel's ledger keeps it), and projects that need
 * more than one migration a second add a subversion: {@code 2024-11-05-093000-0000}. Diesel orders versions as
 * text. Read as bare numbers, an 18-digit version would sort after every 14-digit one, and past 2^53, where JSON
 * clients lose digits; so a timestamp becomes timestamp × 100 and one with a subversion timestamp × 100 +
 * subversion + 1. That keeps Diesel's order and stays below 2^53 for any date before the year 9000. A version
 * shorter than a timestamp ({@code 1}, {@code 0002}) keeps its number.
 */
public final class DieselVersions {

    static final int TIMESTAMP_DIGITS = 14;
    private static final int MAX_SUBVERSION = 98, MAX_SUBVERSION_DIGITS = 4;

    private DieselVersions() {}

    /**
     * The Cairn version of Diesel's {@code version}, as written in a folder name (dashes and all) or in Diesel's
     * ledger (without them).
     *
     * @throws IllegalArgumentException saying why, for a version that is none of the shapes above
     */
    public static long of(String version) {
        String digits = version.replace("-", "");
        if (!digits.matches("\\d+")) {
            throw new IllegalArgumentException("Diesel version " + version + " is not digits and dashes");
        }
        if (digits.length() < TIMESTAMP_DIGITS) {
            return Long.parseLong(digits);
        }
        long timestamp = Long.parseLong(digits.substring(0, TIMESTAMP_DIGITS));
        String sub = digits.substring(TIMESTAMP_DIGITS);
        if (sub.isEmpty()) {
            return timestamp * 100;
        }
        if (sub.length() > MAX_SUBVERSION_DIGITS || Integer.parseInt(sub) > MAX_SUBVERSION) {
            throw new IllegalArgumentException("Diesel version " + version + " is a 14-digit timestamp followed by "
                    + sub + "; Cairn reads a subversion from 0 to " + MAX_SUBVERSION + " (such as -0000)");
        }
        return timestamp * 100 + Integer.parseInt(sub) + 1;
    }
}
