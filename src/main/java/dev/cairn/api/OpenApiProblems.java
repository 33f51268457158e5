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
 * Adds what every operation shares to the contract: the bearer-token scheme and the problem documents it may answer,
 * so openapi.yaml shows error shapes without repeating annotations on each method. It runs once, when the document is
 * built with the application; at start-up the extension only loads the result.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiProblems implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";
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
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> {
            ALWAYS.forEach((code, text) -> addProblem(op, code, text));
            if (method != PathItem.HttpMethod.GET) {
                ON_WRITES.forEach((code, text) -> addProblem(op, code, text));
            }
            if (path.endsWith("/migrate") || path.endsWith("/rollback")) {
                addProblem(op, "422", "A migration failed: version, name, sqlState, databaseMessage, line, runId");
            }
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
