package dev.cairn.api;

import dev.cairn.problem.Problem;
import dev.cairn.run.Runner;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * {@code X-Request-ID}: the caller's (a proxy's, a CI job's), or one made here, on every response, in the log
 * context of every line about the request, and recorded in the runs it starts. A caller's id goes into log lines and
 * run records, so it is held to a short, plain alphabet: a newline or a 10 kB value is refused, never logged.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-ID";
    static final String CONTEXT_KEY = "cairn.request-id";
    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9._:/+=@-]{1,128}$");

    /** Before {@link RequestGate}, so that its refusals carry the id too. */
    void install(@Observes @Priority(1000) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String given = ctx.request().getHeader(HEADER);
            boolean valid = given == null || VALID.matcher(given).matches();
            String id = given != null && valid ? given : UUID.randomUUID().toString();
            ctx.put(CONTEXT_KEY, id);
            ctx.response().putHeader(HEADER, id);
            MDC.put(Runner.REQUEST_ID, id);
            if (valid) {
                ctx.next();
            } else {
                RequestGate.send(ctx, Problem.INVALID_REQUEST, "X-Request-ID must be 1 to 128 characters of A-Z, "
                        + "a-z, 0-9 and - _ . : / + = @; leave it out and Cairn makes one");
            }
        });
    }

    /** The id of the request being answered. */
    static String of(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }
}
