package dev.cairn.repo;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;

/** What a caller sends to register or replace a repo. {@code password} is plain here and nowhere after. */
public record RepoRegistration(String id, String url, String username, String password, String passwordEnv,
                               String prefix, Boolean createSchema, Map<String, String> labels, String tls) {

    // JSON binds to all the fields, not to the shorter constructor below.
    // JSON binds to all the fields, not to the shorter constructor below.
    @JsonCreator
    public RepoRegistration {
    }

    /** A registration without a TLS profile. */
    public RepoRegistration(String id, String url, String username, String password, String passwordEnv,
                            String prefix, Boolean createSchema, Map<String, String> labels) {
        this(id, url, username, password, passwordEnv, prefix, createSchema, labels, null);
    }

    @Override
    public String toString() {
        return "RepoRegistration[id=" + id + ", url=" + url + ", username=" + username + ", tls=" + tls + "]";
    }
}
