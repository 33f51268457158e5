package dev.cairn.engine;

import dev.cairn.scripts.Migration;
import java.util.List;

/**
 * The ordered migrations a run will apply or revert, checked whole before the first statement runs.
 * {@code resumeAt} is null unless the first step resumes a dirty migration; then it is the number of that step's
 * statements already done, possibly 0.
 */
public record Plan(Direction direction, List<Migration> steps, List<Long> outOfOrder, Integer resumeAt) {}
