package dev.cairn.importing;

import dev.cairn.migration.FlywayVersions;
import dev.cairn.migration.ScriptSections;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Layouts with files rather than folders per migration: golang-migrate, dbmate, goose and Flyway. */
final class FileLayouts {

    static final Pattern GOLANG_MIGRATE = Pattern.compile("^(\\d+)_(.+)\\.(up|down)\\.sql$");
    static final Pattern NUMBERED = Pattern.compile("^(\\d+)_(.+)\\.sql$");
    static final Pattern FLYWAY = Pattern.compile("^([VU])([0-9][0-9._]*)__(.+)\\.sql$");
    private static final Pattern GOOSE = Pattern.compile("(?im)^\\s*--\\s*\\+goose\\s+(up|down|no transaction)\\b.*$");

    private FileLayouts() {}

    static ImportPlan golangMigrate(List<Archive.Entry> entries) {
        ImportPlan plan = new ImportPlan(Layout.GOLANG_MIGRATE);
        Map<String, Archive.Entry[]> pairs = new LinkedHashMap<>();
        for (Archive.Entry e : entries) {
            Matcher m = GOLANG_MIGRATE.matcher(e.fileName());
            if (!m.matches()) {
                plan.skip(e.path(), "not a <version>_<name>.up.sql or .down.sql file");
                continue;
            }
            Archive.Entry[] pair = pairs.computeIfAbsent(e.folder() + "/" + m.group(1) + "_" + m.group(2),
                    k -> new Archive.Entry[2]);
            pair[m.group(3).equals("up") ? 0 : 1] = e;
        }
        pairs.forEach((key, pair) -> {
            Archive.Entry any = pair[0] != null ? pair[0] : pair[1];
            Matcher m = GOLANG_MIGRATE.matcher(any.fileName());
            m.matches();
            if (pair[0] == null) {
                plan.refuse(any.path(), "a down script without its .up.sql");
                return;
            }
            Long version = plan.version(any.path(), m.group(1));
            List<String> files = pair[1] == null ? List.of(pair[0].path()) : List.of(pair[0].path(), pair[1].path());
            if (version != null) {
                plan.add(new ImportedMigration(version, MigrationNames.snakeCase(m.group(2)), files, text(pair[0]),
                        pair[1] == null ? null : text(pair[1]), null));
            }
        });
        return plan.checked();
    }

    static ImportPlan dbmate(List<Archive.Entry> entries) {
        ImportPlan plan = new ImportPlan(Layout.DBMATE);
        for (Archive.Entry e : entries) {
            Matcher m = NUMBERED.matcher(e.fileName());
            if (!m.matches()) {
                plan.skip(e.path(), "not a <version>_<name>.sql file");
                continue;
            }
            ScriptSections.Sections sections;
            try {
                sections = ScriptSections.parse(text(e));
            } catch (IllegalArgumentException notSections) {
                plan.refuse(e.path(), notSections.getMessage());
                continue;
            }
            Long version = plan.version(e.path(), m.group(1));
            if (version != null) {
                plan.add(new ImportedMigration(version, MigrationNames.snakeCase(m.group(2)), List.of(e.path()),
                        sections.up(), sections.down(), sections.transaction()));
            }
        }
        return plan.checked();
    }

    /** {@code StatementBegin}/{@code StatementEnd} lines stay as comments: Cairn's splitters keep such bodies whole. */
    static ImportPlan goose(List<Archive.Entry> entries) {
        ImportPlan plan = new ImportPlan(Layout.GOOSE);
        for (Archive.Entry e : entries) {
            Matcher m = NUMBERED.matcher(e.fileName());
            if (e.fileName().matches("^\\d+_.+\\.go$")) {
                plan.skip(e.path(), "a goose migration in Go: Cairn runs SQL only, rewrite it as SQL");
                continue;
            }
            if (!m.matches()) {
                plan.skip(e.path(), "not a <version>_<name>.sql file");
                continue;
            }
            String text = text(e);
            StringBuilder up = new StringBuilder(), down = new StringBuilder();
            StringBuilder into = null;
            Boolean transaction = null;
            int at = 0;
            Matcher marker = GOOSE.matcher(text);
            while (marker.find()) {
                if (into != null) {
                    into.append(text, at, marker.start());
                }
                String word = marker.group(1).toLowerCase(Locale.ROOT);
                if (word.equals("no transaction")) {
                    transaction = Boolean.FALSE;
                } else {
                    into = word.equals("up") ? up : down;
                }
                at = marker.end();
            }
            if (into == null) {
                plan.refuse(e.path(), "it has no '-- +goose Up' line");
                continue;
            }
            into.append(text.substring(at));
            Long version = plan.version(e.path(), m.group(1));
            if (version != null) {
                boolean hasDown = text.toLowerCase(Locale.ROOT).matches("(?s).*--\\s*\\+goose\\s+down.*");
                plan.add(new ImportedMigration(version, MigrationNames.snakeCase(m.group(2)), List.of(e.path()),
                        up.toString().strip(), hasDown ? down.toString().strip() : null, transaction));
            }
        }
        return plan.checked();
    }

    /** Versions as {@link FlywayVersions} reads them, all alike: dotted if any is. */
    static ImportPlan flyway(List<Archive.Entry> entries) {
        ImportPlan plan = new ImportPlan(Layout.FLYWAY);
        List<Matcher> named = new ArrayList<>();
        List<Archive.Entry> files = new ArrayList<>();
        for (Archive.Entry e : entries) {
            Matcher m = FLYWAY.matcher(e.fileName());
            if (e.fileName().startsWith("R__") && e.fileName().endsWith(".sql")) {
                plan.skip(e.path(), "a repeatable migration: not supported yet");
            } else if (!m.matches()) {
                plan.skip(e.path(), "not a V<version>__<description>.sql file");
            } else {
                named.add(m);
                files.add(e);
            }
        }
        boolean dotted = FlywayVersions.dotted(named.stream().map(m -> m.group(2)).toList());
        Map<Long, Archive.Entry> undo = new LinkedHashMap<>();
        Map<Archive.Entry, Long> versioned = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            Archive.Entry e = files.get(i);
            Long version = plan.flywayVersion(e.path(), named.get(i).group(2), dotted);
            if (version != null && named.get(i).group(1).equals("U")) {
                undo.put(version, e);
            } else if (version != null) {
                versioned.put(e, version);
            }
        }
        versioned.forEach((e, version) -> {
            Matcher m = FLYWAY.matcher(e.fileName());
            m.matches();
            Archive.Entry down = undo.remove(version);
            List<String> paths = down == null ? List.of(e.path()) : List.of(e.path(), down.path());
            plan.add(new ImportedMigration(version, MigrationNames.snakeCase(m.group(3)), paths, text(e),
                    down == null ? null : text(down), null));
        });
        undo.values().forEach(e -> plan.refuse(e.path(), "an undo script without its V migration"));
        return plan.checked();
    }

    static boolean isGoose(Archive.Entry e) {
        return NUMBERED.matcher(e.fileName()).matches() && text(e).matches("(?is).*--\\s*\\+goose\\s+up.*");
    }

    static boolean isDbmate(Archive.Entry e) {
        return NUMBERED.matcher(e.fileName()).matches() && text(e).matches("(?is).*--\\s*migrate:up.*");
    }

    private static String text(Archive.Entry e) {
        return new String(e.content(), StandardCharsets.UTF_8);
    }
}
