package dev.cairn.security;

import dev.cairn.config.CairnConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Secure by default: production refuses to start open unless told so explicitly, and then warns every time. */
@ApplicationScoped
public class AuthStartupCheck {

    private static final Logger LOG = Logger.getLogger(AuthStartupCheck.class);

    void check(@Observes StartupEvent event, CairnConfig config, Tokens tokens, JwtTokens jwt) {
        if (!config.auth().enabled()) {
            String mode = LaunchMode.current() == LaunchMode.NORMAL ? "cairn.auth.enabled=false is set" : "dev/test mode";
            LOG.warnf("Authentication is OFF (%s): anyone who reaches this port can migrate and drop databases", mode);
            return;
        }
        if (tokens.isEmpty() && !jwt.enabled()) {
            throw new IllegalStateException("No API token is configured. Set CAIRN_AUTH_TOKENS=name:role:sha256 "
                    + "or cairn.auth.jwt.* (see README, Security), or run open with CAIRN_AUTH_ENABLED=false on a trusted network.");
        }
    }
}
