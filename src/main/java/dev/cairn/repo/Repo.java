package dev.cairn.repo;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.cairn.dialect.Dialect;
import dev.cairn.ledger.EctoLedger;
import dev.cairn.target.TargetUrl;
import java.util.Map;

/**
 * A target database plus an optional prefix (a PostgreSQL schema or a MariaDB database).
 * {@code encryptedPassword} is the stored form; the plain password exists only when a connection is opened.
 * {@code ledgerTable} names the ledger (Ecto's {@code migration_source}); null means {@code schema_migrations}.
 * {@code tls} names one of the operator's TLS profiles ({@code cairn.tls.<name>}), or is null.
 */
public record Repo(String id, String url, String username, String encryptedPassword, String passwordEnv,
                   String prefix, boolean createSchema, Map<String, String> labels, String ledgerTable, String tls) {

    // JSON binds to all the fields, not to the shorter constructor below.
    @JsonCreator
    public Repo {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The table the repo's ledger is kept in. */
    public String ledger() {
        return ledgerTable == null ? EctoLedger.TABLE : ledgerTable;
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
