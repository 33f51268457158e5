package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.Migration;
import dev.cairn.migration.ScriptSections;
import dev.cairn.migration.ScriptStore;
import dev.cairn.migration.SetPin;
import dev.cairn.migration.Timeouts;
import dev.cairn.migration.Versions;
import dev.cairn.plan.MigrationScript;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/repos/{id}/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migrations", description = "Versioned migration scripts of a repo")
@RolesAllowed(Role.READ)
public class MigrationResource {

    public static final String SQL = "application/sql";

    private final VisibleRepos repos;
    private final ScriptStore store;
    private final StatusReader status;

    private final MigrationSets sets;
    private final AuthoredMigrations authored;

    public MigrationResource(VisibleRepos repos, ScriptStore store, StatusReader status, MigrationSets sets,
                             AuthoredMigrations authored) {
        this.sets = sets;
        this.authored = authored;
        this.repos = repos;
        this.store = store;
        this.status = status;
    }

    /**
     * A migration as sent in JSON; {@code transaction} absent means "what the database can do". The timeouts, written
     * as on a run ({@code "2s"}), are the migration's own and win over the run's for it. {@code set} and
     * {@code setVersion} instead of scripts make a set pin: applying it brings that installed set up to the version.
     * {@code change} instead of scripts is a list of reversible operations Cairn writes both scripts from.
     */
    public record MigrationInput(Long version, String name, String up, String down, Boolean transaction,
                                 String lockTimeout, Integer lockRetries, String statementTimeout, String set,
                                 Long setVersion,
                                 @Schema(description = "instead of up and down: Ecto's change/0 as a list of "
                                         + "operations, each an object with one key: createTable, alterTable, "
                                         + "renameTable, createIndex, dropIndex, dropTable, execute (see README, "
                                         + "Authoring); Cairn writes up.sql and the reversed down.sql",
                                         implementation = Object[].class) JsonNode change) {

        boolean hasChange() {
            return change != null && !change.isNull();
        }

        /** The pin this input asks for, checked against the repo and the set; null for a migration of SQL. */
        SetPin pin(Repo repo, MigrationSets sets) {
            if (set == null && setVersion == null) {
                return null;
            }
            if (set == null || setVersion == null) {
                throw CairnException.invalid("a set pin needs both set and setVersion").with("field", "set");
            }
            if (up != null || down != null || transaction != null || timeouts().declared()) {
                throw CairnException.invalid("a set pin carries no scripts or settings of its own: the set's "
                        + "migrations run").with("field", "up");
            }
            if (!repo.sets().contains(set)) {
                throw CairnException.invalid("repo '" + repo.id() + "' does not install set '" + set
                        + "'; add it to the registration's sets first").with("field", "set");
            }
            if (sets.list(set).stream().noneMatch(m -> m.version() == setVersion)) {
                throw CairnException.invalid("set '" + set + "' has no version " + setVersion)
                        .with("field", "setVersion");
            }
            return new SetPin(set, setVersion);
        }

        Timeouts timeouts() {
            return Timeouts.parse(lockTimeout, lockRetries, statementTimeout);
        }
    }

    /** A stored migration; the scripts are only in the single-migration view, its own timeouts only when set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MigrationView(long version, String name, String checksum, Boolean transaction, Boolean hasDown,
                                String lockTimeout, Integer lockRetries, String statementTimeout, String up,
                                String down, String set, Long setVersion) {

        static MigrationView summary(Repo repo, Migration m) {
            return of(m, transactional(repo, m), false);
        }

        static MigrationView whole(Repo repo, Migration m) {
            return of(m, transactional(repo, m), true);
        }

        /** {@code transaction} as shown: what the engine will do, or for a set (no engine yet) the author's choice. */
        static MigrationView of(Migration m, Boolean transaction, boolean whole) {
            Timeouts t = m.timeouts();
            return new MigrationView(m.version(), m.name(), m.checksum(), transaction, m.hasDown(),
                    Timeouts.text(t.lockTimeout()), t.lockRetries(), Timeouts.text(t.statementTimeout()),
                    whole ? m.up() : null, whole ? m.down() : null, m.pin() == null ? null : m.pin().set(),
                    m.pin() == null ? null : m.pin().version());
        }

        private static boolean transactional(Repo repo, Migration m) {
            return MigrationScript.transactional(m, repo.dialect());
        }
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a migration; without a version it gets the current UTC time as YYYYMMDDHHMMSS")
    public Response create(@PathParam("id") String id, MigrationInput input) {
        Repo repo = repos.get(id);
        RepoResource.requireBody(input);
        if (input.hasChange()) {
            return created(repo, authored.storeChange(repo, input, null));
        }
        SetPin pin = input.pin(repo, sets);
        Migration m = pin != null ? store.createPin(repo.id(), input.version(), input.name(), pin)
                : store.create(repo.id(), input.version(), input.name(), input.up(), input.down(),
                input.transaction(), input.timeouts());
        return created(repo, m);
    }

    @RolesAllowed(Role.DEPLOY)
    @POST
    @Consumes(SQL)
    @Operation(summary = "Store a migration from one SQL file with '-- migrate:up' and '-- migrate:down' sections")
    public Response createFromSql(@PathParam("id") String id, @QueryParam("name") String name,
                                  @QueryParam("version") String version, String body) {
        Repo repo = repos.get(id);
        ScriptSections.Sections sections = sections(body);
        Migration m = store.create(repo.id(), version == null ? null : Versions.parse(version, "version"), name,
                sections.up(), sections.down(), sections.transaction());
        return created(repo, m);
    }

    @GET
    @Operation(summary = "List the stored migrations by version")
    public List<MigrationView> list(@PathParam("id") String id) {
        Repo repo = repos.get(id);
        return store.list(repo.id()).stream().map(ListedMigration::load).map(m -> MigrationView.summary(repo, m))
                .toList();
    }

    @GET
    @Path("/{version}")
    @Operation(summary = "Show one migration with its scripts")
    public MigrationView get(@PathParam("id") String id, @PathParam("version") String version) {
        Repo repo = repos.get(id);
        return MigrationView.whole(repo, store.get(repo.id(), Versions.parse(version, "version")).load());
    }

    @RolesAllowed(Role.DEPLOY)
    @PUT
    @Path("/{version}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a migration's scripts; refused once it is applied")
    public MigrationView replace(@PathParam("id") String id, @PathParam("version") String version,
                                 MigrationInput input) {
        Repo repo = repos.get(id);
        long v = Versions.parse(version, "version");
        RepoResource.requireBody(input);
        checkVersion(input, v);
        store.get(repo.id(), v);
        SetPin pin = input.hasChange() ? null : input.pin(repo, sets);
        refuseIfApplied(repo, v, "replace");
        if (input.hasChange()) {
            return MigrationView.whole(repo, authored.storeChange(repo, input, v));
        }
        return MigrationView.whole(repo, pin != null ? store.replaceWithPin(repo.id(), v, input.name(), pin)
                : store.replace(repo.id(), v, input.name(), input.up(), input.down(), input.transaction(),
                input.timeouts()));
    }

    @RolesAllowed(Role.DEPLOY)
    @DELETE
    @Path("/{version}")
    @Operation(summary = "Delete a migration; refused once it is applied")
    public Response delete(@PathParam("id") String id, @PathParam("version") String version) {
        Repo repo = repos.get(id);
        long v = Versions.parse(version, "version");
        store.get(repo.id(), v);
        refuseIfApplied(repo, v, "delete");
        store.delete(repo.id(), v);
        return Response.noContent().build();
    }

    private void refuseIfApplied(Repo repo, long version, String action) {
        if (status.isApplied(repo, version)) {
            throw Problem.MIGRATION_APPLIED.raise("cannot " + action + " migration " + version
                    + ": it is applied to repo '" + repo.id()
                    + "'. Roll it back first, or add a new migration that changes what it did.")
                    .with("version", version);
        }
    }

    /** A body that names a version names the path's. */
    static void checkVersion(MigrationInput input, long v) {
        if (input.version() != null && input.version() != v) {
            throw CairnException.invalid("the body's version " + input.version() + " differs from the path's " + v)
                    .with("field", "version");
        }
    }

    static ScriptSections.Sections sections(String body) {
        try {
            return ScriptSections.parse(body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw CairnException.invalid(e.getMessage());
        }
    }

    private static Response created(Repo repo, Migration m) {
        return created(URI.create("/repos/" + repo.id() + "/migrations/" + m.version()), m);
    }

    static Response created(URI location, Migration m) {
        return Response.created(location).entity(new MigrationView(m.version(), m.name(), m.checksum(), null, null,
                null, null, null, null, null, null, null)).build();
    }
}
