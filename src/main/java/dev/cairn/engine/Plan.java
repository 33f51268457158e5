package dev.cairn.engine;

import dev.cairn.scripts.Migration;
import java.util.List;

/**
 * The ordered migrations a run will apply or revert, checked whole before the first statement runs.
 * {@code resumeAt} is the number of statements of the first step already done, when a run resumes a dirty one.
 */
public record Plan(Direction direction, List<Migration> steps, List<Long> outOfOrder, int resumeAt) {}
