package dev.cairn.problem;

/**
 * Every kind of problem Cairn reports, declared once: its slug (the problem document's {@code type} is
 * {@code urn:cairn:problem:<slug>}), the HTTP status it is answered with, and its title. Code below {@code api/}
 * names a problem and states the facts; only {@code api/} reads the status and renders the document.
 */
public enum Problem {
    // The request itself is wrong.
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    UNKNOWN_FIELD("unknown-field", 400, "Unknown field"),
    URL_PARAMETER_REFUSED("url-parameter-refused", 400, "URL parameter refused"),
    HOST_NOT_ALLOWED("host-not-allowed", 400, "Target host not allowed"),
    INVALID_FIELD("invalid-field", 400, "Invalid field"),
    REGISTRATIONS_INVALID("registrations-invalid", 400, "Registrations invalid"),
    MALFORMED_JSON("malformed-json", 400, "Malformed JSON"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    REPO_OUT_OF_SCOPE("repo-out-of-scope", 403, "Repo outside the token's scope"),
    REPO_NOT_FOUND("repo-not-found", 404, "Repo not found"),
    MIGRATION_NOT_FOUND("migration-not-found", 404, "Migration not found"),
    RUN_NOT_FOUND("run-not-found", 404, "Run not found"),
    FLEET_RUN_NOT_FOUND("fleet-run-not-found", 404, "Fleet run not found"),
    SET_NOT_FOUND("set-not-found", 404, "Set not found"),
    ROUTE_NOT_FOUND("not-found", 404, "Not Found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method Not Allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not Acceptable"),
    BODY_TOO_LARGE("body-too-large", 413, "Body too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported Media Type"),

    // The request is fine but collides with the current state; nothing was run.
    REPO_EXISTS("repo-exists", 409, "Repo already exists"),
    MIGRATION_EXISTS("migration-exists", 409, "Migration already exists"),
    SET_EXISTS("set-exists", 409, "Set already exists"),
    SET_NOT_INSTALLED("set-not-installed", 409, "Set not installed"),
    SET_INSTALLED("set-installed", 409, "Set is installed"),
    MIGRATION_APPLIED("migration-applied", 409, "Migration is applied"),
    SCRIPT_INCOMPLETE("script-incomplete", 409, "Script incomplete"),
    DUPLICATE_VERSION("duplicate-version", 409, "Duplicate version"),
    SCRIPT_MISSING("script-missing", 409, "Script missing"),
    NO_DOWN_SCRIPT("no-down-script", 409, "No down script"),
    OUT_OF_ORDER("out-of-order", 409, "Out-of-order migrations refused"),
    REPO_DIRTY("repo-dirty", 409, "Repo is dirty"),
    NOT_DIRTY("not-dirty", 409, "Nothing to resolve"),
    RUN_IN_PROGRESS("run-in-progress", 409, "Another run holds the lock"),
    SCHEMA_MISSING("schema-missing", 409, "Prefix schema missing"),
    UNSUPPORTED_SQL_MODE("unsupported-sql-mode", 409, "Unsupported SQL mode"),
    DATABASE_IN_USE("database-in-use", 409, "Database in use"),
    RUN_CANCELLED("run-cancelled", 409, "Run cancelled"),
    RUN_FINISHED("run-finished", 409, "Run has ended"),
    FLEET_RUN_NOT_INTERRUPTED("fleet-run-not-interrupted", 409, "Fleet run was not interrupted"),
    FOREIGN_LEDGER("foreign-ledger", 409, "Another tool's ledger"),
    FOREIGN_LEDGER_MISSING("foreign-ledger-missing", 409, "No such ledger to adopt"),
    FOREIGN_LEDGER_UNCLEAN("foreign-ledger-unclean", 409, "The other tool's ledger shows a failure"),
    IMPORT_CONFLICT("import-conflict", 409, "Import conflicts with stored migrations"),
    MIGRATION_DROPS_LEDGER("migration-drops-ledger", 409, "Migration drops the ledger"),
    MIGRATION_SETTINGS_INVALID("migration-settings-invalid", 409, "Invalid migration.json"),
    ATOMIC_NOT_TRANSACTIONAL("atomic-not-transactional", 409, "Migration cannot run in an atomic run"),

    // The target database refused the work.
    MIGRATION_FAILED("migration-failed", 422, "Migration failed"),
    ATOMIC_UNSUPPORTED("atomic-unsupported", 422, "Atomic runs not supported by this database"),
    TARGET_PERMISSION_DENIED("target-permission-denied", 422, "Permission denied"),

    // A migration to author that Cairn cannot write: nothing was stored.
    CHANGE_IRREVERSIBLE("change-irreversible", 422, "Change cannot be reversed"),
    UNSUPPORTED_BY_ENGINE("unsupported-by-engine", 422, "Not supported by the repo's database"),

    // Cairn itself failed.
    STORE_FAILURE("store-failure", 500, "Store failure"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),

    // The target database cannot be reached, or not with these settings.
    TARGET_UNAVAILABLE("target-unavailable", 503, "Target database unavailable"),
    TARGET_AUTH_FAILED("target-auth-failed", 503, "Target database refused the credentials"),
    TARGET_LOGIN_NOT_PERMITTED("target-login-not-permitted", 503, "Target role may not log in"),
    TARGET_ROLE_MISSING("target-role-missing", 503, "Target role does not exist"),
    TARGET_DATABASE_MISSING("target-database-missing", 503, "Target database does not exist"),
    TARGET_CONNECTIONS_BUSY("target-connections-busy", 503, "Target connections busy"),
    TARGET_CONNECTION_LOST("target-connection-lost", 503, "Lost the target database"),
    PASSWORD_ENV_MISSING("password-env-missing", 503, "Password variable not set"),
    SECRET_KEY_MISSING("secret-key-missing", 503, "Secret key missing"),
    SECRET_KEY_MISMATCH("secret-key-mismatch", 503, "Secret key mismatch");

    private final String slug;
    private final int status;
    private final String title;

    Problem(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** This problem, with what happened in words; add facts with {@link CairnException#with}. */
    /** The target database could not be reached, or not with the repo's settings. */
    public boolean targetUnavailable() {
        return status == 503;
    }

    public CairnException raise(String detail) {
        return new CairnException(this, detail, null);
    }

    public CairnException raise(String detail, Throwable cause) {
        return new CairnException(this, detail, cause);
    }
}
