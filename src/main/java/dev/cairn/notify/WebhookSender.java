package dev.cairn.notify;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends deliveries off the run's thread: each attempt is asynchronous and bounded by the webhook's timeout; one that
 * gets no 2xx is tried again after a doubling pause until the webhook's {@code retry-for} is spent. A slow or dead
 * receiver costs a timer entry, never a run's time.
 */
@ApplicationScoped
class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "cairn-webhooks");
        t.setDaemon(true);
        return t;
    });

    void send(Delivery delivery) {
        timer.execute(() -> attempt(delivery));
    }

    private void attempt(Delivery d) {
        int attempt = d.attempting();
        HttpRequest request = HttpRequest.newBuilder(d.webhook.url).timeout(d.webhook.timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Cairn")
                .header("X-Cairn-Event", d.event.word)
                .header("X-Cairn-Delivery", d.id)
                .header("X-Cairn-Signature", d.signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body)).build();
        client(d.webhook).sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, error) -> {
            if (answer != null) {
                d.answered(answer.statusCode());
            } else {
                d.unanswered(why(error, d.webhook.timeout));
            }
            if (!d.delivered()) {
                retryOrGiveUp(d, attempt);
            }
        });
    }

    private void retryOrGiveUp(Delivery d, int attempt) {
        Duration pause = d.webhook.pauseAfter(attempt);
        if (System.nanoTime() - d.firstAttemptNanos + pause.toNanos() > d.webhook.retryFor.toNanos()) {
            d.gaveUp();
            var seen = d.view();
            LOG.warnf("%s: gave up delivering %s (%s) after %d attempts: %s", d.webhook, d.id, d.event.word,
                    attempt, seen.lastStatus() != null ? "HTTP " + seen.lastStatus() : seen.lastError());
            return;
        }
        timer.schedule(() -> attempt(d), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Redirects are not followed: the operator named the receiver, and a body signed for it goes to it only. */
    private HttpClient client(Webhook webhook) {
        return clients.computeIfAbsent(webhook.name, n -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(webhook.timeout).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** Why no answer came, in words that never repeat the URL (it may hold a token). */
    private static String why(Throwable error, Duration timeout) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "could not connect";
        }
        return cause.getClass().getSimpleName();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
