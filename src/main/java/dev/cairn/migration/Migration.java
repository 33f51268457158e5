package dev.cairn.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One versioned migration as read: version, name, its up script, optional down script, and whether it runs inside a
 * transaction ({@code transaction} is null when the author did not say, so the dialect's default applies). A value:
 * it holds the scripts, and nothing reads a disk behind it ({@link ListedMigration} is the listed, unread form).
 * Scripts may be empty or hold only comments: real histories keep such slots, and they apply (and revert) as no-ops.
 * An empty down script reverts as a no-op; no down script at all ({@code down} null) makes the migration
 * irreversible. {@code timeouts} are the migration's own ({@link Timeouts#NONE} when it declares none); they win
 * over the run's for this migration. {@code pin}, when not null, makes it a {@link SetPin}: its scripts are comments
 * and running it runs the set.
 */
public record Migration(long version, String name, String up, String down, Boolean transaction, Timeouts timeouts,
                        SetPin pin) {

    public static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,100}$");

    public Migration {
        timeouts = timeouts == null ? Timeouts.NONE : timeouts;
    }

    /** A migration of SQL, not a set pin. */
    public Migration(long version, String name, String up, String down, Boolean transaction, Timeouts timeouts) {
        this(version, name, up, down, transaction, timeouts, null);
    }

    /** A migration that declares no timeouts of its own. */
    public Migration(long version, String name, String up, String down, Boolean transaction) {
        this(version, name, up, down, transaction, Timeouts.NONE);
    }

    public boolean hasDown() {
        return down != null;
    }

    /** The checksum recorded in the ledger and compared by status: {@link #checksumOf} the up script. */
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

    @Override
    public String toString() {
        return version + "_" + name;
    }
}
