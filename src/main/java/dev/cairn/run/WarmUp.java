package dev.cairn.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.Dialect;
import dev.cairn.dialect.MariaDbDialect;
import dev.cairn.dialect.PostgresDialect;
import dev.cairn.plan.Action;
import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.status.StatusReader;
import dev.cairn.target.TargetPools;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The first deploy after a restart should be as quick as the next: without this, it pays for loading and
 * interpreting the driver, the pool, the planner, the splitter and the JSON writers (a small migration took
 * 230 ms on the first call, 35 ms after). After start-up, on a thread of its own so readiness does not wait,
 * this walks the read-only half of a run: for one registered repo of each engine the status and the dry runs of a
 * migrate and a rollback, whose answers it writes with the API's JSON writer; the driver's parse of every pending
 * statement; the history's lines of a run of that plan's size, written nowhere; and, for every engine, the splitter
 * and the pipelines on a script of the shapes migrations have. It takes no lock and writes nothing, neither to a
 * target nor to the history; a repo it cannot reach is passed over. What it cannot do is the JIT's work for the
 * paths only a real migration takes (bench/README.md, S7, has the figures).
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final String POSTGRES_SCRIPT = """
            CREATE TABLE warm_up (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'a;b');
            CREATE INDEX warm_up_name ON warm_up (name); -- a comment; with a semicolon
            CREATE FUNCTION warm_up_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN NEW.name := 'x'; RETURN NEW; END $fn$;
            DO $$ BEGIN PERFORM 1; END $$;
            /* a block comment; */ INSERT INTO warm_up VALUES (1, E'it''s');
            """;
    private static final String MARIADB_SCRIPT = """
            CREATE TABLE warm_up (id bigint PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'a;b');
            CREATE INDEX warm_up_name ON warm_up (name); # a comment; with a semicolon
            DELIMITER //
            CREATE PROCEDURE warm_up_touch() BEGIN SELECT 1; END //
            DELIMITER ;
            INSERT INTO warm_up VALUES (1, 'it\\'s');
            """;

    /** About the statements of a real history of a few hundred migrations: enough for the JIT to compile the path. */
    private static final int PIPELINES = 40, STATEMENTS = 48;

    private final RepoRegistry repos;
    private final TargetPools pools;
    private final RunEvents events;
    private final StatusReader status;
    private final Runner runner;
    private final ObjectMapper json;
    private final boolean enabled;

    public WarmUp(RepoRegistry repos, TargetPools pools, RunEvents events, StatusReader status, Runner runner,
                  ObjectMapper json, CairnConfig config) {
        this.repos = repos;
        this.pools = pools;
        this.events = events;
        this.status = status;
        this.runner = runner;
        this.json = json;
        this.enabled = config.run().warmUp();
    }

    void onStart(@Observes StartupEvent started) {
        if (enabled) {
            Thread thread = new Thread(this::warm, "cairn-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void warm() {
        Map<String, Repo> oneOfEach = new LinkedHashMap<>();
        for (Repo repo : repos.list()) {
            oneOfEach.putIfAbsent(repo.dialect().getClass().getName(), repo);
        }
        warm(oneOfEach.values());
    }

    /** Runs the warm-up on the calling thread, reading these repos; returns those it read, and never throws. */
    List<String> warm(Collection<Repo> targets) {
        long start = System.nanoTime();
        List<String> read = new ArrayList<>();
        try {
            scripts();
            for (Repo repo : targets) {
                if (reads(repo)) {
                    read.add(repo.id());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf(e, "warm-up stopped early");
        }
        LOG.debugf("warm-up took %d ms", (System.nanoTime() - start) / 1_000_000);
        return read;
    }

    private void scripts() {
        PostgresDialect.INSTANCE.splitter().split(POSTGRES_SCRIPT);
        MariaDbDialect.INSTANCE.splitter().split(MARIADB_SCRIPT);
    }

    private boolean reads(Repo repo) {
        try {
            write(status.status(repo));
            DryRun up = runner.dryRun(repo, request(Direction.UP, new Strategy.All()));
            write(up);
            write(runner.dryRun(repo, request(Direction.DOWN, new Strategy.Step(1))));
            pools.read(repo, c -> {
                pipelines(c, repo.dialect());
                parse(c, up.sql());
                return null;
            });
            write(record(repo, up));
            return true;
        } catch (RuntimeException | SQLException e) {
            LOG.debugf("warm-up passed over repo %s: %s", repo.id(), e.getMessage());
            return false;
        }
    }

    /**
     * The driver reads every statement it is given, character by character, before it sends it; a cold JVM did
     * that for the first run's statements in the interpreter and then compiled it. Both drivers parse a prepared
     * statement when it is prepared and send nothing until it is executed (MariaDB's with useServerPrepStmts has
     * the server parse it, which runs nothing either), so this reads the pending statements and none of them runs.
     */
    private static void parse(Connection c, List<String> statements) throws SQLException {
        for (String sql : statements) {
            c.prepareStatement(sql).close();
        }
    }

    /** A run's record as the history writes it, a line per migration as it goes and all steps at the end. */
    private Run record(Repo repo, DryRun planned) {
        ActiveRun run = new ActiveRun(repo, "up", "all", "warm-up");
        long last = 1;
        int done = 0;
        for (DryRun.Step step : planned.plan()) {
            run.stepDone(new Run.RunStep(step.version(), step.name(), 1, "applied", null));
            write(run.snapshotSince(done++));
            last = step.version();
        }
        return run.succeeded(last);
    }

    /** Pipelines as a run sends them, of statements that a rollback undoes, in transactions that roll back. */
    private void pipelines(Connection c, Dialect dialect) throws SQLException {
        ScriptExecutor executor = new ScriptExecutor(dialect, events);
        List<Action> pipeline = new ArrayList<>();
        pipeline.add(new Action.Begin());
        for (int i = 0; i < STATEMENTS; i++) {
            pipeline.add(new Action.Session(dialect.idleStatement(i)));
        }
        pipeline.add(new Action.Session(dialect.rollback()));
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            for (int i = 0; i < PIPELINES; i++) {
                executor.send(st, pipeline);
            }
        }
    }

    private static RunRequest request(Direction direction, Strategy strategy) {
        return new RunRequest(direction, strategy, true, false, null, "warm-up");
    }

    private void write(Object answer) {
        try {
            json.writeValue(OutputStream.nullOutputStream(), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
