package dev.cairn.api;

import dev.cairn.importing.Archive;
import dev.cairn.importing.Importer;
import dev.cairn.importing.Layout;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/repos/{id}/import")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migrations")
@RolesAllowed(Role.DEPLOY)
public class ImportResource {

    private static final Logger LOG = Logger.getLogger(ImportResource.class);
    private static final String GZIP = "application/gzip", X_GZIP = "application/x-gzip", ZIP = "application/zip";

    private final VisibleRepos repos;
    private final Importer importer;
    private final Caller caller;

    public ImportResource(VisibleRepos repos, Importer importer, Caller caller) {
        this.repos = repos;
        this.importer = importer;
        this.caller = caller;
    }

    @POST
    @Consumes({GZIP, X_GZIP, ZIP})
    @Operation(summary = "Import a migrations folder sent as .tar.gz or .zip, in Cairn's, Diesel's, golang-migrate's, "
            + "dbmate's, goose's or Flyway's layout: all or nothing; 201 when something was new, else 200")
    @APIResponse(responseCode = "201", description = "Imported: each migration with its original files, and the files"
            + " skipped", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Importer.ImportReport.class)))
    @APIResponse(responseCode = "200", description = "Nothing new (all unchanged), or a dry run", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Importer.ImportReport.class)))
    public Response importArchive(@PathParam("id") String id, @QueryParam("layout") String layout,
                                  @QueryParam("dryRun") String dryRun,
                                  @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] body) {
        Repo repo = repos.get(id);
        boolean dry = flag(dryRun);
        Archive.Format format = type != null && type.startsWith(ZIP) ? Archive.Format.ZIP : Archive.Format.TAR_GZ;
        Importer.ImportReport report = importer.importArchive(repo.id(), body, format, Layout.named(layout), dry);
        if (!dry && !report.imported().isEmpty()) {
            LOG.infof("repo=%s imported %d migration(s) (%s layout) by %s", repo.id(), report.imported().size(),
                    report.layout(), caller.name());
        }
        return Response.status(!dry && !report.imported().isEmpty() ? 201 : 200).entity(report).build();
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw CairnException.invalid("dryRun must be true or false").with("field", "dryRun");
    }
}
