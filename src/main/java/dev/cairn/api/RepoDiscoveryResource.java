package dev.cairn.api;

import dev.cairn.fleet.Discovery;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.RepoRegistration;
import dev.cairn.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/repos/discover")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Repos")
@RolesAllowed(Role.ADMIN)
public class RepoDiscoveryResource {

    private static final Logger LOG = Logger.getLogger(RepoDiscoveryResource.class);

    private final Discovery discovery;
    private final Caller caller;
    private final VisibleRepos visible;

    public RepoDiscoveryResource(Discovery discovery, Caller caller, VisibleRepos visible) {
        this.visible = visible;
        this.discovery = discovery;
        this.caller = caller;
    }

    /**
     * {@code template}: a registration without id and prefix; {@code prefixLike}: a LIKE pattern for the schema
     * (MariaDB: database) names; {@code idTemplate}: the repo id, {@code {prefix}} standing for the prefix.
     */
    public record DiscoverRequest(RepoRegistration template, String prefixLike, String idTemplate) {}

    @POST
    @Operation(summary = "Register one repo per existing schema whose name matches a pattern",
            description = "Lists the schemas (MariaDB: databases) of the template's database whose names match "
                    + "`prefixLike` (SQL LIKE: `%` any run, `_` one character) and registers a repo for each that "
                    + "is not registered yet, with the template's settings and labels, the schema as prefix and "
                    + "`idTemplate` (default `{prefix}`, lower-cased) as id. All or none, as POST /repos/batch. "
                    + "Answers how many matched, the ids registered and the ids that already existed.")
    public Discovery.Found discover(DiscoverRequest request) {
        DiscoverRequest body = RepoResource.requireBody(request);
        if (body.template() == null) {
            throw CairnException.invalid("give a template: a registration without id and prefix");
        }
        if (body.prefixLike() == null || body.prefixLike().isBlank()) {
            throw CairnException.invalid("give prefixLike, a LIKE pattern such as tenant_%");
        }
        if (body.template().prefix() != null || body.template().id() != null) {
            throw CairnException.invalid("the template names no id and no prefix: each found schema gives them");
        }
        if (body.idTemplate() != null && !body.idTemplate().contains("{prefix}")) {
            throw CairnException.invalid("idTemplate must contain {prefix}, or every schema would get one id");
        }
        Discovery.Found found = discovery.discover(body.template(), body.prefixLike(), body.idTemplate(),
                visible.admission());
        LOG.infof("discovery of %s by %s: %d matched, %d registered", body.prefixLike(), caller.name(),
                found.matched(), found.registered().size());
        return found;
    }
}
