package dev.cairn.fleet;

import dev.cairn.repo.Repo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which repos a fleet call means: the listed {@code ids}, every repo carrying all of {@code labels}, every repo
 * installing {@code set}; more than one given means repos that satisfy all of them.
 */
public record Selector(Map<String, String> labels, Set<String> ids, String set) {

    /** From the API's lists; an id given twice means it once. */
    public static Selector of(Map<String, String> labels, List<String> ids, String set) {
        return new Selector(labels, ids == null ? null : new HashSet<>(ids), set);
    }

    public Selector {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ids = ids == null ? Set.of() : Set.copyOf(ids);
    }

    public boolean isEmpty() {
        return labels.isEmpty() && ids.isEmpty() && set == null;
    }

    public boolean matches(Repo repo) {
        return (ids.isEmpty() || ids.contains(repo.id()))
                && (set == null || repo.sets().contains(set))
                && labels.entrySet().stream().allMatch(l -> l.getValue().equals(repo.labels().get(l.getKey())));
    }
}
