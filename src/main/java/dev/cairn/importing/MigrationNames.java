package dev.cairn.importing;

import java.util.Locale;

/** Other tools' migration names as Cairn writes them: {@code Add email notifications} → {@code add_email_notifications}. */
final class MigrationNames {

    private MigrationNames() {}

    static String snakeCase(String original) {
        String snake = original.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (snake.length() > 100) {
            snake = snake.substring(0, 100).replaceAll("_+$", "");
        }
        return snake.isEmpty() ? "migration" : snake;
    }
}
