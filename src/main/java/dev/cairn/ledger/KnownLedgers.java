package dev.cairn.ledger;

import dev.cairn.migration.ListedMigration;
import dev.cairn.plan.Planner;
import dev.cairn.repo.Repo;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Cairn knows of each database and prefix's ledger: whether it has Cairn's shape, so status can read it in one
 * statement, and the applied versions as Cairn last saw them, so a migrate over a long history does
 * not fetch and decode every ledger row: the server's {@link Ledger#fingerprint} of the ledger (one row, whatever its
 * size) says whether what Cairn remembers still holds. Any other writer (another Cairn, Ecto, a person) changes the
 * fingerprint and the ledger is read again. The versions are only used under the run lock, so Cairn's own runs
 * cannot race them.
 */
@ApplicationScoped
public class KnownLedgers {

    /** What was seen, and the store listing it was planned against with the scripts not applied in it. */
    private record Known(String fingerprint, long[] versions, List<ListedMigration> listing,
                         List<ListedMigration> notApplied) {}

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Set<String> inCairnShape = ConcurrentHashMap.newKeySet();

    /**
     * The ledger for status, without locking: in one statement where this database's ledger was seen in Cairn's
     * shape before, else the careful read, which also learns whether it is.
     */
    public LedgerState readForStatus(Repo repo, Ledger ledger, Connection c) throws SQLException {
        if (inCairnShape.contains(key(repo))) {
            LedgerState state = ledger.readInCairnShape(c);
            if (state != null) {
                return state;
            }
        }
        LedgerState state = ledger.read(c);
        if (state.cairnShape()) {
            inCairnShape.add(key(repo));
        } else {
            inCairnShape.remove(key(repo));
        }
        return state;
    }

    /** The versions and dirty mark of a ledger that exists (a run has just ensured it). */
    public LedgerState read(Repo repo, Ledger ledger, Connection c) throws SQLException {
        String fingerprint = ledger.fingerprint(c);
        Known k = known.get(key(repo));
        if (k != null && k.fingerprint().equals(fingerprint)) {
            return new LedgerState(k.versions(), null, ledger.readDirty(c), false);
        }
        LedgerState state = ledger.readVersions(c);
        known.put(key(repo), new Known(fingerprint, state.versions(), null, null));
        return state;
    }

    /**
     * {@link Planner#notApplied}, reused while the store listing (the same list object as long as the repo folder
     * did not change) and the ledger are the ones it was computed for.
     */
    public List<ListedMigration> notApplied(Repo repo, List<ListedMigration> scripts, LedgerState state) {
        Known k = known.get(key(repo));
        if (k != null && k.listing() == scripts && k.versions() == state.versions()) {
            return k.notApplied();
        }
        List<ListedMigration> notApplied = Planner.notApplied(scripts, state);
        if (k != null && k.versions() == state.versions()) {
            known.put(key(repo), new Known(k.fingerprint(), k.versions(), scripts, notApplied));
        }
        return notApplied;
    }

    /** After a migrate applied {@code done} on top of {@code before}: remembers the result, still under the lock. */
    public void remember(Repo repo, Ledger ledger, Connection c, LedgerState before, List<ListedMigration> scripts,
                         List<ListedMigration> notApplied, Collection<Long> done) throws SQLException {
        long[] added = done.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] versions = new long[before.versions().length + added.length];
        int from = 0, to = 0;
        for (long v : added) {
            int at = Arrays.binarySearch(before.versions(), v);
            int insertion = at >= 0 ? at : -at - 1;
            System.arraycopy(before.versions(), from, versions, to, insertion - from);
            to += insertion - from;
            from = insertion;
            versions[to++] = v;
        }
        System.arraycopy(before.versions(), from, versions, to, before.versions().length - from);
        Set<Long> applied = new HashSet<>(done);
        List<ListedMigration> stillNotApplied = notApplied.stream().filter(m -> !applied.contains(m.version())).toList();
        known.put(key(repo), new Known(ledger.fingerprint(c), versions, scripts, stillNotApplied));
    }

    /** One database and prefix may hold more than one ledger. */
    private static String key(Repo repo) {
        return repo.lockKey() + "|" + repo.ledger();
    }
}
