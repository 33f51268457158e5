package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.repo.Repo;
import java.util.List;
import java.util.Map;

/** A repo as the API shows it: never a password, only whether one is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepoView(String id, String engine, String url, String username, boolean passwordSet,
                       String passwordEnv, String prefix, boolean createSchema, Map<String, String> labels,
                       String ledgerTable, String tls, List<String> sets) {

    static RepoView of(Repo repo) {
        return new RepoView(repo.id(), repo.dialect().name(), repo.url(), repo.username(), repo.passwordSet(),
                repo.passwordEnv(), repo.prefix(), repo.createSchema(), repo.labels(), repo.ledger(), repo.tls(),
                repo.sets().isEmpty() ? null : repo.sets());
    }
}
