package dev.cairn.security;

import java.util.Set;

/** What a token may do. Each role includes the ones below it. */
public enum Role {
    read, deploy, admin;

    public static final String READ = "read", DEPLOY = "deploy", ADMIN = "admin";

    /** The role names a holder of this role has, for {@code @RolesAllowed}. */
    public Set<String> granted() {
        return switch (this) {
            case read -> Set.of(READ);
            case deploy -> Set.of(READ, DEPLOY);
            case admin -> Set.of(READ, DEPLOY, ADMIN);
        };
    }
}
