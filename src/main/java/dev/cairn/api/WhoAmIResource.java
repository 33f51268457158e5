package dev.cairn.api;

import dev.cairn.config.CairnConfig;
import dev.cairn.security.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the presented token may do, so a client (the dashboard) offers only the actions its role allows instead of
 * learning it from 403s. It tells the caller nothing it could not find out by trying.
 */
@Path("/whoami")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Security")
@RolesAllowed(Role.READ)
public class WhoAmIResource {

    /** {@code role}: read, deploy or admin; {@code scoped}: whether the token sees only some repos. */
    public record WhoAmI(String name, String role, boolean scoped, boolean authEnabled) {}

    private final SecurityIdentity identity;
    private final Caller caller;
    private final boolean authEnabled;

    public WhoAmIResource(SecurityIdentity identity, Caller caller, CairnConfig config) {
        this.identity = identity;
        this.caller = caller;
        this.authEnabled = config.auth().enabled();
    }

    @GET
    @Operation(summary = "The calling token's name, role and whether it is scoped; authEnabled false when Cairn "
            + "runs without tokens")
    public WhoAmI whoami() {
        Object role = identity.getAttribute("role");
        return new WhoAmI(caller.name(), role == null ? Role.read.name() : role.toString(),
                !caller.scope().everyRepo(), authEnabled);
    }
}
