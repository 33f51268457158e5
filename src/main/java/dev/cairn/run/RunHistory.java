package dev.cairn.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.migration.Migration;
import dev.cairn.store.StoreFolder;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs in progress, and finished runs appended as JSON lines to {@code <store>/.cairn/runs/<repo>.jsonl}; the
 * newest {@value #KEPT} per repo are kept in memory for the API. A run also writes a line when it starts and as each
 * migration starts, so after Cairn was killed its lines show where it stopped: such a run reads as
 * {@code interrupted}, with the migrations done before and the one in flight. A line of a running run carries only
 * the steps done since the run's previous line (a full snapshot at each of 1,000 migrations would write half a
 * million steps); the line a run ends with carries them all.
 */
@ApplicationScoped
public class RunHistory implements RunListener {

    private static final Logger LOG = Logger.getLogger(RunHistory.class);
    static final int KEPT = 200, RECENT_LOGS = 50;

    private final Path folder;
    private final ObjectMapper json;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    /** Per running run, the open history file its lines go to. */
    private final Map<String, OutputStream> lines = new ConcurrentHashMap<>();
    /** Per running run, how many of its steps its lines so far carry. */
    private final Map<String, Integer> written = new ConcurrentHashMap<>();
    private final Map<String, Deque<Run>> byRepo = new ConcurrentHashMap<>();
    private final Map<String, Run> byId = new ConcurrentHashMap<>();
    /** The live event logs of the runs that ended last, so a watcher reconnecting just after the end misses nothing. */
    private final Map<String, RunEventLog> recentLogs = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RunEventLog> eldest) {
                    return size() > RECENT_LOGS;
                }
            });

    public RunHistory(StoreFolder store, ObjectMapper json) {
        this.folder = store.state("runs");
        this.json = json;
    }

    /** Makes a run visible to readers as soon as it starts. */
    @Override
    public void started(ActiveRun run) {
        active.put(run.runId(), run);
        // The repo's earlier runs are read before this one writes a line: read at its end, as they were, every
        // line it had just written was parsed too, which on a cold JVM cost the first run after a restart dearly.
        runs(run.repo().id());
        try {
            Files.createDirectories(folder);
            // Opened once per run: 1,000 migrations are 1,000 lines, and an open and close for each cost more
            // than writing them.
            lines.put(run.runId(), Files.newOutputStream(file(run.repo().id()), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            LOG.errorf("Could not open the run history of %s: %s", run.repo().id(), e.getMessage());
        }
        append(run.snapshot());
    }

    @Override
    public void migrationStarted(ActiveRun run, Migration migration) {
        int before = written.getOrDefault(run.runId(), 0);
        Run line = run.snapshotSince(before);
        written.put(run.runId(), before + line.steps().size());
        append(line);
    }

    @Override
    public void finished(ActiveRun run, Run record) {
        Deque<Run> runs = runs(record.repo());
        synchronized (runs) {
            runs.addFirst(record);
            byId.put(record.runId(), record);
            while (runs.size() > KEPT) {
                byId.remove(runs.removeLast().runId());
            }
        }
        recentLogs.put(run.runId(), run.events());
        active.remove(run.runId());
        written.remove(run.runId());
        append(record);
        OutputStream out = lines.remove(run.runId());
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.errorf("Could not close the run history of %s: %s", record.repo(), e.getMessage());
            }
        }
    }

    private Path file(String repoId) {
        return folder.resolve(repoId + ".jsonl");
    }

    private void append(Run record) {
        try {
            byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            OutputStream out = lines.get(record.runId());
            if (out != null) {
                out.write(line); // unbuffered: a line is on disk (in the page cache) once written, kill or not
            } else {
                Files.createDirectories(folder);
                Files.write(file(record.repo()), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // The migration itself is done and in the ledger; a lost history line must not turn it into a failure.
            LOG.errorf("Could not append run %s to the run history: %s", record.runId(), e.getMessage());
        }
    }

    /** Newest first, runs in progress included. */
    public List<Run> list(String repoId) {
        List<Run> all = new ArrayList<>();
        active.values().stream().filter(r -> r.repo().id().equals(repoId)).map(ActiveRun::snapshot)
                .filter(r -> r.status() == Run.Status.running).forEach(all::add);
        Deque<Run> runs = runs(repoId);
        synchronized (runs) {
            all.addAll(runs);
        }
        all.sort(Comparator.comparing(Run::startedAt).reversed());
        return List.copyOf(all);
    }

    /** The run's events: live while it runs, as they were for a recent one, else as its record tells them. */
    public Optional<RunEventLog> events(String runId) {
        ActiveRun running = active.get(runId);
        if (running != null) {
            return Optional.of(running.events());
        }
        RunEventLog recent = recentLogs.get(runId);
        return recent != null ? Optional.of(recent) : find(runId).map(RunEventLog::of);
    }

    /** The run, while it runs in this Cairn. */
    public Optional<ActiveRun> active(String runId) {
        return Optional.ofNullable(active.get(runId));
    }

    public Optional<Run> find(String runId) {
        ActiveRun running = active.get(runId);
        if (running != null) {
            return Optional.of(running.snapshot());
        }
        Run run = byId.get(runId);
        if (run == null) {
            loadAll(); // an old run of a repo nobody has asked about since the start
            run = byId.get(runId);
        }
        return Optional.ofNullable(run);
    }

    private void loadAll() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.newDirectoryStream(folder, "*.jsonl")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                runs(name.substring(0, name.length() - ".jsonl".length()));
            }
        } catch (IOException e) {
            LOG.errorf("Could not list the run history: %s", e.getMessage());
        }
    }

    private Deque<Run> runs(String repoId) {
        return byRepo.computeIfAbsent(repoId, this::load);
    }

    private Deque<Run> load(String repoId) {
        Deque<Run> runs = new ArrayDeque<>();
        Path file = file(repoId);
        if (Files.isRegularFile(file)) {
            try {
                // A run's last line is its latest state; one still running there was cut off by Cairn's end, and
                // its steps are those of all its lines.
                Map<String, Run> latest = new LinkedHashMap<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Run run = json.readValue(line, Run.class);
                    Run before = latest.remove(run.runId());
                    if (!active.containsKey(run.runId())) { // a run in progress here is kept live, not from its lines
                        latest.put(run.runId(), run.status() == Run.Status.running
                                ? interrupted(run.withSteps(joined(before, run))) : run);
                    }
                }
                List<Run> all = new ArrayList<>(latest.values());
                for (Run run : all.subList(Math.max(0, all.size() - KEPT), all.size())) {
                    runs.addFirst(run);
                    byId.put(run.runId(), run);
                }
            } catch (IOException e) {
                LOG.errorf("Could not read the run history of %s: %s", repoId, e.getMessage());
            }
        }
        return runs;
    }

    /**
     * The steps of a running run's earlier lines and of this one. A file written before lines carried only their
     * own steps repeats them in every line, so a version counts once.
     */
    private static List<Run.RunStep> joined(Run before, Run line) {
        if (before == null) {
            return line.steps();
        }
        Map<Long, Run.RunStep> steps = new LinkedHashMap<>();
        before.steps().forEach(s -> steps.put(s.version(), s));
        line.steps().forEach(s -> steps.putIfAbsent(s.version(), s));
        return List.copyOf(steps.values());
    }

    private static Run interrupted(Run run) {
        return new Run(run.runId(), run.repo(), run.set(), run.direction(), run.strategy(), run.actor(),
                run.requestId(),
                run.startedAt(), null, Run.Status.interrupted, run.planned(), run.steps(), null, run.warnings(), null, run.current(), null);
    }
}
