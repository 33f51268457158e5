package dev.cairn.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.scripts.ScriptStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Finished runs, appended as JSON lines to {@code <store>/.cairn/runs/<repo>.jsonl}; the newest
 * {@value #KEPT} per repo are kept in memory for the API.
 */
@ApplicationScoped
public class RunHistory {

    private static final Logger LOG = Logger.getLogger(RunHistory.class);
    static final int KEPT = 200;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final Path folder;
    private final ObjectMapper json;
    private final Map<String, Deque<Run>> byRepo = new ConcurrentHashMap<>();
    private final Map<String, Run> byId = new ConcurrentHashMap<>();

    public RunHistory(ScriptStore store, ObjectMapper json) {
        this.folder = store.root().resolve(".cairn").resolve("runs");
        this.json = json;
    }

    public static String newRunId() {
        return "run-" + LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    /** Makes a run visible to readers as soon as it starts. */
    public void started(Run run) {
        byId.put(run.runId, run);
        Deque<Run> runs = runs(run.repo);
        synchronized (runs) {
            runs.addFirst(run);
            while (runs.size() > KEPT) {
                byId.remove(runs.removeLast().runId);
            }
        }
    }

    public void finished(Run run) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(run.repo + ".jsonl"), json.writeValueAsString(run) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The migration itself is done and in the ledger; a lost history line must not turn it into a failure.
            LOG.errorf("Could not append run %s to the run history: %s", run.runId, e.getMessage());
        }
    }

    /** Newest first. */
    public List<Run> list(String repoId) {
        Deque<Run> runs = runs(repoId);
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    public Optional<Run> find(String runId) {
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
        Path file = folder.resolve(repoId + ".jsonl");
        if (Files.isRegularFile(file)) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String line : lines.subList(Math.max(0, lines.size() - KEPT), lines.size())) {
                    Run run = json.readValue(line, Run.class);
                    runs.addFirst(run);
                    byId.put(run.runId, run);
                }
            } catch (IOException e) {
                LOG.errorf("Could not read the run history of %s: %s", repoId, e.getMessage());
            }
        }
        return runs;
    }
}
