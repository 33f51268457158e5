package dev.cairn.plan;

import dev.cairn.ledger.Dirty;
import dev.cairn.migration.Migration;
import java.util.List;

/**
 * The ordered migrations a run will apply or revert, read and checked whole before the first statement runs.
 * {@code resumed} is null unless the first step picks up a dirty migration after its {@code statementsDone}.
 */
public record Plan(Direction direction, List<Migration> steps, List<Long> outOfOrder, Dirty resumed) {}
