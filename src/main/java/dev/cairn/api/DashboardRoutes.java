package dev.cairn.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The dashboard's static page under {@code /ui/} (files in {@code META-INF/resources/ui/}): {@code /} leads there,
 * and every answer under it carries a Content-Security-Policy that runs only Cairn's own script files, so a
 * migration named like markup can never become a script. The page itself needs no token; it asks for one and sends
 * it with each API call, so the API's roles and scopes apply to the page unchanged.
 */
@ApplicationScoped
public class DashboardRoutes {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Assets are linked with {@code ?v=<build>}, so a new build is a new URL and the old one may be kept forever. */
    private static final String VERSIONED = "public, max-age=31536000, immutable";

    void install(@Observes Router router) {
        router.get("/").order(-1001).handler(ctx -> redirectExactly(ctx, "/"));
        router.get("/ui").order(-1001).handler(ctx -> redirectExactly(ctx, "/ui"));
        router.route("/ui/*").order(-1000).handler(DashboardRoutes::secure);
    }

    /**
     * Vert.x matches a route on the normalised path, so "/repos/.." would reach "/" and "/ui/" would reach "/ui";
     * only a request for that very path is redirected, the others go on to be answered as they were.
     */
    private static void redirectExactly(RoutingContext ctx, String path) {
        String uri = ctx.request().uri();
        if (uri.equals(path) || uri.startsWith(path + "?")) {
            redirect(ctx, "/ui/");
        } else {
            ctx.next();
        }
    }

    private static void redirect(RoutingContext ctx, String to) {
        ctx.response().setStatusCode(302).putHeader("Location", to).end();
    }

    private static void secure(RoutingContext ctx) {
        String cache = ctx.request().getParam("v") != null ? VERSIONED : "no-cache";
        // Set as the headers go out, so the static handler's own caching headers do not win.
        ctx.addHeadersEndHandler(v -> ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", cache));
        ctx.next();
    }
}
