package dev.cairn.api;

import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.repo.Repo;
import dev.cairn.run.Run;
import dev.cairn.run.Runner;
import dev.cairn.security.Role;
import dev.cairn.set.MigrationSets;
import dev.cairn.status.SetStatus;
import dev.cairn.status.StatusReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One installed set in one repo: where it stands, and bringing it up to date. */
@Path("/repos/{id}/sets/{setId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sets")
@RolesAllowed(Role.READ)
public class RepoSetResource {

    private final VisibleRepos registry;
    private final MigrationSets sets;
    private final StatusReader status;
    private final Runner runner;
    private final Caller caller;

    public RepoSetResource(VisibleRepos registry, MigrationSets sets, StatusReader status, Runner runner,
                           Caller caller) {
        this.registry = registry;
        this.sets = sets;
        this.status = status;
        this.runner = runner;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The set's migratedVersion, latestVersion and pending versions in this repo")
    public CompletionStage<SetStatus> get(@PathParam("id") String id, @PathParam("setId") String set) {
        Repo repo = installing(id, set);
        return status.statusInTurn(repo).thenApply(report -> report.set(set));
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Path("ensure-current")
    @Operation(summary = "Bring the set to its latest version; nothing to do is a 200 with nothing applied",
            description = "Idempotent and safe to call on every start of an application: it writes nothing when "
                    + "the set is current (no ledger row per call), and runs under the repo's run lock.")
    public Run ensureCurrent(@PathParam("id") String id, @PathParam("setId") String set) {
        Repo repo = installing(id, set);
        RunRequest request = new RunRequest(Direction.UP, new Strategy.All(), false, false, null, caller.name(),
                null, set, caller.requestId());
        return runner.run(repo, request).orThrow();
    }

    private Repo installing(String id, String set) {
        Repo repo = registry.get(id);
        sets.require(set);
        MigrationSets.requireInstalled(repo, set);
        return repo;
    }
}
