package dev.cairn.observe;

import dev.cairn.run.ActiveRun;
import dev.cairn.run.Run;
import dev.cairn.run.RunListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The log lines every run leaves behind: one per migration and one per run. */
@ApplicationScoped
public class RunLog implements RunListener {

    private static final Logger LOG = Logger.getLogger("dev.cairn.runs");

    @Override
    public void migrationFinished(ActiveRun run, Run.RunStep step) {
        LOG.infof("repo=%s run=%s version=%d name=%s outcome=%s durationMs=%d", run.repo().id(), run.runId(),
                step.version(), step.name(), step.outcome(), step.durationMs());
    }

    @Override
    public void finished(ActiveRun run, Run record) {
        LOG.infof("repo=%s run=%s direction=%s strategy=%s actor=%s outcome=%s migrations=%d version=%s",
                record.repo(), record.runId(), record.direction(), record.strategy(), record.actor(),
                record.status().name(), record.steps().size(), record.version());
    }
}
