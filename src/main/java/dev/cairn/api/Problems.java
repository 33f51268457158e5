package dev.cairn.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.target.TargetErrors;
import dev.cairn.security.JwtTokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves Cairn as an RFC 9457 problem document. Details name the field and what was expected, never
 * the value sent (it could be a password) and never a stack trace.
 */
public class Problems {

    private static final Logger LOG = Logger.getLogger(Problems.class);
    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:cairn:problem:";

    public static Response response(int status, String slug, String title, String detail, Map<String, Object> extra,
                                    String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        if (extra != null) {
            extra.forEach(body::putIfAbsent);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    static Response response(Problem problem, String detail, Map<String, Object> extra, String instance) {
        return response(problem.status(), problem.slug(), problem.title(), detail, extra, instance);
    }

    @ServerExceptionMapper
    public Response cairn(CairnException e, UriInfo uri) {
        Problem problem = e.problem();
        if (problem.status() == 500) {
            LOG.errorf("%s: %s", e.slug(), TargetErrors.mask(e.getMessage()));
        }
        return response(problem, RouteHints.detail(e, uri.getPathParameters().getFirst("id")), e.fields(), path(uri));
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(", "));
        return response(Problem.UNKNOWN_FIELD, "unknown field '" + e.getPropertyName()
                + "'" + (known.isEmpty() ? "" : "; known fields: " + known), Map.of("field", fieldPath(e)), path(uri));
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e, UriInfo uri) {
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u, uri);
        }
        String field = fieldPath(e);
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        String detail = field.isEmpty() ? "the body does not have the expected shape (a JSON object)"
                : "field '" + field + "' must be " + expected;
        if (e instanceof InvalidFormatException) {
            detail = "field '" + field + "' must be " + expected;
        }
        return response(Problem.INVALID_FIELD, detail, field.isEmpty() ? null : Map.of("field", field),
                path(uri));
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        var where = e.getLocation();
        return response(Problem.MALFORMED_JSON, "the body is not valid JSON"
                + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"),
                null, path(uri));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof MismatchedInputException m) {
            return wrongType(m, uri);
        }
        if (e instanceof JsonParseException p) {
            return malformed(p, uri);
        }
        return response(Problem.MALFORMED_JSON, "the body could not be read as the expected JSON",
                null, path(uri));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        String refusal = e instanceof AuthenticationFailedException f ? f.getAttribute(JwtTokens.REFUSAL) : null;
        String detail = refusal != null ? refusal : e instanceof AuthenticationFailedException
                ? "the bearer token is not one Cairn knows; check the Authorization header"
                : "this call needs a token: send Authorization: Bearer <token>";
        return Response.fromResponse(response(Problem.UNAUTHORIZED, detail, null, path(uri)))
                .header("WWW-Authenticate", "Bearer realm=\"cairn\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return response(Problem.FORBIDDEN, "the token's role does not allow this call (read: every GET; "
                + "deploy: store scripts, migrate, roll back; admin: repos, resolve, databases)", null, path(uri));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "no such resource; see /q/openapi for the API";
            case 405 -> "method not allowed on this path";
            case 406 -> "this resource answers application/json only";
            case 413 -> "the body is too large";
            case 415 -> "unsupported Content-Type; send application/json (or application/sql where documented)";
            default -> null;
        };
        if (e.getCause() instanceof JsonProcessingException json) {
            return otherJson(json, uri);
        }
        Problem problem = switch (status) {
            case 404 -> Problem.ROUTE_NOT_FOUND;
            case 405 -> Problem.METHOD_NOT_ALLOWED;
            case 406 -> Problem.NOT_ACCEPTABLE;
            case 413 -> Problem.BODY_TOO_LARGE;
            case 415 -> Problem.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (problem == null) {
            // A status no Cairn code raises: Quarkus's own, answered in the same shape.
            Response.StatusType type = Response.Status.fromStatusCode(status);
            String title = type == null ? "HTTP " + status : type.getReasonPhrase();
            return response(status, slug(title), title, title, null, path(uri));
        }
        return response(problem, detail, null, path(uri));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (e instanceof WebApplicationException w) {
            return web(w, uri);
        }
        if (e instanceof JsonProcessingException j) {
            return otherJson(j, uri);
        }
        LOG.errorf("Unexpected failure on %s: %s", path(uri), TargetErrors.mask(String.valueOf(e)));
        return response(Problem.INTERNAL_ERROR,
                "Cairn failed unexpectedly; the log has the details. Nothing half-done was left in the store.",
                null, path(uri));
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of string values";
        }
        return "a JSON object";
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
