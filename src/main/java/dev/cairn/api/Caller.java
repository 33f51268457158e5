package dev.cairn.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;

/** Who is calling, as recorded in runs and logs: the token's name, never the token. */
@RequestScoped
public class Caller {

    private final Instance<SecurityIdentity> identity;

    public Caller(Instance<SecurityIdentity> identity) {
        this.identity = identity;
    }

    public String name() {
        if (identity.isResolvable()) {
            SecurityIdentity id = identity.get();
            if (!id.isAnonymous()) {
                return id.getPrincipal().getName();
            }
        }
        return "anonymous";
    }
}
