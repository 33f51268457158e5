package dev.cairn.testing;

import dev.cairn.store.AtomicFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedded PostgreSQL a test may stop and start again on the same port and data, to play a database that
 * restarts or goes away under Cairn. {@link #close()} stops it and removes its data folder.
 */
public final class ControlledPostgres implements AutoCloseable {

    private final Path data;
    private final int port;
    private final TestServer server;
    private EmbeddedPostgres pg;
    private boolean frozen;

    private ControlledPostgres() throws IOException {
        data = Files.createTempDirectory("cairn-it-pg-");
        port = FreePorts.next();
        server = TestServer.fromUrl(TestServer.Kind.POSTGRESQL,
                "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres", "controlled embedded PostgreSQL");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close)); // a frozen or running server never outlives us
    }

    public static ControlledPostgres start() {
        ControlledPostgres controlled = null;
        try {
            controlled = new ControlledPostgres();
            controlled.startAgain();
            return controlled;
        } catch (IOException | RuntimeException e) {
            if (controlled != null) {
                controlled.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public TestServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    public boolean running() {
        return pg != null;
    }

    /**
     * SIGSTOP the server and every backend: the kernel still accepts connections, but nothing answers, as with a
     * hung host or a network that drops packets.
     */
    public void freeze() {
        signal("STOP");
        frozen = true;
    }

    public void thaw() {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    /** A fast shutdown ({@code pg_ctl stop -m fast}): open sessions are terminated, running statements cancelled. */
    public void stop() {
        if (pg == null) {
            return;
        }
        thaw();
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pg = null;
        }
    }

    /** Starts the server on the same port and data folder; what was committed before is there again. */
    public void startAgain() throws IOException {
        if (pg != null) {
            return;
        }
        pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private void signal(String name) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid())
                .orElseThrow(() -> new IllegalStateException("the postmaster is not running"));
        command.add(Long.toString(postmaster.pid()));
        postmaster.descendants().forEach(p -> command.add(Long.toString(p.pid())));
        Shell.run(command.toArray(String[]::new));
    }

    /** pg_ctl starts the server and exits; the server's pid is the first line of postmaster.pid. */
    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // best effort; the data folder goes below anyway
        }
        try {
            AtomicFiles.deleteTree(data);
        } catch (IOException ignored) {
            // a temp folder; the OS cleans it eventually
        }
    }
}
