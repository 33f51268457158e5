package dev.cairn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Drives open-source Flyway the way an application embedding it would: configure, load, migrate, with Flyway's
 * defaults (each migration in its own transaction, history in flyway_schema_history, validate on migrate).
 *
 * <p>Usage: {@code FlywayBench JOB...}, or {@code FlywayBench -} to read one JOB per line from stdin (run.sh keeps
 * one such process open for a whole scenario, so the jobs of several repetitions can interleave with the other
 * contenders). Jobs run one after another in this JVM, so later jobs run warm, as Cairn's do. Flyway's own log goes
 * to stderr; stdout gets one {@code RESULT} line per job, or {@code FAILED <reason>}.
 * <ul>
 * <li>{@code migrate|DIR|JDBC_URL|TARGET} (TARGET a version or {@code latest}): prints
 *     {@code RESULT <millis> <migrations executed>}. The timed part is configure + load + migrate: scanning and
 *     checksumming the scripts belongs to the work, starting the JVM does not.</li>
 * <li>{@code history|DIR|JDBC_URL|TARGET}: the same with {@code mixed(true)}, for a real history that mixes
 *     statements Flyway must run outside a transaction with others in one migration.
 * <li>{@code seed|DIR|JDBC_URL|UPTO}: set-up for the history-growth scenario. Creates the history table with a
 *     baseline at version 1 and writes rows for versions 2..UPTO as if Flyway had applied them, with the checksums
 *     Flyway itself computes for the scripts (so validate-on-migrate passes). The scripts' effects must be put in
 *     place separately (run.sh does it with psql). Prints {@code RESULT <millis> <rows written>}.</li>
 * </ul>
 */
public final class FlywayBench {

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("-")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    run(line.strip());
                }
            }
        } else {
            for (String job : args) {
                run(job);
            }
        }
    }

    private static void run(String job) {
        try {
            String[] parts = job.split("\\|", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("a job is KIND|DIR|JDBC_URL|TARGET, got " + job);
            }
            long start = System.nanoTime();
            int count = switch (parts[0]) {
                case "migrate" -> migrate(flyway(parts[1], parts[2], parts[3]), parts[2]);
                // A real history may hold a migration that mixes statements Flyway must run outside a transaction
                // (CREATE INDEX CONCURRENTLY) with others, which Flyway refuses unless told to mix; and with its
                // default lock, held in a transaction, CREATE INDEX CONCURRENTLY waits for Flyway's own
                // transaction forever (flyway/flyway#3682, #3961), unless the lock is taken outside one.
                case "history" -> migrate(history(parts[1], parts[2], parts[3]), parts[2]);
                case "seed" -> seed(parts[1], parts[2], Long.parseLong(parts[3]));
                default -> throw new IllegalArgumentException("unknown job kind " + parts[0]);
            };
            double millis = (System.nanoTime() - start) / 1e6;
            System.out.printf(Locale.ROOT, "RESULT %.1f %d%n", millis, count);
        } catch (Exception e) {
            e.printStackTrace();
            System.out.println("FAILED " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
        System.out.flush();
    }

    private static Flyway flyway(String dir, String url, String target) {
        return Flyway.configure()
                .dataSource(url, user(), "")
                .locations("filesystem:" + dir)
                .target(target)
                .load();
    }

    private static Flyway history(String dir, String url, String target) {
        FluentConfiguration config = Flyway.configure().dataSource(url, user(), "").locations("filesystem:" + dir)
                .target(target).mixed(true);
        config.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return config.load();
    }

    private static int migrate(Flyway flyway, String url) {
        MigrateResult result = flyway.migrate();
        if (!result.success) {
            throw new IllegalStateException("Flyway migrate failed on " + url);
        }
        return result.migrationsExecuted;
    }

    private static int seed(String dir, String url, long upTo) throws SQLException {
        Flyway baseline = Flyway.configure().dataSource(url, user(), "").locations("filesystem:" + dir)
                .baselineVersion("1").load();
        baseline.baseline();
        int rows = 0;
        Properties props = new Properties();
        props.setProperty("user", user());
        try (Connection c = DriverManager.getConnection(url, props);
             PreparedStatement insert = c.prepareStatement("INSERT INTO flyway_schema_history (installed_rank, "
                     + "version, description, type, script, checksum, installed_by, execution_time, success) "
                     + "VALUES (?, ?, ?, 'SQL', ?, ?, ?, 1, true)")) {
            c.setAutoCommit(false);
            int rank = 2;
            for (MigrationInfo m : baseline.info().pending()) {
                if (Long.parseLong(m.getVersion().getVersion()) > upTo) {
                    break;
                }
                insert.setInt(1, rank++);
                insert.setString(2, m.getVersion().getVersion());
                insert.setString(3, m.getDescription());
                insert.setString(4, m.getScript());
                insert.setInt(5, m.getChecksum());
                insert.setString(6, user());
                insert.addBatch();
                rows++;
            }
            insert.executeBatch();
            c.commit();
        }
        return rows;
    }

    private static String user() {
        return System.getProperty("bench.user", "postgres");
    }
}
