package dev.cairn.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import dev.cairn.status.SetStatus;
import dev.cairn.status.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a fleet stands, summed up: how many repos are current, behind, dirty or could not be read, and how many
 * sit at each version ({@code versions}: version → repos; {@code "none"} for a repo never migrated). For a set,
 * the same of the set's migrations in each repo.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetStatus(int repos, int current, int behind, int dirty, int unreachable,
                          Map<String, Integer> versions, List<String> dirtyRepos, List<Unread> unreachableRepos) {

    /** A repo whose status could not be read, and why. */
    public record Unread(String repo, String type, String detail) {}

    /** One repo's status, or the problem that kept it from being read. */
    public record Reading(Repo repo, StatusReport report, CairnException problem) {}

    public static FleetStatus of(List<Reading> readings, String set) {
        int current = 0;
        int behind = 0;
        Map<String, Integer> versions = new TreeMap<>();
        List<String> dirty = new ArrayList<>();
        List<Unread> unread = new ArrayList<>();
        for (Reading r : readings) {
            if (r.report() == null) {
                unread.add(new Unread(r.repo().id(), r.problem().slug(), r.problem().getMessage()));
                continue;
            }
            StatusReport s = r.report();
            SetStatus inSet = set == null ? null : s.set(set);
            Long version = inSet == null ? s.version() : inSet.migratedVersion();
            versions.merge(version == null ? "none" : Long.toString(version), 1, Integer::sum);
            if ((inSet == null ? s.dirty() : inSet.dirty()) != null) {
                dirty.add(r.repo().id());
            } else if ((inSet == null ? s.pending() : inSet.pending().size()) > 0) {
                behind++;
            } else {
                current++;
            }
        }
        return new FleetStatus(readings.size(), current, behind, dirty.size(), unread.size(), versions, dirty,
                unread);
    }
}
