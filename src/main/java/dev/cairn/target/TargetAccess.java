package dev.cairn.target;

import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.Dialect;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Remedy;
import dev.cairn.repo.Repo;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a registration may point Cairn at, and what Cairn hands a driver for it, decided in one place: the URL's
 * parameters pass {@link UrlParameters}, its TLS profile {@link TlsSettings}, its hosts {@link AllowedHosts}, and the
 * driver gets a URL rebuilt from the checked parts with Cairn's own properties. Checked when a repo is registered
 * and again whenever a connection to it is set up, so a registration stored before a rule existed is refused at its
 * next use rather than obeyed.
 */
@ApplicationScoped
public class TargetAccess {

    /**
     * The URL and properties for one connection through {@link GuardedDriver}; the properties hold no credential.
     */
    record DriverConnection(Dialect dialect, String url, Map<String, String> properties) {}

    private final CairnConfig config;
    private final AllowedHosts allowedHosts;

    /** @throws IllegalStateException for an unreadable TLS profile or a malformed host rule: Cairn does not start */
    public TargetAccess(CairnConfig config) {
        this.config = config;
        config.tls().forEach(TlsSettings::validate);
        this.allowedHosts = new AllowedHosts(config.targets().allowedHosts().orElse(List.of()));
    }

    /** Builds this bean at start, so a TLS profile that cannot be read stops Cairn then and not at a first call. */
    void atStart(@Observes StartupEvent event) {
        // the constructor did the checking
    }

    /**
     * A registration's URL and TLS profile, refused with a 400 that names the culprit. Names the host rules do not
     * list are resolved here, so a URL outside the allowed ranges is refused before it is stored.
     */
    public void checkRegistration(String url, String tls) {
        TargetUrl target = TargetUrl.of(url);
        UrlParameters.allowed(target);
        TlsSettings.check(target, tls, config.tls());
        for (TargetUrl.Host host : target.hosts()) {
            try {
                allowedHosts.check(host.name());
            } catch (AllowedHosts.Refused e) {
                throw TargetErrors.hostNotAllowed(e);
            }
        }
    }

    /**
     * The connection Cairn opens for the repo, to its own database or, with {@code maintenance}, to the server's
     * maintenance database. A repo whose registration the rules now refuse is a 400 that says to replace it.
     */
    DriverConnection connection(Repo repo, boolean maintenance) {
        try {
            TargetUrl url = maintenance ? repo.target().maintenance() : repo.target();
            Map<String, String> parameters = UrlParameters.allowed(url);
            TlsSettings.check(url, repo.tls(), config.tls());
            for (TargetUrl.Host host : url.hosts()) {
                if (Boolean.FALSE.equals(allowedHosts.withoutResolving(host.name()))) {
                    throw TargetErrors.hostNotAllowed(new AllowedHosts.Refused(host.name(), "is not among the "
                            + "allowed hosts"));
                }
            }
            Map<String, String> properties = new LinkedHashMap<>(
                    url.dialect().connectionProperties(config.pool().connectTimeout()));
            properties.putAll(TlsSettings.properties(url, repo.tls(), config.tls()));
            if (!allowedHosts.any()) {
                properties.put(GuardedDriver.ALLOWED_HOSTS, allowedHosts.rules()); // names are resolved there
            }
            return new DriverConnection(url.dialect(), url.driverUrl(parameters), properties);
        } catch (CairnException e) {
            CairnException refused = e.problem().raise("repo '" + repo.id() + "' is registered with a url or TLS "
                    + "profile Cairn refuses, so nothing was sent to it: " + e.getMessage(), e);
            e.fields().forEach(refused::with);
            throw refused.with("repo", repo.id()).remedy(Remedy.REPLACE_REPO);
        }
    }
}
