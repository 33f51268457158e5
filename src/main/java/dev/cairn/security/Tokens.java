package dev.cairn.security;

import dev.cairn.config.CairnConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured tokens, known only by their SHA-256 hashes ({@code cairn.auth.tokens=name:role:sha256hex[:scope],…}).
 * A presented token is hashed and compared with every entry in constant time. The configuration is one
 * comma-separated list, so a scope's own comma-separated items arrive as separate entries: a piece that does not
 * start a new {@code name:role:} entry continues the scope of the one before.
 */
@ApplicationScoped
public class Tokens {

    private static final Pattern ENTRY = Pattern.compile(
            "^([A-Za-z0-9_.-]{1,64}):(read|deploy|admin):([0-9a-fA-F]{64})(?::(.*))?$", Pattern.DOTALL);
    private static final Pattern STARTS_ENTRY = Pattern.compile("^[A-Za-z0-9_.-]{1,64}:(read|deploy|admin):.*",
            Pattern.DOTALL);

    public record Token(String name, Role role, byte[] hash, Scope scope) {}

    private final List<Token> tokens;

    public Tokens(CairnConfig config) {
        this.tokens = parse(config.auth().tokens().orElse(List.of()));
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    List<Token> all() {
        return tokens;
    }

    public Optional<Token> match(String presented) {
        byte[] hash = sha256(presented);
        Token found = null;
        for (Token t : tokens) {
            // No early exit: every entry is compared, so timing says nothing about which one matched.
            if (MessageDigest.isEqual(t.hash(), hash)) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    static List<Token> parse(List<String> entries) {
        List<Token> parsed = new ArrayList<>();
        for (String entry : regroup(entries)) {
            var m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalStateException("cairn.auth.tokens entries must look like name:role:sha256hex[:scope] "
                        + "with role read, deploy or admin; entry " + (parsed.size() + 1) + " does not (the README "
                        + "shows how to make one)");
            }
            Scope scope = Scope.EVERY_REPO;
            if (m.group(4) != null) {
                try {
                    scope = Scope.parse(m.group(4));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("cairn.auth.tokens entry '" + m.group(1) + "': " + e.getMessage());
                }
            }
            parsed.add(new Token(m.group(1), Role.valueOf(m.group(2)), HexFormat.of().parseHex(m.group(3)
                    .toLowerCase()), scope));
        }
        return List.copyOf(parsed);
    }

    /** Joins the pieces of a scope that the list's commas split back onto their entry. */
    private static List<String> regroup(List<String> pieces) {
        List<String> entries = new ArrayList<>();
        for (String piece : pieces) {
            String trimmed = piece.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int last = entries.size() - 1;
            if (!STARTS_ENTRY.matcher(trimmed).matches() && last >= 0 && hasScope(entries.get(last))) {
                entries.set(last, entries.get(last) + "," + trimmed);
            } else {
                entries.add(trimmed);
            }
        }
        return entries;
    }

    private static boolean hasScope(String entry) {
        var m = ENTRY.matcher(entry);
        return m.matches() && m.group(4) != null;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
