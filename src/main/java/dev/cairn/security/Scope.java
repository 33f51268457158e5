package dev.cairn.security;

import dev.cairn.repo.Repo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The repos a token may see: repo-id globs ({@code payments-*}, {@code ?} one character) and label selectors
 * ({@code team=payments}), written as one text with the items separated by commas or spaces. A repo is in scope when
 * its id matches one of the globs (if any are given) and it carries every one of the labels (if any are given),
 * as a fleet selector reads ids and labels. No items: every repo.
 */
public record Scope(List<String> globs, Map<String, String> labels) {

    public static final Scope EVERY_REPO = new Scope(List.of(), Map.of());

    private static final Pattern GLOB = Pattern.compile("^[a-z0-9_*?-]{1,63}$");
    private static final Pattern LABEL = Pattern.compile("^([A-Za-z0-9_./-]{1,63})=([^\\s,=]{1,255})$");

    public Scope {
        globs = List.copyOf(globs);
        labels = Map.copyOf(labels);
    }

    /** Parses the items of a scope; the message of a refusal names the item. */
    public static Scope parse(String text) {
        List<String> globs = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (String item : text.trim().split("[,\\s]+")) {
            var label = LABEL.matcher(item);
            if (label.matches()) {
                labels.put(label.group(1), label.group(2));
            } else if (GLOB.matcher(item).matches()) {
                globs.add(item);
            } else {
                throw new IllegalArgumentException("scope item '" + item + "' is neither a repo-id glob (a-z, 0-9, _, "
                        + "-, * and ?) nor a label selector key=value");
            }
        }
        if (globs.isEmpty() && labels.isEmpty()) {
            throw new IllegalArgumentException("the scope is empty; leave it out for every repo");
        }
        return new Scope(globs, labels);
    }

    public boolean everyRepo() {
        return globs.isEmpty() && labels.isEmpty();
    }

    public boolean admits(Repo repo) {
        return admits(repo.id(), repo.labels());
    }

    public boolean admits(String id, Map<String, String> repoLabels) {
        Map<String, String> carried = repoLabels == null ? Map.of() : repoLabels;
        return (globs.isEmpty() || globs.stream().anyMatch(g -> matches(g, id)))
                && labels.entrySet().stream().allMatch(l -> l.getValue().equals(carried.get(l.getKey())));
    }

    /** The scope as it is written in the configuration. */
    @Override
    public String toString() {
        List<String> items = new ArrayList<>(globs);
        labels.forEach((k, v) -> items.add(k + "=" + v));
        return items.isEmpty() ? "every repo" : String.join(",", items);
    }

    private static boolean matches(String glob, String id) {
        return id != null && Pattern.matches(glob.replace("*", ".*").replace("?", "."), id);
    }
}
