package dev.cairn.bench;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Drives open-source Flyway the way an application embedding it would: configure, load, migrate, with Flyway's
 * defaults (each migration in its own transaction, history in flyway_schema_history, validate on migrate).
 *
 * <p>Usage: {@code FlywayBench JOB...} where a JOB is {@code LOCATION_DIR|JDBC_URL|TARGET} and TARGET is a version
 * or {@code latest}. Jobs run one after another in this JVM, so later jobs run warm, as Cairn's do. For each job one
 * line {@code RESULT <millis> <migrations executed>} goes to stdout; Flyway's own log is left to stderr.
 * The timed part is configure + load + migrate: scanning the scripts belongs to the work, starting the JVM does not.
 */
public final class FlywayBench {

    public static void main(String[] args) {
        String user = System.getProperty("bench.user", "postgres");
        for (String job : args) {
            String[] parts = job.split("\\|", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a job is LOCATION_DIR|JDBC_URL|TARGET, got " + job);
            }
            long start = System.nanoTime();
            MigrateResult result = Flyway.configure()
                    .dataSource(parts[1], user, "")
                    .locations("filesystem:" + parts[0])
                    .target(parts[2])
                    .load()
                    .migrate();
            double millis = (System.nanoTime() - start) / 1e6;
            if (!result.success) {
                throw new IllegalStateException("Flyway migrate failed for " + job);
            }
            System.out.printf("RESULT %.1f %d%n", millis, result.migrationsExecuted);
            System.out.flush();
        }
    }
}
