package dev.cairn.api;

import dev.cairn.fleet.Selector;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistration;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.security.Role;
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
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/repos")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Repos", description = "Target databases Cairn migrates")
@RolesAllowed(Role.READ)
public class RepoResource {

    private static final Logger LOG = Logger.getLogger(RepoResource.class);
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    static final String URL_RULES = "The url is jdbc:postgresql://host[:port][,host[:port]…]/database[?parameters] "
            + "(or jdbc:mariadb:, jdbc:mysql:). Its driver parameters must be on Cairn's allowlist: PostgreSQL "
            + "connectTimeout, loginTimeout, socketTimeout, cancelSignalTimeout, sslResponseTimeout, tcpKeepAlive, "
            + "tcpNoDelay, ApplicationName, sslmode, ssl, sslNegotiation, channelBinding, targetServerType, "
            + "hostRecheckSeconds, loadBalanceHosts; MariaDB/MySQL connectTimeout, socketTimeout, tcpKeepAlive, "
            + "tcpKeepIdle, tcpKeepCount, tcpKeepInterval, sslMode, enabledSslProtocolSuites, enabledSslCipherSuites, "
            + "restrictedAuth, useCompression, permitMysqlScheme, sessionVariables (sql_mode only). Any other "
            + "parameter (one that loads a class, touches a file of Cairn's host, carries a credential or changes "
            + "the session) is a 400 url-parameter-refused whose `parameter` names it. For TLS, `tls` names one of "
            + "the TLS profiles Cairn's operator configured (cairn.tls.<name>.ca|cert|key): the certificate files "
            + "come from there, never from the request, and the connection is verified (sslmode verify-full, or "
            + "verify-ca if the url says so). A host outside cairn.targets.allowed-hosts is a 400 "
            + "host-not-allowed whose `host` names it. A token with a scope registers only repos whose id and labels lie "
            + "inside it (403 repo-out-of-scope); an id taken by a repo outside its scope is a 409 repo-exists.";

    private final RepoRegistry registry;
    private final VisibleRepos repos;
    private final Caller caller;

    public RepoResource(RepoRegistry registry, VisibleRepos repos, Caller caller) {
        this.registry = registry;
        this.repos = repos;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List registered repos by id, a page at a time (never with secrets)",
            description = "At most `limit` repos (default 100, at most 1000) whose id comes after `after`; when "
                    + "more follow, a `Link: </repos?after=…>; rel=\"next\"` header gives the next page. "
                    + "`label=k:v` (repeatable: all must match) and `set` keep repos that carry the labels and "
                    + "install the set; `search` keeps repos whose id contains it. A scoped token sees those in its scope.")
    @APIResponse(responseCode = "200", description = "A page of repos", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = RepoView.class)))
    public Response list(@QueryParam("limit") Integer limit, @QueryParam("after") String after,
                         @QueryParam("label") List<String> labels, @QueryParam("set") String set,
                         @QueryParam("search") String search) {
        int size = FleetResource.bounded(limit, DEFAULT_PAGE, 1, MAX_PAGE, "limit");
        Selector selector = Selector.of(FleetResource.labels(labels), null, set);
        String needle = search == null ? "" : search.toLowerCase(Locale.ROOT);
        List<Repo> page = repos.listAfter(after, r -> selector.matches(r) && r.id().contains(needle))
                .limit(size + 1L).toList();
        Response.ResponseBuilder answer = Response.ok(page.stream().limit(size).map(RepoView::of).toList());
        if (page.size() > size) {
            UriBuilder next = UriBuilder.fromPath("/repos").queryParam("after", page.get(size - 1).id());
            if (limit != null) {
                next.queryParam("limit", size);
            }
            for (String label : labels == null ? List.<String>of() : labels) {
                next.queryParam("label", label);
            }
            if (set != null) {
                next.queryParam("set", set);
            }
            if (!needle.isEmpty()) {
                next.queryParam("search", needle);
            }
            answer.link(next.build(), "next");
        }
        return answer.build();
    }

    @RolesAllowed(Role.ADMIN)
    @POST
    @Operation(summary = "Register a repo: a target database plus an optional prefix (schema)",
            description = URL_RULES)
    public Response register(RepoRegistration registration) {
        var repo = registry.register(requireBody(registration), repos.admission());
        LOG.infof("repo=%s registered by %s", repo.id(), caller.name());
        return Response.created(URI.create("/repos/" + repo.id())).entity(RepoView.of(repo)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Show one repo")
    public RepoView get(@PathParam("id") String id) {
        return RepoView.of(repos.get(id));
    }

    @RolesAllowed(Role.ADMIN)
    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a repo's registration; its connection pool is rebuilt", description = URL_RULES)
    public RepoView replace(@PathParam("id") String id, RepoRegistration registration) {
        repos.checkReplaceable(id);
        RepoView view = RepoView.of(registry.replace(id, requireBody(registration), repos.admission()));
        LOG.infof("repo=%s replaced by %s", id, caller.name());
        return view;
    }

    @RolesAllowed(Role.ADMIN)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Forget a repo; the target database and the stored scripts are left untouched")
    public Response delete(@PathParam("id") String id) {
        registry.delete(repos.get(id).id());
        LOG.infof("repo=%s deleted by %s", id, caller.name());
        return Response.noContent().build();
    }

    static <T> T requireBody(T body) {
        if (body == null) {
            throw CairnException.invalid("a JSON body is required");
        }
        return body;
    }
}
