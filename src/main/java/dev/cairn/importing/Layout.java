package dev.cairn.importing;

import dev.cairn.problem.CairnException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The migration folder layouts of the tools teams move from, as their folders hold them in git. */
public enum Layout {
    /** Cairn's own store: {@code <version>_<name>/up.sql}, {@code down.sql}, {@code migration.json}. */
    CAIRN("cairn"),
    /** {@code <version>_<name>/up.sql}, {@code down.sql}, {@code metadata.toml}; versions may hold dashes. */
    DIESEL("diesel"),
    /** {@code <version>_<name>.up.sql} and {@code .down.sql}. */
    GOLANG_MIGRATE("golang-migrate"),
    /** {@code <version>_<name>.sql} with {@code -- migrate:up} and {@code -- migrate:down} sections. */
    DBMATE("dbmate"),
    /** {@code <version>_<name>.sql} with {@code -- +goose Up} and {@code -- +goose Down} sections. */
    GOOSE("goose"),
    /** {@code V<version>__<description>.sql}, with {@code U<version>__…} undo scripts as down. */
    FLYWAY("flyway");

    private final String slug;

    Layout(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    /** The layout a caller named; null for {@code auto} (or nothing), which detects it. */
    public static Layout named(String slug) {
        if (slug == null || slug.equals("auto")) {
            return null;
        }
        return Arrays.stream(values()).filter(l -> l.slug.equals(slug)).findFirst().orElseThrow(() ->
                CairnException.invalid("layout must be auto or one of " + Arrays.stream(values()).map(Layout::slug)
                        .collect(Collectors.joining(", "))).with("field", "layout"));
    }
}
