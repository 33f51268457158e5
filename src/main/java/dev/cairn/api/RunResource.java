package dev.cairn.api;

import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.migration.Timeouts;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.run.ActiveRun;
import dev.cairn.run.BackgroundRuns;
import dev.cairn.run.DirtyResolver;
import dev.cairn.run.Run;
import dev.cairn.run.RunHistory;
import dev.cairn.run.Runner;
import dev.cairn.security.Role;
import dev.cairn.status.StatusReader;
import dev.cairn.status.StatusReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/repos/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Migrate, roll back, status and run history")
@RolesAllowed(Role.READ)
public class RunResource {

    private final VisibleRepos repos;
    private static final String PREFER = "Prefer";

    private final Runner runner;
    private final BackgroundRuns background;
    private final StatusReader statusReader;
    private final DirtyResolver resolver;
    private final RunHistory history;
    private final LenientBody lenient;
    private final Caller caller;

    public RunResource(VisibleRepos repos, Runner runner, BackgroundRuns background, StatusReader statusReader,
                       DirtyResolver resolver, RunHistory history, LenientBody lenient, Caller caller) {
        this.repos = repos;
        this.runner = runner;
        this.background = background;
        this.statusReader = statusReader;
        this.resolver = resolver;
        this.history = history;
        this.lenient = lenient;
        this.caller = caller;
    }

    /**
     * The body of migrate and rollback; every field optional, at most one of step, to and all. Durations are
     * written as in Cairn's configuration: {@code "500ms"}, {@code "2s"}, {@code "1m"}. {@code set}: run that
     * installed migration set instead of the repo's own migrations; its rollback reverts all of it by default.
     * {@code atomic} (PostgreSQL): the whole plan in one transaction, applied all or not at all.
     */
    public record RunBody(String set, Integer step, Long to, Boolean all, Boolean dryRun, Boolean strictOrder,
                          Integer waitSeconds, String lockTimeout, Integer lockRetries, String statementTimeout,
                          Boolean atomic) {}

    public record ResolveBody(Long version, String as) {}

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Path("migrate")
    @Operation(summary = "Apply pending migrations: all, the first {step}, or all up to and including {to}")
    @RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunBody.class)))
    public Object migrate(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                          @HeaderParam(PREFER) String prefer, String body) {
        return run(id, Direction.UP, type, prefer, body);
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Path("rollback")
    @Operation(summary = "Revert the latest migration, the latest {step}, everything down to and including {to}, or all")
    @RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RunBody.class)))
    public Object rollback(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                           @HeaderParam(PREFER) String prefer, String body) {
        return run(id, Direction.DOWN, type, prefer, body);
    }

    @GET
    @Path("status")
    @Operation(summary = "Current version, every migration up or down, and what needs attention")
    public CompletionStage<StatusReport> status(@PathParam("id") String id) {
        return statusReader.statusInTurn(repos.get(id));
    }

    @GET
    @Path("runs")
    @Operation(summary = "Run history of a repo, newest first")
    public List<Run> runs(@PathParam("id") String id) {
        return history.list(repos.get(id).id());
    }

    @RolesAllowed(Role.ADMIN)
    @POST
    @Path("resolve")
    @Operation(summary = "Mark a dirty migration as applied or rolled back after fixing the database by hand")
    @RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ResolveBody.class)))
    public Run resolve(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, String body) {
        Repo repo = repos.get(id);
        ResolveBody resolve = lenient.read(type, body, ResolveBody.class);
        if (resolve == null || resolve.version() == null || resolve.version() < 0) {
            throw CairnException.invalid("version is required: the dirty version to resolve").with("field", "version");
        }
        if (!"applied".equals(resolve.as()) && !"rolled_back".equals(resolve.as())) {
            throw CairnException.invalid("as must be \"applied\" or \"rolled_back\"").with("field", "as");
        }
        return resolver.resolve(repo, resolve.version(), "applied".equals(resolve.as()), caller.name(),
                caller.requestId()).orThrow();
    }

    /**
     * With {@code Prefer: respond-async} (RFC 7240) a run answers 202 once its plan is checked and goes on without
     * the request; the plan's refusals still answer at once.
     */
    private Object run(String id, Direction direction, String type, String prefer, String body) {
        Repo repo = repos.get(id);
        RunBody b = lenient.read(type, body, RunBody.class);
        RunRequest request = request(direction, b, caller.name(), caller.requestId());
        if (request.dryRun()) {
            return runner.dryRun(repo, request);
        }
        if (prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async")) {
            ActiveRun run = background.start(repo, request);
            return Response.accepted(run.snapshot()).location(URI.create("/runs/" + run.runId()))
                    .header("Preference-Applied", "respond-async").build();
        }
        return runner.run(repo, request).orThrow();
    }

    /** The run a body asks for; a body may be null, for the defaults. */
    static RunRequest request(Direction direction, RunBody b, String actor, String requestId) {
        return new RunRequest(direction, strategy(direction, b), isTrue(b == null ? null : b.dryRun()),
                isTrue(b == null ? null : b.strictOrder()), lockWait(b), actor, timeouts(b),
                b == null ? null : b.set(), requestId, isTrue(b == null ? null : b.atomic()));
    }

    static Strategy strategy(Direction direction, RunBody b) {
        if (b == null) {
            return direction == Direction.UP ? new Strategy.All() : new Strategy.Step(1);
        }
        int given = (b.step() != null ? 1 : 0) + (b.to() != null ? 1 : 0) + (b.all() != null ? 1 : 0);
        if (given > 1) {
            throw CairnException.invalid("give at most one of step, to and all").with("field", "step");
        }
        if (b.step() != null) {
            if (b.step() < 1) {
                throw CairnException.invalid("step must be 1 or more").with("field", "step");
            }
            return new Strategy.Step(b.step());
        }
        if (b.to() != null) {
            if (b.to() < 0) {
                throw CairnException.invalid("to must be a version, 0 or more, such as 20240101120000")
                        .with("field", "to");
            }
            return new Strategy.To(b.to());
        }
        if (b.all() != null) {
            if (!b.all()) {
                throw CairnException.invalid("all can only be true; leave it out for the default").with("field", "all");
            }
            return new Strategy.All();
        }
        // A set's rollback undoes the whole set, as PhoenixKit's down() does; a repo's undoes its latest migration.
        return direction == Direction.UP || b.set() != null ? new Strategy.All() : new Strategy.Step(1);
    }

    static Timeouts timeouts(RunBody b) {
        return b == null ? Timeouts.NONE : Timeouts.parse(b.lockTimeout(), b.lockRetries(), b.statementTimeout());
    }

    static Duration lockWait(RunBody b) {
        if (b == null || b.waitSeconds() == null) {
            return null;
        }
        if (b.waitSeconds() < 0 || b.waitSeconds() > 3600) {
            throw CairnException.invalid("waitSeconds must be between 0 and 3600").with("field", "waitSeconds");
        }
        return Duration.ofSeconds(b.waitSeconds());
    }

    private static boolean isTrue(Boolean b) {
        return b != null && b;
    }
}
