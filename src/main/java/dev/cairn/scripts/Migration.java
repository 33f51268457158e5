package dev.cairn.scripts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One versioned migration: version, name, its up script, optional down script, and whether it runs inside a
 * transaction ({@code transaction} is null when the author did not say, so the dialect's default applies).
 * A migration listed from the store reads its files only when asked, so planning a run over a long history costs
 * a directory listing rather than reading every script.
 */
public final class Migration {

    public static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,100}$");

    /** What the files hold, read together once. */
    record Scripts(String up, String down, Boolean transaction) {}

    private final long version;
    private final String name;
    private final Supplier<Scripts> loader;
    private final Supplier<String> storedChecksum;
    private volatile Scripts scripts;
    private volatile String checksum;

    public Migration(long version, String name, String up, String down, Boolean transaction) {
        this(version, name, null, null);
        this.scripts = new Scripts(up, down, transaction);
    }

    /**
     * A migration as listed in the store: it remembers nothing of its files, so a listing can be kept and reused
     * while the files change underneath; {@link #loaded()} takes the snapshot a run works from.
     */
    Migration(long version, String name, Supplier<Scripts> loader, Supplier<String> storedChecksum) {
        this.version = version;
        this.name = name;
        this.loader = loader;
        this.storedChecksum = storedChecksum;
    }

    /** The files as they are now, read once and kept, so a run applies and records exactly what it read. */
    public Migration loaded() {
        if (loader == null) {
            return this;
        }
        Scripts now = loader.get();
        return new Migration(version, name, now.up(), now.down(), now.transaction());
    }

    public long version() {
        return version;
    }

    public String name() {
        return name;
    }

    public String up() {
        return scripts().up();
    }

    public String down() {
        return scripts().down();
    }

    public Boolean transaction() {
        return scripts().transaction();
    }

    public boolean hasDown() {
        return down() != null && !down().isBlank();
    }

    public String checksum() {
        if (storedChecksum != null) {
            return storedChecksum.get();
        }
        String sum = checksum;
        if (sum == null) {
            sum = checksumOf(up());
            checksum = sum;
        }
        return sum;
    }

    private Scripts scripts() {
        Scripts s = scripts;
        return s != null ? s : loader.get();
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
