package dev.cairn.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Verifies JWTs off the event loop: fetching a JWKS URL or reading its file blocks. */
@ApplicationScoped
public class JwtIdentityProvider implements IdentityProvider<JwtRequest> {

    private final JwtTokens jwt;

    public JwtIdentityProvider(JwtTokens jwt) {
        this.jwt = jwt;
    }

    @Override
    public Class<JwtRequest> getRequestType() {
        return JwtRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(JwtRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> jwt.verify(request.token()));
    }
}
