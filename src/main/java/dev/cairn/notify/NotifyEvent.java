package dev.cairn.notify;

import dev.cairn.run.Run;
import java.util.Arrays;
import java.util.Optional;

/** What a webhook may be told of, by the name a webhook's {@code events} lists. */
enum NotifyEvent {
    RUN_SUCCEEDED("run-succeeded"),
    RUN_FAILED("run-failed"),
    RUN_CANCELLED("run-cancelled"),
    FLEET_FINISHED("fleet-finished");

    final String word;

    NotifyEvent(String word) {
        this.word = word;
    }

    static Optional<NotifyEvent> named(String word) {
        return Arrays.stream(values()).filter(e -> e.word.equals(word)).findFirst();
    }

    /** The event a run's end is; none for a run that has not ended the way a webhook hears of. */
    static Optional<NotifyEvent> of(Run.Status status) {
        return switch (status) {
            case succeeded -> Optional.of(RUN_SUCCEEDED);
            case failed -> Optional.of(RUN_FAILED);
            case cancelled -> Optional.of(RUN_CANCELLED);
            default -> Optional.empty();
        };
    }
}
