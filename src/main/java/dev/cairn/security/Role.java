package dev.cairn.security;

import java.util.Set;

/** What a token may do. Each role includes the ones below it. */
public enum Role {
    read(Set.of(Role.READ)),
    deploy(Set.of(Role.READ, Role.DEPLOY)),
    admin(Set.of(Role.READ, Role.DEPLOY, Role.ADMIN));

    public static final String READ = "read", DEPLOY = "deploy", ADMIN = "admin";
    /** Held by identities without a scope: what lists every repo at once (the management endpoints) needs it. */
    public static final String EVERY_REPO = "every-repo";

    private final Set<String> granted;

    Role(Set<String> granted) {
        this.granted = granted;
    }

    /** The role names a holder of this role has, for {@code @RolesAllowed}. */
    public Set<String> granted() {
        return granted;
    }
}
