package dev.cairn.api;

import dev.cairn.config.CairnConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Oversized bodies are refused before they are read, with a problem document rather than Vert.x's bare 413.
 * Quarkus' own limit ({@code quarkus.http.limits.max-body-size}) still stops chunked bodies that lie about nothing.
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, CairnConfig config) {
        long limit = config.maxBodyBytes();
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLarge(length, limit)) {
                refuse(ctx, limit);
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx, limit);
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

    private static void refuse(RoutingContext ctx, long limit) {
        JsonObject problem = new JsonObject()
                .put("type", Problems.TYPE_PREFIX + "body-too-large")
                .put("title", "Body too large")
                .put("status", 413)
                .put("detail", "the request body is larger than " + limit + " bytes (cairn.max-body-bytes)")
                .put("instance", ctx.request().path());
        ctx.response().setStatusCode(413).putHeader("Content-Type", Problems.MEDIA_TYPE)
                .putHeader("Connection", "close").end(problem.encode());
    }
}
