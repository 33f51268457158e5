package dev.cairn.problem;

/**
 * The call that fixes a problem, named without saying how it is called: the detail says what to do in words, and
 * {@code api/} adds the route that does it.
 */
public enum Remedy {
    REGISTER_REPO,
    REPLACE_REPO,
    CREATE_DATABASE,
    REPLACE_MIGRATION,
    RESOLVE
}
