package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.migration.ListedMigration;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.security.Role;
import dev.cairn.set.MigrationSets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/sets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sets", description = "Versioned lists of migrations stored once and installed into many repos")
@RolesAllowed(Role.READ)
public class SetResource {

    private static final Logger LOG = Logger.getLogger(SetResource.class);

    private final MigrationSets sets;
    private final RepoRegistry registry;
    private final VisibleRepos visible;
    private final Caller caller;

    public SetResource(MigrationSets sets, RepoRegistry registry, VisibleRepos visible, Caller caller) {
        this.sets = sets;
        this.registry = registry;
        this.visible = visible;
        this.caller = caller;
    }

    public record SetInput(String id) {}

    /** A set: how many migrations, its newest version, and (for one set) the repos that install it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SetView(String id, int migrations, Long latestVersion, List<String> installedIn) {}

    @RolesAllowed(Role.ADMIN)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a set; then store its migrations under /sets/{id}/migrations",
            description = "The id is a letter, then up to 29 of a-z, 0-9 and _. Repos install it with "
                    + "`\"sets\": [id]` in their registration. 409 set-exists if it exists already.")
    public Response create(SetInput input) {
        SetInput body = RepoResource.requireBody(input);
        sets.create(body.id());
        LOG.infof("set %s created by %s", body.id(), caller.name());
        return Response.created(URI.create("/sets/" + body.id())).entity(view(body.id(), false)).build();
    }

    @GET
    @Operation(summary = "Every set, by id, with its number of migrations and newest version")
    public List<SetView> list() {
        return sets.ids().stream().map(id -> view(id, false)).toList();
    }

    @GET
    @Path("{setId}")
    @Operation(summary = "One set, with the repos that install it (a scoped token: those in its scope)")
    public SetView get(@PathParam("setId") String id) {
        sets.require(id);
        return view(id, true);
    }

    @RolesAllowed(Role.ADMIN)
    @DELETE
    @Path("{setId}")
    @Operation(summary = "Delete a set and its scripts; refused (409 set-installed) while a repo installs it")
    public Response delete(@PathParam("setId") String id) {
        sets.require(id);
        List<String> repos = registry.listAfter(null, r -> r.sets().contains(id)).map(Repo::id).toList();
        if (!repos.isEmpty()) {
            // Every installing repo counts, but a scoped token is told the names of those it may see only.
            List<String> named = repos.stream().filter(visible::sees).limit(5).toList();
            throw Problem.SET_INSTALLED.raise("set '" + id + "' is installed in " + repos.size() + " repos"
                    + (named.isEmpty() ? "" : " (" + String.join(", ", named) + (repos.size() > named.size()
                    ? ", …" : "") + ")") + "; remove it from their registrations first").with("set", id);
        }
        sets.delete(id);
        LOG.infof("set %s deleted by %s", id, caller.name());
        return Response.noContent().build();
    }

    private SetView view(String id, boolean withRepos) {
        List<ListedMigration> scripts = sets.list(id);
        Long latest = scripts.isEmpty() ? null : scripts.get(scripts.size() - 1).version();
        List<String> repos = withRepos ? visible.listAfter(null, r -> r.sets().contains(id)).map(Repo::id).toList()
                : null;
        return new SetView(id, scripts.size(), latest, repos);
    }
}
