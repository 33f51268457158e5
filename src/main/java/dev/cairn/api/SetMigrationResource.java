package dev.cairn.api;

import dev.cairn.api.MigrationResource.MigrationInput;
import dev.cairn.api.MigrationResource.MigrationView;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.Migration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.migration.Versions;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.security.Role;
import dev.cairn.set.MigrationSets;
import dev.cairn.status.StatusReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A set's migrations: the same bodies, forms and rules as a repo's, refused once a repo applied them. */
@Path("/sets/{setId}/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sets")
@RolesAllowed(Role.READ)
public class SetMigrationResource {

    private final MigrationSets sets;
    private final RepoRegistry registry;
    private final VisibleRepos visible;
    private final StatusReader status;

    public SetMigrationResource(MigrationSets sets, RepoRegistry registry, VisibleRepos visible,
                                StatusReader status) {
        this.visible = visible;
        this.sets = sets;
        this.registry = registry;
        this.status = status;
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a set migration; versions are the author's: 1, 2, 3 … or timestamps")
    public Response create(@PathParam("setId") String set, MigrationInput input) {
        sets.require(set);
        RepoResource.requireBody(input);
        refusePin(input);
        return created(set, scripts().create(set, input.version(), input.name(), input.up(), input.down(),
                input.transaction(), input.timeouts()));
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Consumes(MigrationResource.SQL)
    @Operation(summary = "Store a set migration from one SQL file with '-- migrate:up' and '-- migrate:down' sections")
    public Response createFromSql(@PathParam("setId") String set, @QueryParam("name") String name,
                                  @QueryParam("version") String version, String body) {
        sets.require(set);
        var sections = MigrationResource.sections(body);
        return created(set, scripts().create(set, version == null ? null : Versions.parse(version, "version"), name,
                sections.up(), sections.down(), sections.transaction()));
    }

    @GET
    @Operation(summary = "List the set's migrations by version")
    public List<MigrationView> list(@PathParam("setId") String set) {
        return sets.list(set).stream().map(ListedMigration::load).map(m -> view(m, false)).toList();
    }

    @GET
    @Path("/{version}")
    @Operation(summary = "Show one set migration with its scripts")
    public MigrationView get(@PathParam("setId") String set, @PathParam("version") String version) {
        sets.require(set);
        return view(scripts().get(set, Versions.parse(version, "version")).load(), true);
    }

    @RolesAllowed(Role.DEPLOY)
    @PUT
    @Path("/{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a set migration's scripts; refused once any repo applied it")
    public MigrationView replace(@PathParam("setId") String set, @PathParam("version") String version,
                                 MigrationInput input) {
        sets.require(set);
        long v = Versions.parse(version, "version");
        RepoResource.requireBody(input);
        refusePin(input);
        MigrationResource.checkVersion(input, v);
        scripts().get(set, v);
        refuseIfApplied(set, v, "replace");
        return view(scripts().replace(set, v, input.name(), input.up(), input.down(), input.transaction(),
                input.timeouts()), true);
    }

    @RolesAllowed(Role.DEPLOY)
    @DELETE
    @Path("/{version}")
    @Operation(summary = "Delete a set migration; refused once any repo applied it")
    public Response delete(@PathParam("setId") String set, @PathParam("version") String version) {
        sets.require(set);
        long v = Versions.parse(version, "version");
        scripts().get(set, v);
        refuseIfApplied(set, v, "delete");
        scripts().delete(set, v);
        return Response.noContent().build();
    }

    private static void refusePin(MigrationInput input) {
        if (input.set() != null || input.setVersion() != null) {
            throw CairnException.invalid("a set's migration cannot pin a set; only a repo's can").with("field", "set");
        }
        if (input.hasChange()) {
            throw CairnException.invalid("a set's migrations are SQL: a change is written for one engine, and a set "
                    + "has none; store it in a repo, or send up and down").with("field", "change");
        }
    }

    private ScriptStore scripts() {
        return sets.scripts();
    }

    /**
     * Every installing repo is asked, in scope or not; one that cannot be reached refuses the change, as it might
     * have applied it. A repo outside the caller's scope is not named.
     */
    private void refuseIfApplied(String set, long version, String action) {
        for (Repo repo : registry.listAfter(null, r -> r.sets().contains(set)).toList()) {
            if (status.isApplied(repo.forSet(set), version)) {
                boolean named = visible.sees(repo.id());
                CairnException refusal = Problem.MIGRATION_APPLIED.raise("cannot " + action + " migration " + version
                        + " of set '" + set + "': " + (named ? "repo '" + repo.id() + "'" : "a repo outside your scope")
                        + " has applied it. Roll the set back there first, or add a new migration that changes "
                        + "what it did.").with("version", version);
                throw named ? refusal.with("repo", repo.id()) : refusal;
            }
        }
    }

    private static MigrationView view(Migration m, boolean whole) {
        return MigrationView.of(m, m.transaction(), whole);
    }

    private static Response created(String set, Migration m) {
        return MigrationResource.created(URI.create("/sets/" + set + "/migrations/" + m.version()), m);
    }
}
