package dev.cairn.migration;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a single uploaded SQL file into its up and down parts, marked the way dbmate and goose users write them:
 * {@code -- migrate:up} and {@code -- migrate:down} on lines of their own.
 */
public final class ScriptSections {

    private static final Pattern MARKER =
            Pattern.compile("^[ \\t]*--[ \\t]*migrate:(up|down)(?:[ \\t]+transaction:(true|false))?[ \\t]*\\r?$",
                    Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    public record Sections(String up, String down, Boolean transaction) {}

    private ScriptSections() {}

    /** @throws IllegalArgumentException when the up marker is missing or a marker repeats */
    public static Sections parse(String file) {
        Matcher m = MARKER.matcher(file);
        int upStart = -1, upMarker = -1, downStart = -1, downMarker = -1;
        Boolean transaction = null;
        while (m.find()) {
            boolean up = m.group(1).equalsIgnoreCase("up");
            if ((up && upStart >= 0) || (!up && downStart >= 0)) {
                throw new IllegalArgumentException("'-- migrate:" + m.group(1).toLowerCase() + "' appears twice");
            }
            if (up) {
                upMarker = m.start();
                upStart = m.end();
                if (m.group(2) != null) {
                    transaction = Boolean.valueOf(m.group(2).toLowerCase());
                }
            } else {
                downMarker = m.start();
                downStart = m.end();
            }
        }
        if (upStart < 0) {
            throw new IllegalArgumentException("the file has no '-- migrate:up' line; put the up script after it "
                    + "and the optional down script after '-- migrate:down'");
        }
        String up = downStart > upStart ? file.substring(upStart, downMarker) : file.substring(upStart);
        String down = null;
        if (downStart >= 0) {
            down = downStart > upStart ? file.substring(downStart) : file.substring(downStart, upMarker);
        }
        return new Sections(up.strip(), down == null ? null : down.strip(), transaction);
    }
}
