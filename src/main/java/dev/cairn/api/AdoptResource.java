package dev.cairn.api;

import dev.cairn.ledger.adopt.ForeignTool;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.run.Adopter;
import dev.cairn.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/repos/{id}/adopt")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs")
@RolesAllowed(Role.ADMIN)
public class AdoptResource {

    private static final Logger LOG = Logger.getLogger(AdoptResource.class);

    private final VisibleRepos repos;
    private final Adopter adopter;
    private final LenientBody lenient;
    private final Caller caller;

    public AdoptResource(VisibleRepos repos, Adopter adopter, LenientBody lenient, Caller caller) {
        this.repos = repos;
        this.adopter = adopter;
        this.lenient = lenient;
        this.caller = caller;
    }

    /** {@code from}: auto, flyway, golang-migrate, goose, diesel, dbmate or ecto; or {@code baseline}: a version. */
    public record AdoptBody(String from, Long baseline, Boolean dryRun) {}

    @POST
    @Operation(summary = "Take over a database another tool migrated: record as applied, without running them, the "
            + "stored migrations its ledger lists (from) or every stored version up to and including a baseline")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AdoptBody.class)))
    public Adopter.AdoptReport adopt(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                                     String body) {
        Repo repo = repos.get(id);
        AdoptBody b = lenient.read(type, body, AdoptBody.class);
        if (b != null && b.from() != null && b.baseline() != null) {
            throw CairnException.invalid("give either from or baseline, not both").with("field", "baseline");
        }
        if (b != null && b.baseline() != null && b.baseline() < 0) {
            throw CairnException.invalid("baseline must be a version, 0 or more").with("field", "baseline");
        }
        boolean dryRun = b != null && Boolean.TRUE.equals(b.dryRun());
        Adopter.AdoptReport report = adopter.adopt(repo, new Adopter.Request(
                ForeignTool.named(b == null ? null : b.from()), b == null ? null : b.baseline(), dryRun, caller.name(),
                caller.requestId()));
        if (!dryRun) {
            LOG.infof("repo=%s adopted %d version(s) from %s by %s", repo.id(), report.adopted().size(),
                    report.from(), caller.name());
        }
        return report;
    }
}
