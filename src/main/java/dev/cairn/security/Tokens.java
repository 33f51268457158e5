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
 * The configured tokens, known only by their SHA-256 hashes ({@code cairn.auth.tokens=name:role:sha256hex,…}).
 * A presented token is hashed and compared with every entry in constant time.
 */
@ApplicationScoped
public class Tokens {

    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z0-9_.-]{1,64}):(read|deploy|admin):([0-9a-fA-F]{64})$");

    public record Token(String name, Role role, byte[] hash) {}

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
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            var m = ENTRY.matcher(trimmed);
            if (!m.matches()) {
                throw new IllegalStateException("cairn.auth.tokens entries must look like name:role:sha256hex with role "
                        + "read, deploy or admin; entry " + (parsed.size() + 1) + " does not (the README shows how to "
                        + "make one)");
            }
            parsed.add(new Token(m.group(1), Role.valueOf(m.group(2)), HexFormat.of().parseHex(m.group(3).toLowerCase())));
        }
        return List.copyOf(parsed);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
