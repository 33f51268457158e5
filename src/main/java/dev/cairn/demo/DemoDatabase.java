package dev.cairn.demo;

import dev.cairn.config.CairnConfig;
import dev.cairn.repo.RepoRegistration;
import dev.cairn.repo.RepoRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The quickstart's target: an embedded PostgreSQL started with Cairn and registered as repo {@code demo}, so a
 * newcomer with only a JDK can migrate something at once. It lives as long as the process. Dev mode only: the
 * packaged jar does not ship the embedded binaries.
 */
@ApplicationScoped
public class DemoDatabase {

    private static final Logger LOG = Logger.getLogger(DemoDatabase.class);

    private final CairnConfig config;
    private final RepoRegistry registry;
    private EmbeddedPostgres postgres;

    public DemoDatabase(CairnConfig config, RepoRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) throws IOException, SQLException {
        if (!config.demo().enabled()) {
            return;
        }
        if (!embeddedPostgresPresent()) {
            throw new IllegalStateException("cairn.demo.enabled=true needs the embedded PostgreSQL, which only dev "
                    + "mode and the tests have; the packaged jar leaves it out. Run ./mvnw quarkus:dev for the demo, "
                    + "or set cairn.demo.enabled=false");
        }
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE demo");
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/demo";
        registry.replace("demo", new RepoRegistration("demo", url, "postgres", null, null, null, true,
                Map.of("purpose", "quickstart")));
        LOG.infof("Demo repo 'demo' is ready on an embedded PostgreSQL at %s; try: "
                + "curl -X POST localhost:%s/repos/demo/migrate", url,
                org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.http.port", String.class).orElse("8080"));
    }

    /** The library is a "provided" dependency: on the class path of quarkus:dev and the tests only. */
    private static boolean embeddedPostgresPresent() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false,
                    DemoDatabase.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
