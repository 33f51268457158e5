package dev.cairn.scripts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One versioned migration as stored: its up script, optional down script, and whether it runs inside a transaction.
 * {@code transaction} is null when the author did not say, so the dialect's default applies.
 */
public record Migration(long version, String name, String up, String down, Boolean transaction) {

    public static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,100}$");

    public boolean hasDown() {
        return down != null && !down.isBlank();
    }

    public String checksum() {
        return checksumOf(up);
    }

    /** SHA-256 of the script with CRLF and CR folded to LF, so a checkout on Windows is not a change. */
    public static String checksumOf(String script) {
        String normalised = script.replace("\r\n", "\n").replace('\r', '\n');
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
