package dev.cairn.run;

import java.util.List;

/** What a run would do: its plan and every SQL statement in the order it would be sent, ledger writes included. */
public record DryRun(String repo, String direction, String strategy, boolean dryRun, List<Step> plan,
                     List<String> sql, List<String> warnings) {

    public record Step(long version, String name, boolean transaction) {}
}
