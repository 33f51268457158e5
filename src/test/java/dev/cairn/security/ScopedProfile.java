package dev.cairn.security;

import java.util.HashMap;
import java.util.Map;

/**
 * SecuredProfile's unscoped tokens, and tokens of each role scoped to {@code team=payments}, plus a read token
 * scoped to two id globs (written with the list's own comma between them).
 */
public class ScopedProfile extends SecuredProfile {

    public static final String PAY_READ = "pay-read-5d1e", PAY_DEPLOY = "pay-deploy-77a0", PAY_ADMIN = "pay-admin-e2b9",
            GLOB_READ = "glob-read-0c4f";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> settings = new HashMap<>(super.getConfigOverrides());
        settings.put("cairn.auth.tokens", settings.get("cairn.auth.tokens")
                + ",pay-viewer:read:" + hash(PAY_READ) + ":team=payments"
                + ",pay-ci:deploy:" + hash(PAY_DEPLOY) + ":team=payments"
                + ",pay-ops:admin:" + hash(PAY_ADMIN) + ":team=payments"
                + ",glob-viewer:read:" + hash(GLOB_READ) + ":scope-in-*,nothing-?");
        return settings;
    }
}
