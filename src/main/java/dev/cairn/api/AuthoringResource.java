package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.authoring.Authoring;
import dev.cairn.authoring.Authoring.Authored;
import dev.cairn.authoring.Generate;
import dev.cairn.migration.Migration;
import dev.cairn.migration.Timeouts;
import dev.cairn.repo.Repo;
import dev.cairn.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Migrations Cairn writes for the repo's engine: from generator fields ({@code mix phx.gen.schema}) here, and from
 * a reversible {@code change} through {@code POST /repos/{id}/migrations} ({@link AuthoredMigrations}). Either way the
 * scripts are ordinary files afterwards, with the request kept beside them as {@code change.json}.
 */
@Path("/repos/{id}/migrations/generate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migrations")
@RolesAllowed(Role.DEPLOY)
public class AuthoringResource {

    private final VisibleRepos repos;
    private final AuthoredMigrations authored;

    public AuthoringResource(VisibleRepos repos, AuthoredMigrations authored) {
        this.repos = repos;
        this.authored = authored;
    }

    @Schema(description = "What phx.gen.schema is asked for. Either table (a migration creating it: id, fields, "
            + "timestamps, an index per reference, a unique index per :unique field) or alter (a migration adding "
            + "the add fields and removing the remove fields). A field is name:type[:args][:unique]: string, text, "
            + "integer, bigint, float, decimal, boolean, binary, date, time, naive_datetime, utc_datetime (and "
            + "_usec), uuid, binary_id, map, array:<type> (PostgreSQL), enum:<value>:<value>…, "
            + "references:<table>[:on_delete=nothing|delete_all|nilify_all|restrict][:type=binary_id].")
    public record GenerateInput(
            @Schema(description = "the table to create") String table,
            @Schema(description = "the table to change") String alter,
            @Schema(description = "the new table's columns, at most 250") List<String> fields,
            @Schema(description = "columns to add (alter)") List<String> add,
            @Schema(description = "columns to remove, with their types so the down script adds them back (alter)")
            List<String> remove,
            @Schema(description = "inserted_at and updated_at, timestamp(0) NOT NULL (MariaDB datetime); "
                    + "default true with table") Boolean timestamps,
            @Schema(description = "a uuid primary key (MariaDB binary(16)) and references to uuid keys")
            Boolean binaryId,
            @Schema(description = "default create_<table> or alter_<table>") String name,
            @Schema(description = "default: the current UTC time, as for any new migration") Long version,
            @Schema(description = "answer the scripts without storing them") Boolean dryRun) {

        Generate request() {
            return new Generate(table, alter, fields, add, remove,
                    timestamps == null ? table != null : timestamps, Boolean.TRUE.equals(binaryId));
        }
    }

    @Schema(description = "The migration Cairn wrote: its scripts as stored (or, with dryRun, as they would be); "
            + "no down means it cannot be rolled back")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthoredView(Long version, String name, String checksum, Boolean transaction, String up,
                               String down, Boolean dryRun) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write a migration from phx.gen.schema fields for the repo's engine and store it")
    @APIResponse(responseCode = "201", description = "Stored, with the scripts Cairn wrote", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuthoredView.class)))
    @APIResponse(responseCode = "200", description = "dryRun: the scripts, nothing stored", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuthoredView.class)))
    public Response generate(@PathParam("id") String id, GenerateInput input) {
        Repo repo = repos.get(id);
        RepoResource.requireBody(input);
        Generate request = input.request();
        Authored scripts = Authoring.generate(repo.dialect(), request);
        String name = input.name() != null ? input.name() : request.defaultName();
        if (Boolean.TRUE.equals(input.dryRun())) {
            return Response.ok(new AuthoredView(input.version(), name, null, scripts.transaction(), scripts.up(),
                    scripts.down(), true)).build();
        }
        Migration m = authored.store(repo, input.version(), name, scripts, Timeouts.NONE, Map.of("generate", input));
        return Response.created(URI.create("/repos/" + repo.id() + "/migrations/" + m.version()))
                .entity(new AuthoredView(m.version(), m.name(), m.checksum(), scripts.transaction(), m.up(),
                        m.down(), null)).build();
    }
}
