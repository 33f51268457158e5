package dev.cairn.repo;

import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.target.TargetUrl;
import java.util.Map;

/**
 * A target database plus an optional prefix (a PostgreSQL schema or a MariaDB database).
 * {@code encryptedPassword} is the stored form; the plain password exists only when a connection is opened.
 * {@code ledgerTable} names the ledger (Ecto's {@code migration_source}); null means {@code schema_migrations}.
 */
public record Repo(String id, String url, String username, String encryptedPassword, String passwordEnv,
                   String prefix, boolean createSchema, Map<String, String> labels, String ledgerTable) {

    public Repo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The table the repo's ledger is kept in. */
    public String ledger() {
        return ledgerTable == null ? EctoLedger.TABLE : ledgerTable;
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
