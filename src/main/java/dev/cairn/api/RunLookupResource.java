package dev.cairn.api;

import dev.cairn.problem.Problem;
import dev.cairn.run.Run;
import dev.cairn.run.RunHistory;
import dev.cairn.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@RolesAllowed(Role.READ)
public class RunLookupResource {

    private final RunHistory history;

    public RunLookupResource(RunHistory history) {
        this.history = history;
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "One run, finished or in progress (progress: planned vs. steps done)")
    public Run run(@PathParam("runId") String runId) {
        return history.find(runId).orElseThrow(() -> Problem.RUN_NOT_FOUND.raise("no run '" + runId + "' is known"));
    }
}
