package dev.cairn.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One migrate, rollback or resolve call as it stands: a value, taken from the {@link ActiveRun} while it runs and
 * kept in the run history once it ended. A running run shows how many migrations are {@code planned} and the
 * {@code steps} done so far.
 *
 * @param direction {@code up} for migrate, {@code down} for rollback
 * @param strategy  the strategy as asked: {@code all}, {@code step:N} or {@code to:V}
 * @param version   the highest applied version once the run ended
 * @param error     the problem that ended a failed run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Run(String runId, String repo, String direction, String strategy, String actor, Instant startedAt,
                  Instant finishedAt, Status status, int planned, List<RunStep> steps, Long version,
                  List<String> warnings, Map<String, Object> error) {

    public enum Status { running, succeeded, failed }

    public Run {
        steps = steps == null ? List.of() : List.copyOf(steps);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The migrations this run applied, for a migrate. */
    @JsonProperty(value = "applied", access = JsonProperty.Access.READ_ONLY)
    public List<RunStep> applied() {
        return "up".equals(direction) ? done("applied") : null;
    }

    /** The migrations this run reverted, for a rollback. */
    @JsonProperty(value = "reverted", access = JsonProperty.Access.READ_ONLY)
    public List<RunStep> reverted() {
        return "down".equals(direction) ? done("reverted") : null;
    }

    private List<RunStep> done(String outcome) {
        return steps.stream().filter(s -> s.outcome().equals(outcome)).toList();
    }

    /** One migration a run applied, reverted or failed on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunStep(long version, String name, long durationMs, String outcome, String error) {}
}
