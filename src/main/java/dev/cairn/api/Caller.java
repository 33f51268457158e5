package dev.cairn.api;

import dev.cairn.security.BearerTokenMechanism;
import dev.cairn.security.Scope;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Who is calling, as recorded in runs and logs: the token's name, never the token; under which {@code X-Request-ID}
 * ({@link RequestIds}); and which repos it may see.
 */
@RequestScoped
public class Caller {

    private final Instance<SecurityIdentity> identity;
    private final CurrentVertxRequest request;

    public Caller(Instance<SecurityIdentity> identity, CurrentVertxRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public String requestId() {
        return request.getCurrent() == null ? null : RequestIds.of(request.getCurrent());
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

    /**
     * The repos the caller may see. Every identity Cairn makes carries one; one without (from some other mechanism)
     * fails the call rather than seeing every repo.
     */
    public Scope scope() {
        if (identity.isResolvable() && identity.get().getAttribute(BearerTokenMechanism.SCOPE) instanceof Scope s) {
            return s;
        }
        throw new IllegalStateException("the caller's identity carries no scope");
    }
}
