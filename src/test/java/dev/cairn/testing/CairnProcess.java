package dev.cairn.testing;

import dev.cairn.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Cairn ({@code cairn.jar}, set by Failsafe) in a process of its own, so a test can SIGKILL it,
 * restart it on the same store, run two of them, or give it a store on a tiny tmpfs. The log goes to a file under
 * {@code target/it-logs/}; the store folder is removed by {@link #close()}.
 */
public final class CairnProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path store;
    private final int port;
    private final Map<String, String> settings;
    private final Integer tmpfsKb;
    private final Thread reaper = new Thread(this::killQuietly);
    private Process process;
    private Path log;
    private int starts;

    private CairnProcess(String name, Map<String, String> settings, Integer tmpfsKb) throws IOException {
        this.name = name;
        this.store = Files.createTempDirectory("cairn-it-store-");
        this.port = FreePorts.next();
        this.settings = settings;
        this.tmpfsKb = tmpfsKb;
        Runtime.getRuntime().addShutdownHook(reaper); // a test JVM that dies must not leave Cairn running
    }

    /**
     * Starts Cairn on a fresh store and waits until it is ready; {@code settings} override the test defaults, and a
     * null value leaves that default unset.
     */
    public static CairnProcess start(String name, Map<String, String> settings) {
        return launch(name, settings, null);
    }

    public static CairnProcess start(String name) {
        return start(name, Map.of());
    }

    /**
     * Starts Cairn with its store on a tmpfs of {@code sizeKb} KiB, mounted in a user and mount namespace of its own
     * ({@code unshare --user --map-root-user --mount}), so no root is needed and nothing outside sees the mount.
     * It vanishes with the process: a restart gets an empty store.
     */
    public static CairnProcess startOnTmpfs(String name, int sizeKb, Map<String, String> settings) {
        return launch(name, settings, sizeKb);
    }

    /** Whether this machine lets an unprivileged process mount a tmpfs in namespaces of its own. */
    public static boolean tmpfsStoresSupported() {
        try {
            Shell.run("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                    "mount -t tmpfs -o size=16k probe /mnt");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static CairnProcess launch(String name, Map<String, String> settings, Integer tmpfsKb) {
        CairnProcess cairn = null;
        try {
            cairn = new CairnProcess(name, settings, tmpfsKb);
            cairn.startProcess();
            return cairn;
        } catch (IOException | RuntimeException e) {
            if (cairn != null) {
                cairn.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Base URL such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path store() {
        return store;
    }

    /**
     * The store as the Cairn process sees it. For a tmpfs store this is {@code /proc/<pid>/root/<store>}: the mount
     * exists only inside Cairn's namespace.
     */
    public Path storeSeenByCairn() {
        return tmpfsKb == null ? store : Path.of("/proc/" + process.pid() + "/root" + store);
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as the OOM killer or {@code kill -9} would: no shutdown hook runs, nothing is closed. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly(); // SIGKILL on Linux
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills Cairn if it still runs, then starts it again on the same store and port and waits until it is ready. */
    public void restart() {
        kill();
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remounts the tmpfs store read-only or read-write, inside Cairn's namespace. */
    public void remountStore(boolean readOnly) {
        if (tmpfsKb == null) {
            throw new IllegalStateException("only a tmpfs store can be remounted");
        }
        Shell.run("nsenter", "-t", Long.toString(process.pid()), "-U", "-m", "--preserve-credentials",
                "mount", "-o", "remount," + (readOnly ? "ro" : "rw"), store.toString());
    }

    @Override
    public void close() {
        killQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
        try {
            AtomicFiles.deleteTree(store);
        } catch (IOException ignored) {
            // a temp folder; the OS cleans it eventually
        }
    }

    private void killQuietly() {
        try {
            kill();
        } catch (RuntimeException ignored) {
            // best effort on the way out
        }
    }

    private void startProcess() throws IOException {
        starts++;
        Path logs = Path.of(System.getProperty("cairn.it.logs", "target/it-logs"));
        Files.createDirectories(logs);
        log = logs.resolve(name + "-" + ProcessHandle.current().pid() + "-" + starts + ".log");
        process = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        awaitReady();
    }

    private List<String> command() {
        String jar = System.getProperty("cairn.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property cairn.jar must name the packaged quarkus-run.jar "
                    + "(Failsafe sets it; run mvn verify), got " + jar);
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("cairn.store.path", store.toString());
        props.put("quarkus.http.port", Integer.toString(port));
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("cairn.auth.enabled", "false");
        props.put("cairn.demo.enabled", "false");
        props.put("cairn.pool.connect-timeout", "2s");
        props.put("cairn.pool.acquire-timeout", "3s");
        props.put("cairn.lock.wait", "5s");
        props.putAll(settings);
        props.values().removeIf(Objects::isNull); // a null setting leaves the default above out entirely
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and quick to start: the tests run several of these on two cores.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        props.forEach((k, v) -> java.add("-D" + k + "=" + v));
        java.add("-jar");
        java.add(jar);
        if (tmpfsKb == null) {
            return java;
        }
        List<String> wrapped = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
                "mount -t tmpfs -o size=" + tmpfsKb + "k cairn-store \"$0\" && exec \"$@\"", store.toString()));
        wrapped.addAll(java); // unshare and sh exec, so the process we hold is java itself
        return wrapped;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + tail());
            }
            try {
                if (PROBE.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT.toSeconds() + " s:\n" + tail());
    }

    private String tail() {
        String text = logText();
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
