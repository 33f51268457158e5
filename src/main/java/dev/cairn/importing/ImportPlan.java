package dev.cairn.importing;

import dev.cairn.migration.DieselVersions;
import dev.cairn.migration.FlywayVersions;
import dev.cairn.migration.Versions;
import dev.cairn.problem.CairnException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an archive holds in one layout: its migrations by version and the files that are none. Built while the
 * archive is read; every file that cannot be imported is collected, so one answer lists them all.
 */
public final class ImportPlan {

    private final Layout layout;
    private final Map<Long, ImportedMigration> migrations = new HashMap<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final Map<String, String> refused = new LinkedHashMap<>();

    ImportPlan(Layout layout) {
        this.layout = layout;
    }

    public Layout layout() {
        return layout;
    }

    /** The migrations by version, ascending. */
    public List<ImportedMigration> migrations() {
        return migrations.values().stream().sorted(Comparator.comparingLong(ImportedMigration::version))
                .toList();
    }

    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    void skip(String file, String reason) {
        skipped.add(new Skipped(file, reason));
    }

    void refuse(String file, String reason) {
        refused.put(file, reason);
    }

    /** The version spelled by {@code digits} in {@code file}, or null (and the file refused) when it is none. */
    Long version(String file, String digits) {
        if (!digits.matches("\\d+") || !Versions.fits(digits)) {
            refuse(file, "its version " + digits + " is not a whole number from 0 to " + Long.MAX_VALUE);
            return null;
        }
        return Long.parseLong(digits);
    }

    /** {@link DieselVersions#of} the version in a Diesel folder's name, or null (and the folder refused). */
    Long dieselVersion(String folder, String version) {
        try {
            return DieselVersions.of(version);
        } catch (IllegalArgumentException notOne) {
            refuse(folder, notOne.getMessage());
            return null;
        }
    }

    /** {@link FlywayVersions#of} a Flyway file's version, or null (and the file refused). */
    Long flywayVersion(String file, String version, boolean dotted) {
        try {
            return FlywayVersions.of(version, dotted);
        } catch (IllegalArgumentException notOne) {
            refuse(file, notOne.getMessage());
            return null;
        }
    }

    void add(ImportedMigration m) {
        ImportedMigration other = migrations.putIfAbsent(m.version(), m);
        if (other != null) {
            refuse(String.join(", ", m.files()), "version " + m.version() + " is also "
                    + String.join(", ", other.files()));
        }
    }

    /** Refuses the whole import, listing every file that could not be read, before anything is written. */
    ImportPlan checked() {
        if (!refused.isEmpty()) {
            List<Map<String, String>> files = refused.entrySet().stream()
                    .map(e -> Map.of("file", e.getKey(), "reason", e.getValue())).toList();
            throw CairnException.invalid(refused.size() + " file(s) of the archive cannot be imported as "
                    + layout.slug() + " migrations, so nothing was: " + refused.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").limit(10).toList()).with("files", files);
        }
        if (migrations.isEmpty()) {
            throw CairnException.invalid("the archive holds no " + layout.slug() + " migrations; "
                    + skipped.size() + " file(s) were not migrations").with("skipped", skipped);
        }
        return this;
    }
}
