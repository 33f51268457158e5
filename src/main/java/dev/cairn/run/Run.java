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
 * @param set       the migration set the run worked on, or null for the repo's own migrations
 * @param direction {@code up} for migrate, {@code down} for rollback
 * @param strategy  the strategy as asked: {@code all}, {@code step:N} or {@code to:V}
 * @param requestId the {@code X-Request-ID} of the call that started it, when one did
 * @param version   the highest applied version once the run ended
 * @param error     the problem that ended a failed or cancelled run
 * @param current   while it runs: the migration in flight
 * @param waitingFor while it runs: what it waits for, if anything
 * @param notifications once it ended: the webhook deliveries about it, as they stand (never kept in the history)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Run(String runId, String repo, String set, String direction, String strategy, String actor,
                  String requestId, Instant startedAt, Instant finishedAt, Status status, int planned,
                  List<RunStep> steps, Long version, List<String> warnings, Map<String, Object> error, Current current, WaitingFor waitingFor,
                  List<Notification> notifications) {

    /**
     * {@code interrupted}: Cairn stopped (killed, restarted) while the run was in progress; the steps are those that
     * committed before.
     */
    public enum Status { running, succeeded, failed, cancelled, interrupted }

    public Run {
        steps = steps == null ? List.of() : List.copyOf(steps);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public Run(String runId, String repo, String set, String direction, String strategy, String actor,
               String requestId, Instant startedAt, Instant finishedAt, Status status, int planned,
               List<RunStep> steps, Long version, List<String> warnings, Map<String, Object> error, Current current,
               WaitingFor waitingFor) {
        this(runId, repo, set, direction, strategy, actor, requestId, startedAt, finishedAt, status, planned, steps,
                version, warnings, error, current, waitingFor, null);
    }

    /** This run as it stands, waiting for what {@code waiting} says. */
    public Run waitingFor(WaitingFor waiting) {
        return new Run(runId, repo, set, direction, strategy, actor, requestId, startedAt, finishedAt, status,
                planned, steps, version, warnings, error, current, waiting, notifications);
    }

    /** This run with other steps: a history line of a running run carries only those done since its last line. */
    public Run withSteps(List<RunStep> others) {
        return new Run(runId, repo, set, direction, strategy, actor, requestId, startedAt, finishedAt, status,
                planned, others, version, warnings, error, current, waitingFor, notifications);
    }

    /** This run with the deliveries about it; none leaves the field out. */
    public Run notified(List<Notification> deliveries) {
        return new Run(runId, repo, set, direction, strategy, actor, requestId, startedAt, finishedAt, status,
                planned, steps, version, warnings, error, current, waitingFor,
                deliveries.isEmpty() ? null : List.copyOf(deliveries));
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

    /** The migration in flight: statement {@code statement} of {@code statements}, {@code seconds} into it. */
    public record Current(long version, String name, int statement, int statements, double seconds) {}

    /**
     * What a running run waits for: the run lock ({@code holder} says who has it) or a database lock held by the
     * {@code blockers} sessions.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WaitingFor(String kind, String holder, List<Blocker> blockers, double seconds) {}

    /**
     * One webhook delivery about a run: {@code status} {@code pending} (being tried), {@code delivered} (a 2xx) or
     * {@code failed} (it stopped retrying); {@code lastStatus} the HTTP status of the last answer, {@code lastError}
     * why the last attempt got none. {@code url} shows only the scheme and host: webhook URLs often carry a token.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Notification(String webhook, String url, String event, String deliveryId, String status,
                               int attempts, Integer lastStatus, String lastError, Instant lastAttemptAt) {}

    /** A database session in the way, as the server shows it; {@code query} at most its first 200 characters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Blocker(long pid, String application, String state, Instant queryStart, String query) {}

    /**
     * One migration a run applied, reverted or failed on; {@code attempts} and {@code retries} (why each earlier
     * attempt gave up) only when it was tried more than once.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunStep(long version, String name, long durationMs, String outcome, String error,
                          Integer attempts, List<String> retries) {

        public RunStep(long version, String name, long durationMs, String outcome, String error) {
            this(version, name, durationMs, outcome, error, null, null);
        }
    }
}
