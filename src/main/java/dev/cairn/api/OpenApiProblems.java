package dev.cairn.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds what every operation shares to the contract: the bearer-token scheme, the problem documents it may answer and
 * the {@code X-Request-ID} header it takes and answers, so openapi.yaml shows them without repeating annotations on
 * each method. It runs once, when the document is
 * built with the application; at start-up the extension only loads the result.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiProblems implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String REQUEST_ID = "RequestId";
    // Sorted, so the generated contract is the same on every run.
    private static final Map<String, String> ALWAYS = new TreeMap<>(Map.of(
            "400", "Invalid request (problem+json; `field` names the culprit)",
            "401", "No or unknown bearer token, or a JWT refused (detail says why)",
            "403", "The token's role does not allow this call, or (repo-out-of-scope) it acts on a repo outside the "
                    + "token's scope",
            "404", "No such repo, migration or run; a repo outside the token's scope reads as no such repo",
            "503", "The target database is unreachable or refused the login"));
    private static final Map<String, String> ON_WRITES = new TreeMap<>(Map.of(
            "409", "Conflicts with the current state: taken version, applied migration, held lock, dirty repo",
            "413", "Body larger than cairn.max-body-bytes",
            "415", "Unsupported Content-Type"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", problemSchema());
        openAPI.getComponents().addSecurityScheme("bearer", OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A token configured in cairn.auth.tokens, or a JWT from the identity provider of "
                        + "cairn.auth.jwt; roles read < deploy < admin, each optionally scoped to repo-id globs and "
                        + "labels (then repos outside the scope do not exist for the token)"));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"));
        String idText = "The caller's id for this request (1 to 128 of A-Z a-z 0-9 - _ . : / + = @; others are a "
                + "400), else one Cairn makes; answered on every response, kept in the runs the request starts "
                + "(requestId) and in the log context of their lines";
        Schema idSchema = OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(128)
                .pattern("^[A-Za-z0-9._:/+=@-]{1,128}$");
        openAPI.getComponents().addParameter(REQUEST_ID, OASFactory.createParameter().name(RequestIds.HEADER)
                .in(org.eclipse.microprofile.openapi.models.parameters.Parameter.In.HEADER).description(idText)
                .schema(idSchema));
        openAPI.getComponents().addHeader(REQUEST_ID, OASFactory.createHeader().description(idText)
                .schema(idSchema));
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> {
            ALWAYS.forEach((code, text) -> addProblem(op, code, text));
            if (method != PathItem.HttpMethod.GET) {
                ON_WRITES.forEach((code, text) -> addProblem(op, code, text));
            }
            if (path.endsWith("/migrate") || path.endsWith("/rollback")) {
                addProblem(op, "422", "A migration failed: version, name, sqlState, databaseMessage, line, runId");
            }
            if (path.equals("/repos/{id}/migrations/generate")
                    || path.equals("/repos/{id}/migrations") && method == PathItem.HttpMethod.POST
                    || path.equals("/repos/{id}/migrations/{version}") && method == PathItem.HttpMethod.PUT) {
                addProblem(op, "422", "A change or field Cairn cannot write for the repo's engine: change-irreversible "
                        + "(operation: what to add), unsupported-by-engine (field); nothing was stored");
            }
            op.addParameter(OASFactory.createParameter().ref(REQUEST_ID));
            op.getResponses().getAPIResponses().values().forEach(r -> r.addHeader(RequestIds.HEADER,
                    OASFactory.createHeader().ref(REQUEST_ID)));
        }));
    }

    private static void addProblem(Operation op, String code, String description) {
        if (op.getResponses().getAPIResponse(code) != null) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
        op.getResponses().addAPIResponse(code, response);
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; extra fields such as field, version, runId depend on the type")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .example("urn:cairn:problem:migration-failed"))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
