package dev.cairn.api;

import dev.cairn.notify.Webhooks;
import dev.cairn.problem.Problem;
import dev.cairn.run.ActiveRun;
import dev.cairn.run.Blockers;
import dev.cairn.run.Run;
import dev.cairn.run.RunEventLog;
import dev.cairn.run.RunHistory;
import dev.cairn.security.Role;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@RolesAllowed(Role.READ)
public class RunLookupResource {

    private static final Logger LOG = Logger.getLogger(RunLookupResource.class);

    private final RunHistory history;
    private final Blockers blockers;
    private final VisibleRepos repos;
    private final Caller caller;
    private final Webhooks webhooks;

    public RunLookupResource(RunHistory history, Blockers blockers, VisibleRepos repos, Caller caller,
                             Webhooks webhooks) {
        this.history = history;
        this.blockers = blockers;
        this.repos = repos;
        this.caller = caller;
        this.webhooks = webhooks;
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "One run, finished or in progress: planned vs. steps done, the current migration and "
            + "statement, and what it waits for (the run lock, or the database sessions blocking it); once ended, "
            + "the webhook deliveries about it")
    public Run run(@PathParam("runId") String runId) {
        checkVisible(runId);
        return history.active(runId).map(blockers::snapshot).orElseGet(() -> history.find(runId)
                .orElseThrow(() -> unknown(runId)).notified(webhooks.about(runId)));
    }

    @GET
    @Path("/{runId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The run's events as Server-Sent Events: planned, migration-started, statement, "
            + "migration-finished, waiting, finished; a finished run replays them and the stream ends. Send "
            + "Last-Event-ID to resume after an event")
    public Multi<OutboundSseEvent> events(@PathParam("runId") String runId,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        checkVisible(runId);
        RunEventLog log = history.events(runId).orElseThrow(() -> unknown(runId));
        long after = parseId(lastEventId);
        return Multi.createFrom().emitter(emitter -> emitter.onTermination(log.watch(after, event -> {
            if (event == null) {
                emitter.complete();
            } else {
                emitter.emit(sse.newEventBuilder().id(Long.toString(event.id())).name(event.type())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(event.data()).build());
            }
        })));
    }

    @POST
    @Path("/{runId}/cancel")
    @RolesAllowed(Role.DEPLOY)
    @Operation(summary = "Cancel a run: no new migration starts; a transactional one in flight is cancelled on the "
            + "server and leaves nothing, a non-transactional one finishes its statement and leaves the repo dirty")
    public Response cancel(@PathParam("runId") String runId) {
        checkVisible(runId);
        ActiveRun run = history.active(runId).orElseThrow(() -> history.find(runId).isPresent()
                ? Problem.RUN_FINISHED.raise("run " + runId + " has ended; there is nothing to cancel")
                .with("runId", runId) : unknown(runId));
        run.cancel();
        LOG.infof("repo=%s run=%s cancel asked by %s", run.repo().id(), runId, caller.name());
        return Response.accepted(run.snapshot()).build();
    }

    /** A run of a repo outside the caller's scope is as unknown as one that never ran. */
    private void checkVisible(String runId) {
        String repo = history.active(runId).map(r -> r.repo().id())
                .or(() -> history.find(runId).map(Run::repo)).orElse(null);
        if (repo != null && !repos.sees(repo)) {
            throw unknown(runId);
        }
    }

    private static long parseId(String lastEventId) {
        try {
            return lastEventId == null ? 0 : Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return 0; // an id this stream never sent: replay from the start
        }
    }

    private static RuntimeException unknown(String runId) {
        return Problem.RUN_NOT_FOUND.raise("no run '" + runId + "' is known");
    }
}
