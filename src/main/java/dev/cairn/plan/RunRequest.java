package dev.cairn.plan;

import java.time.Duration;

/**
 * One migrate or rollback call. {@code lockWait} null means the configured default; {@code strictOrder} refuses
 * a plan that would apply a migration older than the current version.
 */
public record RunRequest(Direction direction, Strategy strategy, boolean dryRun, boolean strictOrder,
                         Duration lockWait, String actor) {}
