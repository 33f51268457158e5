package dev.cairn.api;

import dev.cairn.fleet.FleetDryRun;
import dev.cairn.fleet.FleetRequest;
import dev.cairn.fleet.FleetRun;
import dev.cairn.fleet.FleetRunView;
import dev.cairn.fleet.FleetStatus;
import dev.cairn.notify.Webhooks;
import dev.cairn.fleet.Fleets;
import dev.cairn.fleet.Selector;
import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.security.Role;
import dev.cairn.set.MigrationSets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/fleet")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleets", description = "One migrate or rollback across many repos")
@RolesAllowed(Role.READ)
public class FleetResource {

    private static final int DEFAULT_CONCURRENCY = 4;

    private final Fleets fleets;
    private final VisibleRepos repos;
    private final LenientBody lenient;
    private final Caller caller;
    private final MigrationSets sets;
    private final Webhooks webhooks;

    public FleetResource(Fleets fleets, VisibleRepos repos, LenientBody lenient, Caller caller,
                         MigrationSets sets, Webhooks webhooks) {
        this.sets = sets;
        this.webhooks = webhooks;
        this.fleets = fleets;
        this.repos = repos;
        this.lenient = lenient;
        this.caller = caller;
    }

    /** Which repos: the listed {@code ids}, the repos carrying every one of {@code labels}, or both at once. */
    public record SelectorBody(Map<String, String> labels, List<String> ids, String set) {}

    /**
     * A fleet call. {@code step}, {@code to}, {@code all}, {@code strictOrder}, {@code waitSeconds} and the
     * timeouts mean what they mean for one repo; {@code concurrency} (default 4, at most the pool size) repos run
     * at once after the first {@code canary} (default 0) ran alone; {@code onError}: {@code stop} (default) or
     * {@code continue}; {@code set} runs that migration set in each repo instead of the repos' own migrations.
     */
    public record FleetBody(SelectorBody selector, String set, Integer step, Long to, Boolean all, Boolean dryRun,
                            Boolean strictOrder, Integer waitSeconds, String lockTimeout, Integer lockRetries,
                            String statementTimeout, Integer concurrency, Integer canary, String onError,
                            Boolean atomic) {}

    /** The answer of a fleet dry run: each selected repo's plan. */
    public record FleetPlan(boolean dryRun, List<FleetDryRun> repos) {}

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Path("migrate")
    @Operation(summary = "Migrate every selected repo: canaries first, then up to {concurrency} at once; 202 with the "
            + "fleet run's Location")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = FleetBody.class)))
    public Response migrate(@HeaderParam(HttpHeaders.CONTENT_TYPE) String type, String body) {
        return start(Direction.UP, type, body);
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Path("rollback")
    @Operation(summary = "Roll back every selected repo, as one rollback call each; 202 with the fleet run's Location")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = FleetBody.class)))
    public Response rollback(@HeaderParam(HttpHeaders.CONTENT_TYPE) String type, String body) {
        return start(Direction.DOWN, type, body);
    }

    @GET
    @Path("status")
    @Operation(summary = "For the selected repos: how many are current, behind, dirty or unreachable, and how many "
            + "sit at each version")
    public FleetStatus status(@QueryParam("label") List<String> labels, @QueryParam("id") List<String> ids,
                              @QueryParam("set") String set) {
        Selector selector = Selector.of(labels(labels), ids, set);
        return fleets.status(selector.isEmpty() ? repos.list() : select(selector), set);
    }

    @GET
    @Path("runs")
    @Operation(summary = "Fleet runs, newest first, without their repo lists; a scoped token sees those with a repo "
            + "in its scope, counted over those repos only")
    public List<FleetRunView> runs() {
        return fleets.list().stream().map(r -> r.view().only(repos::sees)).filter(v -> !v.repos().isEmpty())
                .map(FleetResource::withoutRepos).toList();
    }

    @GET
    @Path("runs/{fleetRunId}")
    @Operation(summary = "A fleet run: counts, each repo's run and outcome, elapsed and estimated time left; a scoped "
            + "token sees the repos in its scope only")
    public FleetRunView run(@PathParam("fleetRunId") String id) {
        FleetRunView view = fleets.find(id).map(r -> r.view().only(repos::sees)).orElse(null);
        if (view == null || view.repos().isEmpty()) {
            throw unknownFleetRun(id);
        }
        return view.notified(webhooks.about(id));
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Path("runs/{fleetRunId}/cancel")
    @Operation(summary = "Start no new repo; those in flight finish")
    public FleetRunView cancel(@PathParam("fleetRunId") String id) {
        checkWhollyVisible(id);
        return fleets.cancel(id).view();
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Path("runs/{fleetRunId}/resume")
    @Operation(summary = "After a restart: run the repos an interrupted fleet run had not finished")
    public Response resume(@PathParam("fleetRunId") String id) {
        checkWhollyVisible(id);
        FleetRun run = fleets.resume(id);
        return Response.accepted(run.view()).location(URI.create("/fleet/runs/" + run.id())).build();
    }

    private Response start(Direction direction, String type, String text) {
        FleetBody b = lenient.read(type, text, FleetBody.class);
        if (b == null || b.selector() == null) {
            throw CairnException.invalid("selector is required: {\"labels\": {…}}, {\"set\": …} or {\"ids\": […]}")
                    .with("field", "selector");
        }
        List<Repo> repos = select(Selector.of(b.selector().labels(), b.selector().ids(), b.selector().set()));
        RunResource.RunBody one = new RunResource.RunBody(b.set(), b.step(), b.to(), b.all(), b.dryRun(),
                b.strictOrder(), b.waitSeconds(), b.lockTimeout(), b.lockRetries(), b.statementTimeout(), b.atomic());
        RunRequest request = RunResource.request(direction, one, caller.name(), caller.requestId());
        int concurrency = bounded(b.concurrency(), DEFAULT_CONCURRENCY, 1, 1000, "concurrency");
        int canary = bounded(b.canary(), 0, 0, repos.size(), "canary");
        boolean stop = b.onError() == null || "stop".equals(b.onError());
        if (!stop && !"continue".equals(b.onError())) {
            throw CairnException.invalid("onError must be \"stop\" or \"continue\"").with("field", "onError");
        }
        if (request.dryRun()) {
            return Response.ok(new FleetPlan(true, fleets.dryRun(repos, request))).build();
        }
        FleetRun run = fleets.start(new FleetRequest(repos.stream().map(Repo::id).toList(), request, concurrency,
                canary, stop));
        return Response.accepted(run.view()).location(URI.create("/fleet/runs/" + run.id())).build();
    }

    private List<Repo> select(Selector selector) {
        if (selector.isEmpty()) {
            throw CairnException.invalid("the selector names no repo: give labels, a set or ids")
                    .with("field", "selector");
        }
        selector.ids().forEach(repos::get);
        if (selector.set() != null) {
            sets.require(selector.set());
        }
        List<Repo> selected = repos.list().stream().filter(selector::matches).toList();
        if (selected.isEmpty()) {
            throw CairnException.invalid("no registered repo matches the selector").with("field", "selector");
        }
        return selected;
    }

    /**
     * Cancel and resume act on every repo of a fleet run, so a scoped token may do them only when all its repos are in
     * its scope; one that sees none of them is told the fleet run is unknown.
     */
    private void checkWhollyVisible(String id) {
        FleetRunView view = fleets.find(id).map(FleetRun::view).orElse(null);
        if (view == null) {
            return; // Fleets answers the 404 itself
        }
        long seen = view.repos().stream().filter(r -> repos.sees(r.repo())).count();
        if (seen == 0) {
            throw unknownFleetRun(id);
        }
        if (seen < view.repos().size()) {
            throw Problem.REPO_OUT_OF_SCOPE.raise("fleet run " + id + " also covers repos outside the token's scope; "
                    + "an unscoped token may cancel or resume it").with("fleetRunId", id);
        }
    }

    private static RuntimeException unknownFleetRun(String id) {
        return Problem.FLEET_RUN_NOT_FOUND.raise("no fleet run " + id + " is known").with("fleetRunId", id);
    }

    /** {@code ?label=k:v} query parameters as a label map. */
    static Map<String, String> labels(List<String> labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String label : labels == null ? List.<String>of() : labels) {
            int colon = label.indexOf(':');
            if (colon < 1 || colon == label.length() - 1) {
                throw CairnException.invalid("label must be written key:value, e.g. tier:gold").with("field",
                        "label");
            }
            wanted.put(label.substring(0, colon), label.substring(colon + 1));
        }
        return wanted;
    }

    static int bounded(Integer given, int fallback, int min, int max, String field) {
        if (given == null) {
            return fallback;
        }
        if (given < min || given > max) {
            throw CairnException.invalid(field + " must be between " + min + " and " + max).with("field", field);
        }
        return given;
    }

    private static FleetRunView withoutRepos(FleetRunView v) {
        return new FleetRunView(v.fleetRunId(), v.set(), v.direction(), v.strategy(), v.actor(), v.startedAt(),
                v.finishedAt(), v.status(), v.concurrency(), v.canary(), v.onError(), v.counts(),
                v.elapsedSeconds(), v.estimatedSecondsLeft(), null, null);
    }
}
