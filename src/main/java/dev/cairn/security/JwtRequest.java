package dev.cairn.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token that is no static token and looks like a JWT, for {@link JwtIdentityProvider}. */
public class JwtRequest extends BaseAuthenticationRequest {

    private final String token;

    public JwtRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
