package dev.cairn.security;

import dev.cairn.config.CairnConfig;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM with the configured {@code cairn.secret-key}, so literal target passwords never rest on disk in plaintext. */
@ApplicationScoped
public class PasswordCipher {

    private static final String PREFIX = "aesgcm:v1:";
    private static final int IV_BYTES = 12, TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();

    public PasswordCipher(CairnConfig config) {
        this.key = config.secretKey().filter(k -> !k.isBlank()).map(PasswordCipher::parseKey);
    }

    public boolean available() {
        return key.isPresent();
    }

    public String encrypt(String plain) {
        SecretKeySpec k = key.orElseThrow(() -> CairnException.invalid(
                "a literal password needs cairn.secret-key (CAIRN_SECRET_KEY) so it can be stored encrypted; "
                        + "set one, or register the repo with passwordEnv naming an environment variable")
                .with("field", "password"));
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String decrypt(String stored) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("stored password is not in a format this Cairn understands");
        }
        SecretKeySpec k = key.orElseThrow(() -> Problem.SECRET_KEY_MISSING.raise(
                "the repo's password was stored encrypted but cairn.secret-key is not configured now"));
        byte[] blob = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, blob, 0, IV_BYTES));
            return new String(cipher.doFinal(blob, IV_BYTES, blob.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw Problem.SECRET_KEY_MISMATCH.raise("the repo's stored password cannot be decrypted with the "
                    + "configured cairn.secret-key; register the password again");
        }
    }

    private static SecretKeySpec parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cairn.secret-key must be base64 (e.g. openssl rand -base64 32)");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException(
                    "cairn.secret-key must decode to 16, 24 or 32 bytes, e.g. openssl rand -base64 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
