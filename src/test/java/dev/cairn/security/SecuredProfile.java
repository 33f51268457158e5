package dev.cairn.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HexFormat;
import java.util.Map;

/** Auth on, with one token per role. The tokens are test constants; only their hashes reach the configuration. */
public class SecuredProfile implements QuarkusTestProfile {

    public static final String READ = "read-token-7f3a", DEPLOY = "deploy-token-91c2", ADMIN = "admin-token-c04e";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cairn.auth.enabled", "true", "cairn.auth.tokens",
                "viewer:read:" + hash(READ) + ",pipeline:deploy:" + hash(DEPLOY) + ",ops:admin:" + hash(ADMIN));
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(Tokens.sha256(token));
    }
}
