package dev.cairn.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.run.DryRun;
import java.util.List;
import java.util.Map;

/** What a fleet run would do on one repo: the migrations, in order, or the problem that refuses its plan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetDryRun(String repo, List<DryRun.Step> plan, Map<String, Object> problem) {}
