package dev.cairn.security;

import dev.cairn.config.CairnConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Bearer JWTs from the identity provider of {@code cairn.auth.jwt.*}. SmallRye JWT verifies them (signature by one of
 * the configured keys, issuer, audience, expiry and not-before, with a minute of clock skew; {@code alg: none} and
 * HMAC are never accepted); Cairn only turns the claims into a role and a scope through {@link JwtGrants}.
 */
@ApplicationScoped
public class JwtTokens {

    /** The attribute of an authentication failure that tells the caller, in words, why its JWT was refused. */
    public static final String REFUSAL = "cairn.jwt-refusal";
    private static final Logger LOG = Logger.getLogger(JwtTokens.class);
    private static final Pattern SHAPE = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");
    // Asymmetric only: a shared-secret algorithm would let anyone holding the public key sign.
    private static final Set<SignatureAlgorithm> ALGORITHMS = EnumSet.of(SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
            SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512,
            SignatureAlgorithm.EDDSA);

    private final JWTParser parser;
    private final JWTAuthContextInfo context;
    private final JwtGrants grants;

    public JwtTokens(CairnConfig config, JWTParser parser) {
        this.parser = parser;
        CairnConfig.Jwt jwt = config.auth().jwt();
        List<Optional<String>> settings = List.of(jwt.issuer(), jwt.audience(), jwt.keys());
        this.grants = JwtGrants.parse(jwt.grants().orElse(List.of()));
        if (settings.stream().allMatch(Optional::isEmpty) && grants.isEmpty()) {
            this.context = null;
            return;
        }
        if (settings.stream().anyMatch(Optional::isEmpty) || grants.isEmpty()) {
            throw new IllegalStateException("JWTs need all of cairn.auth.jwt.issuer, cairn.auth.jwt.audience, "
                    + "cairn.auth.jwt.keys and cairn.auth.jwt.grants (see README, Security); some are missing");
        }
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setIssuedBy(jwt.issuer().get());
        info.setExpectedAudience(Set.of(jwt.audience().get()));
        info.setPublicKeyLocation(location(jwt.keys().get()));
        info.setSignatureAlgorithm(ALGORITHMS);
        this.context = info;
    }

    public boolean enabled() {
        return context != null;
    }

    /** Whether a presented bearer token has the shape of a signed JWT, and so is worth verifying as one. */
    public boolean looksLikeJwt(String token) {
        return enabled() && SHAPE.matcher(token).matches();
    }

    /** The token's identity, or an authentication failure whose {@value #REFUSAL} attribute says why; a verified token no grant matches has no role at all (403). */
    public SecurityIdentity verify(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token, context);
        } catch (ParseException e) {
            String reason = reason(e);
            LOG.infof("A bearer JWT was refused: %s", reason);
            String detail = "the bearer JWT was refused: " + reason;
            throw new AuthenticationFailedException(detail, Map.of(REFUSAL, detail));
        }
        String name = jwt.getSubject() == null ? jwt.getName() : jwt.getSubject();
        return grants.first(jwt).map(g -> BearerTokenMechanism.identity(name, g.role(), g.scope()))
                .orElseGet(() -> {
                    LOG.infof("A verified JWT of %s matches no cairn.auth.jwt.grants entry; it may do nothing", name);
                    return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).build();
                });
    }

    /** Why jose4j refused it, in words; never the token or its claims. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return "it has expired";
                }
                if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                    return "it is not valid yet (nbf)";
                }
                if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
                        || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return "it is not meant for this audience (aud)";
                }
                if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID)
                        || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "it comes from another issuer (iss)";
                }
                if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                    return "it has no expiry (exp)";
                }
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                    return "its signature does not verify with the keys of cairn.auth.jwt.keys";
                }
            }
        }
        return "it is not signed with an allowed algorithm by a key of cairn.auth.jwt.keys, or is malformed";
    }

    /** An operator's path or URL; a bare path is a file, never a class-path resource. */
    private static String location(String keys) {
        String k = keys.trim();
        return k.startsWith("https:") || k.startsWith("http:") || k.startsWith("file:") ? k : "file:" + k;
    }
}
