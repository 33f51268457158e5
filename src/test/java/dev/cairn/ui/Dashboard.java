package dev.cairn.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.cairn.security.Tokens;
import dev.cairn.testing.CairnClient;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The packaged Cairn with authentication on (an admin, a deploy and a read token), one PostgreSQL database for its
 * tenants, and Debian's Chromium driven by Playwright. Playwright never downloads a browser: Failsafe sets
 * {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD}, and the browser is {@code /usr/bin/chromium}.
 */
final class Dashboard implements AutoCloseable {

    static final String ADMIN = "ui-admin-" + System.nanoTime(), DEPLOY = "ui-deploy-" + System.nanoTime(),
            READ = "ui-read-" + System.nanoTime();
    private static final Path CHROMIUM = Path.of(System.getProperty("cairn.chromium", "/usr/bin/chromium"));
    static final Path SHOTS = Path.of("target", "ui-shots");

    final TestServer server = TestServers.postgres();
    final String db = server.createDatabase();
    final CairnProcess cairn;
    final CairnClient api;
    private final Playwright playwright;
    private final Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();
    /** Page errors, failed scripts and CSP violations seen by any page; a test expects none. */
    final List<String> errors = new CopyOnWriteArrayList<>();

    Dashboard(String name) {
        cairn = CairnProcess.start(name, Map.of("cairn.auth.enabled", "true", "cairn.auth.tokens",
                "ops:admin:" + hash(ADMIN) + ",ci:deploy:" + hash(DEPLOY) + ",viewer:read:" + hash(READ)));
        api = new CairnClient(cairn.url(), ADMIN);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync")));
    }

    /** A fresh tab (its own sessionStorage) whose token is already given, or none when {@code token} is null. */
    Page page(String token) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        contexts.add(context);
        if (token != null) {
            context.addInitScript("sessionStorage.setItem('cairn.token', " + jsString(token) + ");");
        }
        Page page = context.newPage();
        page.onPageError(e -> errors.add("page error: " + e));
        page.onConsoleMessage(m -> {
            // Chromium logs every 4xx answer; the tests provoke refusals on purpose and check what the page shows.
            if (m.type().equals("error") && !m.text().startsWith("Failed to load resource")) {
                errors.add("console: " + m.text());
            }
        });
        page.setDefaultTimeout(15_000);
        return page;
    }

    String url(String path) {
        return cairn.url() + path;
    }

    /**
     * Registers {@code count} tenants of the test database in one batch call, each in a schema of its own, labelled
     * by {@code labels} from the tenant's number.
     */
    void registerTenants(String idPrefix, int count, java.util.function.IntFunction<Map<String, String>> labels) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(tenant(String.format("%s-%03d", idPrefix, i), labels.apply(i)));
        }
        CairnClient.Reply reply = api.post("/repos/batch", batch);
        if (reply.status() != 200) {
            throw new IllegalStateException("batch registration failed: " + reply);
        }
    }

    Map<String, Object> tenant(String id, Map<String, String> labels) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("url", server.url(db));
        r.put("username", server.user());
        r.put("prefix", id.replace('-', '_'));
        r.put("labels", labels);
        return r;
    }

    void store(String repo, long version, String name, String up, String down) {
        CairnClient.Reply reply = api.storeMigration(repo, version, name, up, down);
        if (reply.status() != 201) {
            throw new IllegalStateException("storing " + name + " in " + repo + " failed: " + reply);
        }
    }

    /** A full-page screenshot under target/ui-shots/. */
    void shot(Page page, String name) {
        try {
            Files.createDirectories(SHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        contexts.forEach(BrowserContext::close);
        browser.close();
        playwright.close();
        cairn.close();
        server.dropDatabase(db);
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(Tokens.sha256(token));
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
