package dev.cairn.repo;

import java.util.Map;

/** What a caller sends to register or replace a repo. {@code password} is plain here and nowhere after. */
public record RepoRegistration(String id, String url, String username, String password, String passwordEnv,
                               String prefix, Boolean createSchema, Map<String, String> labels,
                               String ledgerTable) {

    @Override
    public String toString() {
        return "RepoRegistration[id=" + id + ", url=" + url + ", username=" + username + "]";
    }
}
