package dev.cairn.api;

import dev.cairn.database.DatabaseLifecycle;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/repos/{id}/database")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Databases", description = "Create and drop a repo's database (mix ecto.create / ecto.drop)")
@RolesAllowed(Role.ADMIN)
public class DatabaseResource {

    private final VisibleRepos repos;
    private final DatabaseLifecycle lifecycle;
    private final Caller caller;

    public DatabaseResource(VisibleRepos repos, DatabaseLifecycle lifecycle, Caller caller) {
        this.repos = repos;
        this.lifecycle = lifecycle;
        this.caller = caller;
    }

    public record DatabaseOutcome(String repo, String database, boolean created, boolean dropped, String detail) {}

    @POST
    @Operation(summary = "Create the repo's database: 201, or 200 when it already exists")
    public Response create(@PathParam("id") String id) {
        Repo repo = repos.get(id);
        String database = repo.target().databaseName();
        boolean created = lifecycle.create(repo, caller.name());
        return Response.status(created ? 201 : 200).entity(new DatabaseOutcome(repo.id(), database, created, false,
                created ? "created" : "already exists")).build();
    }

    @DELETE
    @Operation(summary = "Drop the repo's database; requires ?confirm=<repo id>")
    public DatabaseOutcome drop(@PathParam("id") String id, @QueryParam("confirm") String confirm) {
        Repo repo = repos.get(id);
        if (!repo.id().equals(confirm)) {
            throw CairnException.invalid("dropping a database destroys its data; repeat the repo id as ?confirm="
                    + repo.id() + " to go ahead").with("field", "confirm");
        }
        String database = repo.target().databaseName();
        boolean dropped = lifecycle.drop(repo, caller.name());
        return new DatabaseOutcome(repo.id(), database, false, dropped, dropped ? "dropped" : "did not exist");
    }
}
