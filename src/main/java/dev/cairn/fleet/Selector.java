package dev.cairn.fleet;

import dev.cairn.repo.Repo;
import java.util.List;
import java.util.Map;

/**
 * Which repos a fleet call means: the listed {@code ids}, or every repo carrying all of {@code labels}. Both given
 * means repos that satisfy both.
 */
public record Selector(Map<String, String> labels, List<String> ids) {

    public Selector {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    public boolean isEmpty() {
        return labels.isEmpty() && ids.isEmpty();
    }

    public boolean matches(Repo repo) {
        return (ids.isEmpty() || ids.contains(repo.id()))
                && labels.entrySet().stream().allMatch(l -> l.getValue().equals(repo.labels().get(l.getKey())));
    }
}
