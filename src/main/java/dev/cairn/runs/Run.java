package dev.cairn.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One migrate or rollback call, from start to outcome. While it runs, readers (status, GET /runs/{id}) see its
 * progress through {@link #steps} and {@link #planned}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Run {

    public enum Status { running, succeeded, failed }

    public String runId;
    public String repo;
    /** {@code up} for migrate, {@code down} for rollback. */
    public String direction;
    /** The strategy as asked: {@code all}, {@code step:N} or {@code to:V}. */
    public String strategy;
    public String actor;
    public Instant startedAt;
    public Instant finishedAt;
    public volatile Status status = Status.running;
    /** How many migrations the plan holds; {@code steps.size()} of them are done. */
    public int planned;
    public final List<RunStep> steps = new CopyOnWriteArrayList<>();
    /** The highest applied version once the run ended. */
    public Long version;
    public final List<String> warnings = new CopyOnWriteArrayList<>();
    /** The problem that ended a failed run. */
    public Map<String, Object> error;

    public Run() {}

    public Run(String runId, String repo, String direction, String strategy, String actor) {
        this.runId = runId;
        this.repo = repo;
        this.direction = direction;
        this.strategy = strategy;
        this.actor = actor;
        this.startedAt = Instant.now();
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunStep(long version, String name, long durationMs, String outcome, String error) {}
}
