package dev.cairn.target;

import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.security.PasswordCipher;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A repo's plain password, from its environment variable or its encrypted registration, only when connecting. */
@ApplicationScoped
public class TargetPasswords {

    private final PasswordCipher cipher;

    public TargetPasswords(PasswordCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * The password to log in with, the empty one when the repo has none: never null, as pgjdbc would then look for a
     * password in Cairn's own {@code ~/.pgpass}.
     */
    String of(Repo repo) {
        if (repo.passwordEnv() != null) {
            String value = System.getenv(repo.passwordEnv());
            if (value == null) {
                throw Problem.PASSWORD_ENV_MISSING.raise("repo '" + repo.id() + "' reads its password from the "
                        + "environment variable " + repo.passwordEnv() + ", which is not set in Cairn's environment")
                        .with("repo", repo.id());
            }
            return value;
        }
        return repo.encryptedPassword() == null ? "" : cipher.decrypt(repo.encryptedPassword());
    }

    /** Tells two passwords apart without keeping either. */
    static String digest(String password) {
        if (password == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
