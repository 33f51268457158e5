package dev.cairn.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.migration.Timeouts;
import dev.cairn.store.StoreFolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fleet runs on disk, one JSON-lines file each under {@code <store>/.cairn/fleet-runs/}: the request first, then a
 * line whenever a repo starts or ends, and the end. Appending keeps a thousand-repo run cheap to record, and a run
 * without its end line was cut off by a restart.
 */
@ApplicationScoped
public class FleetJournal {

    private static final Logger LOG = Logger.getLogger(FleetJournal.class);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(String kind, Instant at, Request request, FleetRepo repo, FleetRun.Status status) {}

    /** The request in a form that reads back: strategy as shown in the API, durations in milliseconds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String id, String set, String direction, String strategy, boolean strictOrder, Long lockWaitMs,
                   String actor, Long lockTimeoutMs, Integer lockRetries, Long statementTimeoutMs, List<String> repos,
                   int concurrency, int canary, boolean stopOnError, String requestId, boolean atomic) {}

    private final Path folder;
    private final ObjectMapper json;

    public FleetJournal(StoreFolder store, ObjectMapper json) {
        this.folder = store.state("fleet-runs");
        this.json = json;
    }

    void started(FleetRun run) {
        FleetRequest f = run.request();
        RunRequest r = f.run();
        Timeouts t = r.timeouts();
        append(run.id(), new Line("started", run.startedAt(), new Request(run.id(), r.set(), r.direction().word(),
                r.strategy().toString(), r.strictOrder(), millis(r.lockWait()), r.actor(), millis(t.lockTimeout()),
                t.lockRetries(), millis(t.statementTimeout()), f.repos(), f.concurrency(), f.canary(),
                f.stopOnError(), r.requestId(), r.atomic()), null, null));
    }

    void repo(FleetRun run, FleetRepo repo) {
        append(run.id(), new Line("repo", Instant.now(), null, repo, null));
    }

    void ended(FleetRun run, FleetRun.Status status, Instant at) {
        append(run.id(), new Line("ended", at, null, null, status));
    }

    void resumed(FleetRun run) {
        append(run.id(), new Line("resumed", Instant.now(), null, null, null));
    }

    /** Every fleet run on disk; one without its end is {@code interrupted}. */
    List<FleetRun> load() {
        List<FleetRun> runs = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return runs;
        }
        try (var files = Files.newDirectoryStream(folder, "*.jsonl")) {
            for (Path f : files) {
                try {
                    FleetRun run = read(f);
                    if (run != null) {
                        runs.add(run);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.errorf("Skipping unreadable fleet run %s: %s", f.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.errorf("Could not read the fleet runs in %s: %s", folder, e.getMessage());
        }
        return runs;
    }

    private FleetRun read(Path file) throws IOException {
        FleetRun run = null;
        FleetRun.Status status = FleetRun.Status.interrupted;
        Instant finished = null;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (text.isBlank()) {
                continue;
            }
            Line line = json.readValue(text, Line.class);
            switch (line.kind()) {
                case "started" -> run = new FleetRun(line.request().id(), request(line.request()), line.at());
                case "repo" -> run.update(line.repo());
                case "ended" -> {
                    status = line.status();
                    finished = line.at();
                }
                case "resumed" -> {
                    status = FleetRun.Status.interrupted;
                    finished = null;
                }
                default -> LOG.warnf("Unknown line '%s' in fleet run %s", line.kind(), file.getFileName());
            }
        }
        if (run != null) {
            run.restored(status, finished);
        }
        return run;
    }

    private static FleetRequest request(Request r) {
        Direction direction = "up".equals(r.direction()) ? Direction.UP : Direction.DOWN;
        RunRequest run = new RunRequest(direction, strategy(r.strategy()), false, r.strictOrder(),
                duration(r.lockWaitMs()), r.actor(), new Timeouts(duration(r.lockTimeoutMs()), r.lockRetries(),
                duration(r.statementTimeoutMs())), r.set(), r.requestId(), r.atomic());
        return new FleetRequest(r.repos(), run, r.concurrency(), r.canary(), r.stopOnError());
    }

    private static Strategy strategy(String text) {
        if (text.startsWith("step:")) {
            return new Strategy.Step(Integer.parseInt(text.substring(5)));
        }
        if (text.startsWith("to:")) {
            return new Strategy.To(Long.parseLong(text.substring(3)));
        }
        return new Strategy.All();
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static Duration duration(Long ms) {
        return ms == null ? null : Duration.ofMillis(ms);
    }

    private synchronized void append(String id, Line line) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(id + ".jsonl"), json.writeValueAsString(line) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The repos' own runs are in their ledgers and run history; a lost line costs only the fleet's summary.
            LOG.errorf("Could not append to fleet run %s: %s", id, e.getMessage());
        }
    }
}
