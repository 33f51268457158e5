package dev.cairn.ledger.adopt;

import dev.cairn.problem.CairnException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The tools whose ledgers Cairn can read to take a database over, and the table each keeps. */
public enum ForeignTool {
    FLYWAY("flyway", "flyway_schema_history"),
    GOLANG_MIGRATE("golang-migrate", "schema_migrations"),
    GOOSE("goose", "goose_db_version"),
    DIESEL("diesel", "__diesel_schema_migrations"),
    DBMATE("dbmate", "schema_migrations"),
    ECTO("ecto", "schema_migrations");

    private final String slug;
    private final String table;

    ForeignTool(String slug, String table) {
        this.slug = slug;
        this.table = table;
    }

    public String slug() {
        return slug;
    }

    public String table() {
        return table;
    }

    /** The tool a caller named; null for {@code auto}, which looks for each tool's table. */
    public static ForeignTool named(String slug) {
        if (slug == null || slug.equals("auto")) {
            return null;
        }
        return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst().orElseThrow(() ->
                CairnException.invalid("from must be auto or one of " + Arrays.stream(values())
                        .map(ForeignTool::slug).collect(Collectors.joining(", "))).with("field", "from"));
    }
}
