package dev.cairn.run;

import dev.cairn.target.TargetPools;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The database sessions a running migration waits behind, asked of the server on another connection while the
 * run's own is busy, and only when someone looks: a statement that has run a while may be waiting for a lock.
 */
@ApplicationScoped
public class Blockers {

    private static final long LOOK_AFTER_NANOS = 1_000_000_000L;

    private final TargetPools pools;

    public Blockers(TargetPools pools) {
        this.pools = pools;
    }

    /** The run as it stands, with the sessions that block its statement, if it waits for any. */
    public Run snapshot(ActiveRun run) {
        Run now = run.snapshot();
        long nanos = run.statementNanos();
        if (now.waitingFor() != null || run.sessionId() == null || nanos < LOOK_AFTER_NANOS) {
            return now;
        }
        List<Run.Blocker> blockers = new ArrayList<>();
        String sql = run.repo().dialect().blockersQuery(run.sessionId());
        try {
            pools.read(run.repo(), c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        Timestamp start = rs.getTimestamp(4);
                        blockers.add(new Run.Blocker(rs.getLong(1), rs.getString(2), rs.getString(3),
                                start == null ? null : start.toInstant(), rs.getString(5)));
                    }
                }
                return null;
            });
        } catch (SQLException | RuntimeException unanswered) {
            return now; // the run's own record does not depend on this look
        }
        if (blockers.isEmpty()) {
            return now;
        }
        return now.waitingFor(new Run.WaitingFor("database-lock", null, blockers,
                now.current() == null ? 0 : now.current().seconds()));
    }
}
