package dev.cairn.repo;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Map;

/** What a caller sends to register or replace a repo. {@code password} is plain here and nowhere after. */
public record RepoRegistration(String id, String url, String username, String password, String passwordEnv,
                               String prefix, Boolean createSchema, Map<String, String> labels,
                               String ledgerTable, String tls, List<String> sets) {

    // JSON binds to all the fields, not to the shorter constructor below.
    @JsonCreator
    public RepoRegistration {
    }

    /** A registration with the default ledger and without a TLS profile. */
    public RepoRegistration(String id, String url, String username, String password, String passwordEnv,
                            String prefix, Boolean createSchema, Map<String, String> labels) {
        this(id, url, username, password, passwordEnv, prefix, createSchema, labels, null, null, null);
    }

    /** The same registration for another id and prefix: one tenant of a template. */
    public RepoRegistration forTenant(String tenantId, String tenantPrefix) {
        return new RepoRegistration(tenantId, url, username, password, passwordEnv, tenantPrefix, createSchema,
                labels, ledgerTable, tls, sets);
    }

    @Override
    public String toString() {
        return "RepoRegistration[id=" + id + ", url=" + url + ", username=" + username + ", tls=" + tls + "]";
    }
}
