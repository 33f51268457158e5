package dev.cairn.api;

import dev.cairn.problem.Problem;
import dev.cairn.repo.Repo;
import dev.cairn.repo.RepoRegistry;
import dev.cairn.security.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The registry as the caller's token sees it: a repo outside the token's scope does not exist for it (404 on its
 * calls, absent from lists and selectors), and a scoped token registers only repos inside its scope.
 */
@ApplicationScoped
public class VisibleRepos {

    private final RepoRegistry registry;
    private final Caller caller;

    public VisibleRepos(RepoRegistry registry, Caller caller) {
        this.registry = registry;
        this.caller = caller;
    }

    public List<Repo> list() {
        Scope scope = caller.scope();
        return registry.list().stream().filter(scope::admits).toList();
    }

    /** The repos in scope after {@code after} (an id; null from the start), by id, that {@code wanted} keeps. */
    public Stream<Repo> listAfter(String after, Predicate<Repo> wanted) {
        Scope scope = caller.scope();
        return registry.listAfter(after, r -> scope.admits(r) && wanted.test(r));
    }

    /** The repo, or the same 404 as for an id nobody registered. */
    public Repo get(String id) {
        Repo repo = registry.get(id);
        if (!caller.scope().admits(repo)) {
            throw RepoRegistry.notFound(id);
        }
        return repo;
    }

    /** Whether the caller may see the repo registered as {@code id}; one no longer registered only by an unscoped caller. */
    public boolean sees(String id) {
        Scope scope = caller.scope();
        return registry.find(id).map(scope::admits).orElse(scope.everyRepo());
    }

    /** Refuses a registration outside the caller's scope; it is checked before its id is, so it tells nothing. */
    public Consumer<Repo> admission() {
        Scope scope = caller.scope();
        return repo -> {
            if (!scope.admits(repo)) {
                throw Problem.REPO_OUT_OF_SCOPE.raise("the token's scope (" + scope + ") does not cover repo '"
                        + repo.id() + "' with labels " + repo.labels() + "; give it an id and labels inside the "
                        + "scope, or register it with another token").with("repo", repo.id());
            }
        };
    }

    /**
     * Before a registration is replaced: an id held by a repo outside the caller's scope is taken, as it would be for
     * any other registration.
     */
    public void checkReplaceable(String id) {
        registry.find(id).filter(r -> !caller.scope().admits(r)).ifPresent(r -> {
            throw Problem.REPO_EXISTS.raise("a repo is already registered as '" + id + "'").with("repo", id);
        });
    }
}
