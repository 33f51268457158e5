package dev.cairn.security;

import dev.cairn.api.RequestGate;
import dev.cairn.config.CairnConfig;
import dev.cairn.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorization: Bearer <token>} against the configured token hashes, then, if it is none of them and JWTs
 * are configured, as a JWT ({@link JwtTokens}). With {@code cairn.auth.enabled=false}
 * every caller acts as an admin named {@code unauthenticated}, and startup says so. Identities are immutable, so each
 * token's is built once here rather than on every request.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    static final String OPEN = "unauthenticated";
    /** The identity attribute holding the caller's {@link Scope}. */
    public static final String SCOPE = "scope";
    private static final String BEARER = "Bearer ", CHALLENGE = "Bearer realm=\"cairn\"";

    private final boolean enabled;
    private final Tokens tokens;
    private final JwtTokens jwt;
    private final Uni<SecurityIdentity> open = Uni.createFrom().item(identity(OPEN, Role.admin, Scope.EVERY_REPO));
    private final Map<Tokens.Token, Uni<SecurityIdentity>> known = new IdentityHashMap<>();

    public BearerTokenMechanism(CairnConfig config, Tokens tokens, JwtTokens jwt) {
        this.enabled = config.auth().enabled();
        this.tokens = tokens;
        this.jwt = jwt;
        tokens.all().forEach(t -> known.put(t, Uni.createFrom().item(identity(t.name(), t.role(), t.scope()))));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!enabled) {
            return open;
        }
        String header = context.request().getHeader("Authorization");
        if (header == null) {
            return Uni.createFrom().nullItem(); // anonymous: @RolesAllowed turns it into a 401
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("expected Authorization: Bearer <token>"));
        }
        String presented = header.substring(BEARER.length()).trim();
        Optional<Tokens.Token> token = tokens.match(presented);
        if (token.isPresent()) {
            return known.get(token.get());
        }
        if (jwt.looksLikeJwt(presented)) {
            return identityProviderManager.authenticate(new JwtRequest(presented));
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("unknown token"));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    /**
     * The challenge of the routes outside JAX-RS (the management endpoints), as a problem document like every other
     * 401; JAX-RS calls get theirs from {@code Problems}.
     */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        context.response().putHeader("WWW-Authenticate", CHALLENGE);
        RequestGate.send(context, Problem.UNAUTHORIZED, "this call needs a token: send Authorization: Bearer <token>");
        return Uni.createFrom().item(true);
    }

    /** Ahead of SmallRye JWT's own mechanism: Cairn decides what a bearer token is (a static token or a JWT). */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }

    @Override
    public Set<Class<? extends io.quarkus.security.identity.request.AuthenticationRequest>> getCredentialTypes() {
        return Set.of(JwtRequest.class);
    }

    /** An identity with the role's names, its scope as the {@value #SCOPE} attribute, and every-repo if unscoped. */
    static SecurityIdentity identity(String name, Role role, Scope scope) {
        var builder = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name))
                .addRoles(role.granted()).addAttribute("role", role.name()).addAttribute(SCOPE, scope);
        if (scope.everyRepo()) {
            builder.addRole(Role.EVERY_REPO);
        }
        return builder.build();
    }
}
