package dev.cairn.api;

import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.problem.Remedy;
import java.util.Map;

/**
 * The calls that fix a problem, added to its detail here because only the API knows its routes. A problem that
 * always has the same fix gets it by its type; otherwise the code that raised it names a {@link Remedy}.
 */
final class RouteHints {

    private static final Map<Problem, Remedy> BY_PROBLEM = Map.of(
            Problem.REPO_DIRTY, Remedy.RESOLVE,
            Problem.NO_DOWN_SCRIPT, Remedy.REPLACE_MIGRATION,
            Problem.REPO_NOT_FOUND, Remedy.REGISTER_REPO,
            Problem.REPO_EXISTS, Remedy.REPLACE_REPO,
            Problem.SECRET_KEY_MISMATCH, Remedy.REPLACE_REPO);

    private RouteHints() {}

    /** The problem's detail, followed by the call that fixes it, if one does. */
    static String detail(CairnException e, String pathRepoId) {
        Remedy remedy = e.remedy() != null ? e.remedy() : BY_PROBLEM.get(e.problem());
        if (remedy == null) {
            return e.getMessage();
        }
        Object fieldRepo = e.fields().get("repo");
        String repo = fieldRepo != null ? fieldRepo.toString() : pathRepoId != null ? pathRepoId : "{id}";
        Object version = e.fields().getOrDefault("version", "<version>");
        String route = switch (remedy) {
            case REGISTER_REPO -> "POST /repos";
            case REPLACE_REPO -> "PUT /repos/" + repo;
            case CREATE_DATABASE -> "POST /repos/" + repo + "/database";
            case REPLACE_MIGRATION -> "PUT /repos/" + repo + "/migrations/" + version;
            case RESOLVE -> "POST /repos/" + repo + "/resolve {\"version\": " + version
                    + ", \"as\": \"applied\" or \"rolled_back\"}";
        };
        return e.getMessage() + " (" + route + ")";
    }
}
