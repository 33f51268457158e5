package dev.cairn.api;

import dev.cairn.config.CairnConfig;
import dev.cairn.problem.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

/**
 * Checks made before a request reaches JAX-RS, answered with problem documents rather than bare Vert.x errors:
 * oversized bodies are refused before they are read (chunked bodies hit Quarkus' own limit, mapped here too), and a
 * Content-Type that is not even a media type is a 415 instead of a parser exception.
 */
@ApplicationScoped
public class RequestGate {

    void install(@Observes Router router, CairnConfig config) {
        long limit = config.maxBodyBytes();
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            String type = ctx.request().getHeader("Content-Type");
            if (length != null && tooLarge(length, limit)) {
                refuse(ctx, Problem.BODY_TOO_LARGE,
                        "the request body is larger than " + limit + " bytes (cairn.max-body-bytes)");
            } else if (type != null && !parsable(type)) {
                refuse(ctx, Problem.UNSUPPORTED_MEDIA_TYPE,
                        "the Content-Type header is not a media type; send application/json");
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx, Problem.BODY_TOO_LARGE,
                        "the request body is larger than " + limit + " bytes (cairn.max-body-bytes)");
            } else {
                ctx.next();
            }
        });
    }

    private static boolean tooLarge(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed Content-Length itself
        }
    }

    private static boolean parsable(String type) {
        try {
            MediaType.valueOf(type);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext ctx, Problem refusal, String detail) {
        ctx.response().putHeader("Connection", "close");
        send(ctx, refusal, detail);
    }

    /** Answers with a problem document from outside JAX-RS (Vert.x routes, authentication challenges). */
    public static void send(RoutingContext ctx, Problem problem, String detail) {
        JsonObject document = new JsonObject()
                .put("type", Problems.TYPE_PREFIX + problem.slug())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", detail)
                .put("instance", ctx.request().path());
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problems.MEDIA_TYPE)
                .end(document.encode());
    }
}
