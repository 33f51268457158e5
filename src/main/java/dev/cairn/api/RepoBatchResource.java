package dev.cairn.api;

import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistration;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/repos/batch")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Repos")
@RolesAllowed(Role.ADMIN)
public class RepoBatchResource {

    private static final Logger LOG = Logger.getLogger(RepoBatchResource.class);
    private static final int MAX_BATCH = 10_000;

    private final RepoRegistry registry;
    private final VisibleRepos visible;
    private final Caller caller;

    public RepoBatchResource(RepoRegistry registry, VisibleRepos repos, Caller caller) {
        this.registry = registry;
        this.visible = repos;
        this.caller = caller;
    }

    /** What a batch registered. */
    public record Registered(int registered, List<RepoView> repos) {}

    @POST
    @Operation(summary = "Register many repos at once: all of them, or none if any entry is invalid",
            description = "Each entry is a registration as for POST /repos. A 400 registrations-invalid lists every "
                    + "bad entry (`invalid`: index, id and the problem) and nothing is registered. "
                    + RepoResource.URL_RULES)
    public Registered register(List<RepoRegistration> registrations) {
        List<RepoRegistration> batch = RepoResource.requireBody(registrations);
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw CairnException.invalid("give between 1 and " + MAX_BATCH + " registrations");
        }
        List<Repo> repos = registry.registerAll(batch, visible.admission());
        LOG.infof("%d repos registered by %s", repos.size(), caller.name());
        return new Registered(repos.size(), repos.stream().map(RepoView::of).toList());
    }
}
