package dev.cairn.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.CairnConfig;
import dev.cairn.fleet.FleetListener;
import dev.cairn.fleet.FleetRunView;
import dev.cairn.run.ActiveRun;
import dev.cairn.run.Run;
import dev.cairn.run.RunListener;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Tells the configured webhooks when a run or a fleet run ends: a JSON document per event and webhook, signed, sent
 * by {@link WebhookSender} while the run goes on. The deliveries of the latest {@value #KEPT} runs are kept in
 * memory for {@code GET /runs/{runId}}; a restart forgets them, and those still pending then.
 */
@Startup // a misconfigured webhook fails the start, not the first run
@ApplicationScoped
public class Webhooks implements RunListener, FleetListener {

    private static final Logger LOG = Logger.getLogger(Webhooks.class);
    static final int KEPT = 1000;

    private final List<Webhook> hooks;
    private final ObjectMapper json;
    private final WebhookSender sender;
    private final Map<String, List<Delivery>> bySubject = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Delivery>> eldest) {
                    return size() > KEPT;
                }
            });

    public Webhooks(CairnConfig config, ObjectMapper json, WebhookSender sender) {
        this.hooks = Webhook.all(config);
        this.json = json;
        this.sender = sender;
        hooks.forEach(h -> LOG.infof("%s: %s", h, h.events.stream().map(e -> e.word).toList()));
    }

    @Override
    public void finished(ActiveRun run, Run record) {
        NotifyEvent.of(record.status()).ifPresent(event -> notify(record.runId(), event, "run", record));
    }

    @Override
    public void finished(FleetRunView view) {
        notify(view.fleetRunId(), NotifyEvent.FLEET_FINISHED, "fleetRun", view);
    }

    /** The deliveries about a run or fleet run, by its id; empty when none was made or they are forgotten. */
    public List<Run.Notification> about(String id) {
        List<Delivery> deliveries = bySubject.get(id);
        return deliveries == null ? List.of() : deliveries.stream().map(Delivery::view).toList();
    }

    private void notify(String subject, NotifyEvent event, String field, Object about) {
        List<Delivery> made = new ArrayList<>();
        for (Webhook hook : hooks) {
            if (hook.events.contains(event)) {
                String id = "d-" + UUID.randomUUID();
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("event", event.word);
                document.put("deliveryId", id);
                document.put("webhook", hook.name);
                document.put("at", Instant.now());
                document.put(field, about);
                try {
                    made.add(new Delivery(id, hook, event, json.writeValueAsBytes(document)));
                } catch (JsonProcessingException e) {
                    LOG.errorf("%s: could not write the %s document of %s: %s", hook, event.word, subject,
                            e.getOriginalMessage());
                }
            }
        }
        if (!made.isEmpty()) {
            bySubject.put(subject, new CopyOnWriteArrayList<>(made));
            made.forEach(sender::send);
        }
    }
}
