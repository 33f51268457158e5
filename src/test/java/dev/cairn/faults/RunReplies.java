package dev.cairn.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.CairnClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Adds up what concurrent migrate and rollback calls said they did: +1 per version a run applied, −1 per version
 * it reverted. If the runs were serialised, each version's sum is 1 when it is applied and 0 when it is not.
 */
final class RunReplies {

    private final Map<Long, Integer> net = new TreeMap<>();
    private int done, busy;

    /** The versions listed under {@code applied} or {@code reverted} of a run's answer. */
    static List<Long> versions(Reply reply, String field) {
        List<Long> versions = new ArrayList<>();
        for (JsonNode step : reply.body().path(field)) {
            versions.add(step.path("version").asLong());
        }
        return versions;
    }

    /** Accepts a 200 run or a 409 lock timeout, nothing else: every caller must get a definite answer. */
    synchronized void add(Reply reply) {
        if (reply.status() == 200) {
            done++;
            versions(reply, "applied").forEach(v -> net.merge(v, 1, Integer::sum));
            versions(reply, "reverted").forEach(v -> net.merge(v, -1, Integer::sum));
            assertEquals("succeeded", reply.body().path("status").asText(), reply.toString());
        } else if (reply.status() == 409) {
            busy++;
            assertTrue(reply.isProblem(), reply.toString());
            assertEquals("run-in-progress", reply.problemType(), reply.toString());
        } else {
            fail("neither a run nor a lock timeout: " + reply);
        }
    }

    /** The versions the answers say are applied now; fails if any version was applied or reverted twice in a row. */
    synchronized Set<Long> applied() {
        Set<Long> applied = new TreeSet<>();
        net.forEach((version, sum) -> {
            assertTrue(sum == 0 || sum == 1, "version " + version + " applied minus reverted is " + sum);
            if (sum == 1) {
                applied.add(version);
            }
        });
        return applied;
    }

    synchronized int done() {
        return done;
    }

    synchronized int busy() {
        return busy;
    }
}
