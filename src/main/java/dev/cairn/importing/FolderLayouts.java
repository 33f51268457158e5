package dev.cairn.importing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layouts with a folder per migration holding {@code up.sql} and {@code down.sql}: Cairn's own and Diesel's.
 * Diesel writes versions as {@code 2019-04-02-101500} or {@code 2024-11-05-093000-0000}, read by
 * {@link dev.cairn.migration.DieselVersions} so they keep Diesel's order; Cairn's own drop any dashes.
 */
final class FolderLayouts {

    static final Pattern FOLDER = Pattern.compile("^(\\d[\\d-]*)_(.+)$");
    private static final Pattern NO_TRANSACTION = Pattern.compile("(?m)^\\s*run_in_transaction\\s*=\\s*false\\b");
    private static final Pattern TRANSACTION_JSON = Pattern.compile("\"transaction\"\\s*:\\s*(true|false)");

    private FolderLayouts() {}

    /** Whether the folder holding a file is one migration of these layouts. */
    static boolean isMigrationFolder(Archive.Entry e) {
        String folder = e.folder().substring(e.folder().lastIndexOf('/') + 1);
        return FOLDER.matcher(folder).matches() && e.fileName().equals("up.sql");
    }

    /** Whether a file is one only Diesel's layout has: in a dashed version's folder, its setup, or its settings. */
    static boolean showsDiesel(Archive.Entry e) {
        String folder = e.folder().substring(e.folder().lastIndexOf('/') + 1);
        Matcher m = FOLDER.matcher(folder);
        return m.matches() && (m.group(1).contains("-") || m.group(2).equals("diesel_initial_setup")
                || e.fileName().equals("metadata.toml"));
    }

    static ImportPlan read(Layout layout, List<Archive.Entry> entries) {
        ImportPlan plan = new ImportPlan(layout);
        Map<String, List<Archive.Entry>> byFolder = new LinkedHashMap<>();
        for (Archive.Entry e : entries) {
            String folder = e.folder().substring(e.folder().lastIndexOf('/') + 1);
            if (FOLDER.matcher(folder).matches()) {
                byFolder.computeIfAbsent(e.folder(), f -> new ArrayList<>()).add(e);
            } else {
                plan.skip(e.path(), "not in a <version>_<name> migration folder");
            }
        }
        byFolder.forEach((path, files) -> readFolder(plan, layout, path, files));
        return plan.checked();
    }

    private static void readFolder(ImportPlan plan, Layout layout, String path, List<Archive.Entry> files) {
        Matcher m = FOLDER.matcher(path.substring(path.lastIndexOf('/') + 1));
        m.matches();
        String up = null, down = null;
        Boolean transaction = null;
        List<String> read = new ArrayList<>();
        for (Archive.Entry f : files) {
            String text = new String(f.content(), StandardCharsets.UTF_8);
            switch (f.fileName()) {
                case "up.sql" -> up = text;
                case "down.sql" -> down = text;
                case "metadata.toml" -> transaction = NO_TRANSACTION.matcher(text).find() ? Boolean.FALSE : null;
                case "migration.json" -> {
                    Matcher t = TRANSACTION_JSON.matcher(text);
                    transaction = t.find() ? Boolean.valueOf(t.group(1)) : null;
                }
                default -> {
                    plan.skip(f.path(), "not up.sql, down.sql or the migration's settings");
                    continue;
                }
            }
            read.add(f.path());
        }
        if (up == null) {
            plan.refuse(path, "the migration folder has no up.sql");
            return;
        }
        Long version = layout == Layout.DIESEL ? plan.dieselVersion(path, m.group(1))
                : plan.version(path, m.group(1).replace("-", ""));
        if (version != null) {
            plan.add(new ImportedMigration(version, MigrationNames.snakeCase(m.group(2)), List.copyOf(read), up,
                    down, layout == Layout.CAIRN || layout == Layout.DIESEL ? transaction : null));
        }
    }
}
