package dev.cairn.notify;

import dev.cairn.config.CairnConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One configured webhook ({@code cairn.webhooks.<name>.*}), checked at start so a typo fails Cairn's start rather
 * than every delivery. It signs bodies; its secret never leaves it (not in {@link #toString()}, logs or answers).
 */
final class Webhook {

    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);

    final String name;
    final URI url;
    final Set<NotifyEvent> events;
    final Duration backoff, retryFor, timeout;
    private final SecretKeySpec key;

    private Webhook(String name, URI url, Set<NotifyEvent> events, String secret, CairnConfig.Webhook settings) {
        this.name = name;
        this.url = url;
        this.events = events;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.backoff = settings.backoff();
        this.retryFor = settings.retryFor();
        this.timeout = settings.timeout();
    }

    /** @throws IllegalStateException naming the setting that is wrong */
    static List<Webhook> all(CairnConfig config) {
        List<Webhook> hooks = new ArrayList<>();
        for (Map.Entry<String, CairnConfig.Webhook> e : config.webhooks().entrySet()) {
            String name = e.getKey();
            CairnConfig.Webhook settings = e.getValue();
            Set<NotifyEvent> events = EnumSet.noneOf(NotifyEvent.class);
            for (String word : settings.events().orElse(List.of())) {
                events.add(NotifyEvent.named(word.trim()).orElseThrow(() -> new IllegalStateException(
                        "cairn.webhooks." + name + ".events: unknown event '" + word + "'; the events are "
                                + Arrays.stream(NotifyEvent.values()).map(v -> v.word)
                                .collect(Collectors.joining(", ")))));
            }
            if (settings.secret().isBlank()) {
                throw new IllegalStateException("cairn.webhooks." + name + ".secret is empty");
            }
            if (settings.backoff().isZero() || settings.backoff().isNegative()) {
                throw new IllegalStateException("cairn.webhooks." + name + ".backoff must be positive");
            }
            hooks.add(new Webhook(name, url(name, settings.url()), events.isEmpty()
                    ? EnumSet.allOf(NotifyEvent.class) : events, settings.secret(), settings));
        }
        return hooks;
    }

    private static URI url(String name, String text) {
        try {
            URI url = new URI(text.trim());
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new URISyntaxException(text, "not an http:// or https:// URL with a host");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cairn.webhooks." + name + ".url is not an http:// or https:// URL");
        }
    }

    /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code body} under the webhook's secret. */
    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The URL as shown and logged: scheme, host and port only, as the rest may hold a token. */
    String shownUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "" : "/…");
    }

    /** The pause before attempt {@code attempt + 1}: the backoff, doubled per attempt, at most a minute. */
    Duration pauseAfter(int attempt) {
        Duration pause = backoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }

    @Override
    public String toString() {
        return "webhook " + name + " (" + shownUrl() + ")";
    }
}
