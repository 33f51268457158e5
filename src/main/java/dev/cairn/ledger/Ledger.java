package dev.cairn.ledger;

import dev.cairn.migration.Migration;
import dev.cairn.plan.Direction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where a database records which migrations it has: read once per run, written in the same transaction as each
 * migration. Writes are SQL text, so a dry run shows exactly what a run sends. {@link EctoLedger} is Ecto's table;
 * a set's own versions or another tool's table would be further kinds.
 */
public interface Ledger {

    /** The bare names of the tables the ledger keeps, which no migration may drop. */
    List<String> tables();

    /** The statements that create the ledger where it is missing, as a dry run shows them. */
    List<String> createStatements();

    /** Creates the ledger if missing and brings it to the shape Cairn writes. */
    void ensure(Connection c) throws SQLException;

    /** The whole ledger in one read; a database never migrated reads as empty, and nothing is created. */
    LedgerState read(Connection c) throws SQLException;

    /** The ledger with versions only: all that planning a migrate needs, at a fraction of the cost. */
    LedgerState readVersions(Connection c) throws SQLException;

    /**
     * A summary of the applied versions the server computes without sending them: any change to the ledger that is
     * not a deliberate forgery changes it.
     */
    String fingerprint(Connection c) throws SQLException;

    /** The migration that stopped part-way outside a transaction, if any; for a ledger known to exist. */
    Dirty readDirty(Connection c) throws SQLException;

    /**
     * The whole ledger in one statement, for a ledger read in Cairn's shape before ({@link LedgerState#cairnShape});
     * null when that no longer holds, and the caller falls back to {@link #read}.
     */
    LedgerState readInCairnShape(Connection c) throws SQLException;

    String recordApplied(Migration m);

    String recordReverted(long version);

    /** Marks a migration that is about to run outside a transaction as dirty, with no statement done yet. */
    String markDirty(long version, Direction direction);

    String advanceDirty(long version, int statementsDone);

    String clearDirty(long version);
}
