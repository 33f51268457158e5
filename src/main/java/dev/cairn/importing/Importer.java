package dev.cairn.importing;

import dev.cairn.config.CairnConfig;
import dev.cairn.migration.ListedMigration;
import dev.cairn.migration.Migration;
import dev.cairn.migration.ScriptStore;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brings a migrations folder as a user has it in git, sent as an archive, into a repo's store: all or nothing.
 * Every file is read and checked first; a version already stored with other content is a conflict; nothing is
 * written unless everything can be, and importing the same archive again changes nothing.
 */
@ApplicationScoped
public class Importer {

    private final ScriptStore store;
    private final long maxBytes;

    public Importer(ScriptStore store, CairnConfig config) {
        this.store = store;
        this.maxBytes = config.maxBodyBytes();
    }

    /** What was imported (or, with {@code dryRun}, would be), what was there already, and what was skipped. */
    public record ImportReport(String repo, String layout, boolean dryRun, List<Imported> imported,
                         List<Imported> unchanged, List<Skipped> skipped) {}

    public record Imported(long version, String name, List<String> files, Boolean transaction) {

        static Imported of(ImportedMigration m) {
            return new Imported(m.version(), m.name(), m.files(), m.transaction());
        }
    }

    /** @param layout null to detect it */
    public ImportReport importArchive(String repoId, byte[] body, Archive.Format format, Layout layout, boolean dryRun) {
        List<Archive.Entry> entries = Archive.read(body, format, maxBytes);
        ImportPlan plan = read(layout != null ? layout : detect(entries), entries);
        synchronized (this) {
            Map<Long, ListedMigration> stored = store.list(repoId).stream()
                    .collect(Collectors.toMap(ListedMigration::version, Function.identity(), (a, b) -> a));
            List<ImportedMigration> fresh = new ArrayList<>();
            List<Imported> unchanged = new ArrayList<>();
            List<Map<String, Object>> conflicts = new ArrayList<>();
            for (ImportedMigration m : plan.migrations()) {
                ListedMigration existing = stored.get(m.version());
                if (existing == null) {
                    fresh.add(m);
                } else if (same(existing.load(), m)) {
                    unchanged.add(Imported.of(m));
                } else {
                    Map<String, Object> conflict = new LinkedHashMap<>();
                    conflict.put("version", m.version());
                    conflict.put("stored", existing.name());
                    conflict.put("imported", m.name());
                    conflict.put("files", m.files());
                    conflicts.add(conflict);
                }
            }
            if (!conflicts.isEmpty()) {
                throw Problem.IMPORT_CONFLICT.raise(conflicts.size() + " version(s) of the archive are stored "
                        + "already with other content, so nothing was imported: " + conflicts.stream()
                        .map(c -> c.get("version") + " (" + c.get("stored") + ")").limit(10).toList())
                        .with("conflicts", conflicts);
            }
            if (!dryRun) {
                write(repoId, fresh);
            }
            return new ImportReport(repoId, plan.layout().slug(), dryRun, fresh.stream().map(Imported::of).toList(),
                    unchanged, plan.skipped());
        }
    }

    /** Stores each new migration; if one cannot be stored (a full disk), those stored before it are removed. */
    private void write(String repoId, List<ImportedMigration> fresh) {
        List<Long> written = new ArrayList<>();
        try {
            for (ImportedMigration m : fresh) {
                store.create(repoId, m.version(), m.name(), m.up(), m.down(), m.transaction());
                written.add(m.version());
            }
        } catch (CairnException e) {
            for (long version : written) {
                try {
                    store.delete(repoId, version);
                } catch (CairnException undoing) {
                    e.addSuppressed(undoing);
                }
            }
            throw e;
        }
    }

    private static boolean same(Migration stored, ImportedMigration m) {
        return stored.name().equals(m.name()) && stored.up().equals(m.up()) && Objects.equals(stored.down(), m.down())
                && Objects.equals(stored.transaction(), m.transaction());
    }

    private static ImportPlan read(Layout layout, List<Archive.Entry> entries) {
        return switch (layout) {
            case CAIRN, DIESEL -> FolderLayouts.read(layout, entries);
            case GOLANG_MIGRATE -> FileLayouts.golangMigrate(entries);
            case DBMATE -> FileLayouts.dbmate(entries);
            case GOOSE -> FileLayouts.goose(entries);
            case FLYWAY -> FileLayouts.flyway(entries);
        };
    }

    /**
     * The layout most of the archive's files are migrations of; ties go to the first in {@link Layout}'s order.
     * Folders are Diesel's if any of them shows it (a dashed version, Diesel's initial setup, a metadata.toml):
     * a Diesel history often starts with plain 14-digit folders, and its versions must all be read alike.
     */
    static Layout detect(List<Archive.Entry> entries) {
        Map<Layout, Integer> votes = new EnumMap<>(Layout.class);
        boolean diesel = entries.stream().anyMatch(FolderLayouts::showsDiesel);
        for (Archive.Entry e : entries) {
            Layout vote = null;
            if (FolderLayouts.isMigrationFolder(e)) {
                vote = diesel ? Layout.DIESEL : Layout.CAIRN;
            } else if (FileLayouts.GOLANG_MIGRATE.matcher(e.fileName()).matches()) {
                vote = Layout.GOLANG_MIGRATE;
            } else if (FileLayouts.FLYWAY.matcher(e.fileName()).matches()) {
                vote = Layout.FLYWAY;
            } else if (FileLayouts.isGoose(e)) {
                vote = Layout.GOOSE;
            } else if (FileLayouts.isDbmate(e)) {
                vote = Layout.DBMATE;
            }
            if (vote != null) {
                votes.merge(vote, 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.<Layout, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElseThrow(() -> CairnException.invalid("the archive holds no migrations "
                        + "in a layout Cairn reads (cairn, diesel, golang-migrate, dbmate, goose, flyway)")
                        .with("field", "layout"));
    }
}
