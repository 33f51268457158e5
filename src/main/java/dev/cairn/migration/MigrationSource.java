package dev.cairn.migration;

import java.util.List;

/** Where a run's migrations come from: today a repo's folder in the store. */
public interface MigrationSource {

    /**
     * Every migration, by version then name; duplicate versions are kept so a plan can refuse them. While nothing
     * changed, the same list object is returned, so callers may remember what they derived from it.
     */
    List<ListedMigration> list();
}
