package dev.cairn.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.MigrationResource.MigrationInput;
import dev.cairn.authoring.Authoring;
import dev.cairn.authoring.Authoring.Authored;
import dev.cairn.migration.Migration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.migration.Timeouts;
import dev.cairn.problem.CairnException;
import dev.cairn.repo.Repo;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Stores the scripts {@link Authoring} wrote, with the request they came from kept beside them as change.json. */
@ApplicationScoped
public class AuthoredMigrations {

    private final ScriptStore store;
    private final ObjectMapper json;

    public AuthoredMigrations(ScriptStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    Migration store(Repo repo, Long version, String name, Authored scripts, Timeouts timeouts,
                    Map<String, Object> request) {
        return store.createAuthored(repo.id(), version, name, scripts.up(), scripts.down(), scripts.transaction(),
                timeouts, text(request));
    }

    /** Stores, or with {@code replacing} replaces, a migration written from the input's {@code change}. */
    Migration storeChange(Repo repo, MigrationInput input, Long replacing) {
        if (input.up() != null || input.down() != null || input.set() != null || input.setVersion() != null) {
            throw CairnException.invalid("change takes the place of up and down (and of a set pin): Cairn writes "
                    + "both scripts from it").with("field", input.up() != null || input.down() != null ? "up" : "set");
        }
        Authored scripts = Authoring.change(repo.dialect(), input.change(), input.transaction());
        Map<String, Object> request = Map.of("change", input.change());
        return replacing == null ? store(repo, input.version(), input.name(), scripts, input.timeouts(), request)
                : store.replaceAuthored(repo.id(), replacing, input.name(), scripts.up(), scripts.down(),
                scripts.transaction(), input.timeouts(), text(request));
    }

    private String text(Map<String, Object> request) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(request) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request read from JSON writes back as JSON", e);
        }
    }
}
