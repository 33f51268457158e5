package dev.cairn.notify;

import dev.cairn.run.Run;
import java.time.Instant;

/**
 * One event on its way to one webhook: the signed body, sent as is on every attempt (so the signature and the
 * {@code X-Cairn-Delivery} id stay the same and a receiver can drop a repeat), and how the attempts went.
 */
final class Delivery {

    enum State { pending, delivered, failed }

    final String id;
    final Webhook webhook;
    final NotifyEvent event;
    final byte[] body;
    final String signature;
    final long firstAttemptNanos = System.nanoTime();
    private State state = State.pending;
    private int attempts;
    private Integer lastStatus;
    private String lastError;
    private Instant lastAttemptAt;

    Delivery(String id, Webhook webhook, NotifyEvent event, byte[] body) {
        this.id = id;
        this.webhook = webhook;
        this.event = event;
        this.body = body;
        this.signature = webhook.sign(body);
    }

    synchronized int attempting() {
        lastAttemptAt = Instant.now();
        return ++attempts;
    }

    synchronized void answered(int status) {
        lastStatus = status;
        lastError = null;
        if (status / 100 == 2) {
            state = State.delivered;
        }
    }

    synchronized void unanswered(String why) {
        lastStatus = null;
        lastError = why;
    }

    synchronized void gaveUp() {
        state = State.failed;
    }

    synchronized boolean delivered() {
        return state == State.delivered;
    }

    synchronized Run.Notification view() {
        return new Run.Notification(webhook.name, webhook.shownUrl(), event.word, id, state.name(), attempts,
                lastStatus, lastError, lastAttemptAt);
    }
}
