package dev.cairn.repo;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.set.MigrationSets;
import dev.cairn.target.TargetUrl;
import java.util.List;
import java.util.Map;

/**
 * A target database plus an optional prefix (a PostgreSQL schema or a MariaDB database).
 * {@code encryptedPassword} is the stored form; the plain password exists only when a connection is opened.
 * {@code ledgerTable} names the ledger (Ecto's {@code migration_source}); null means {@code schema_migrations}.
 * {@code tls} names one of the operator's TLS profiles ({@code cairn.tls.<name>}), or is null. {@code sets}: the
 * migration sets installed beside the repo's own migrations.
 */
public record Repo(String id, String url, String username, String encryptedPassword, String passwordEnv,
                   String prefix, boolean createSchema, Map<String, String> labels, String ledgerTable, String tls,
                   List<String> sets) {

    // JSON binds to all the fields, not to the shorter constructors below.
    @JsonCreator
    public Repo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        sets = sets == null ? List.of() : List.copyOf(sets);
    }

    /** A repo that installs no set. */
    public Repo(String id, String url, String username, String encryptedPassword, String passwordEnv,
                String prefix, boolean createSchema, Map<String, String> labels, String ledgerTable, String tls) {
        this(id, url, username, encryptedPassword, passwordEnv, prefix, createSchema, labels, ledgerTable, tls, null);
    }

    /** The table the repo's ledger is kept in. */
    public String ledger() {
        return ledgerTable == null ? EctoLedger.TABLE : ledgerTable;
    }

    /** The table where the set's applied versions are kept, beside the repo's ledger and shaped like it. */
    public String setLedger(String set) {
        return MigrationSets.ledgerTable(ledger(), set);
    }

    /**
     * The repo as a set's runs see it: the same database, prefix, pool and run lock, with the set's ledger in place
     * of the repo's, so everything that reads or writes a ledger works on the set's unchanged.
     */
    public Repo forSet(String set) {
        return new Repo(id, url, username, encryptedPassword, passwordEnv, prefix, createSchema, labels,
                setLedger(set), tls, sets);
    }

    /** A repo with the default ledger, reached without a TLS profile. */
    public Repo(String id, String url, String username, String encryptedPassword, String passwordEnv,
                String prefix, boolean createSchema, Map<String, String> labels) {
        this(id, url, username, encryptedPassword, passwordEnv, prefix, createSchema, labels, null, null);
    }

    public Dialect dialect() {
        return TargetUrl.dialectOf(url);
    }

    public TargetUrl target() {
        return TargetUrl.of(url);
    }

    public boolean passwordSet() {
        return encryptedPassword != null || passwordEnv != null;
    }

    /**
     * Runs on the same database and prefix must not overlap. Repos registered with different spellings of one
     * server still serialise through the database lock; this key only spares them the round trip.
     */
    public String lockKey() {
        return target().withoutParameters() + "|" + (prefix == null ? "" : prefix);
    }
}
