package dev.cairn.run;

import dev.cairn.problem.CairnException;

/** How a run ended, as a value: its record, and the problem that ended it when it failed. */
public record RunOutcome(Run run, CairnException problem) {

    public boolean succeeded() {
        return problem == null;
    }

    /** The record of a run that succeeded; the problem (naming the run) of one that failed. */
    public Run orThrow() {
        if (problem != null) {
            throw problem;
        }
        return run;
    }
}
