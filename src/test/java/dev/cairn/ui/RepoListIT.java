package dev.cairn.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** 300 tenants in the dashboard's repos table: the token prompt, lazy badges, paging, filters and search. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepoListIT {

    Dashboard ui;

    @BeforeAll
    void start() {
        ui = new Dashboard("ui-repos");
        ui.registerTenants("tenant", 300, i -> Map.of("tier", i % 3 == 0 ? "gold" : "silver"));
        ui.store("tenant-000", 1, "create_items", "CREATE TABLE items (id int);", "DROP TABLE items;");
        ui.store("tenant-001", 1, "create_items", "CREATE TABLE items (id int);", "DROP TABLE items;");
        ui.store("tenant-001", 2, "add_price", "ALTER TABLE items ADD price int;", "ALTER TABLE items DROP price;");
    }

    @AfterAll
    void stop() {
        ui.close();
    }

    @Test
    void theRootAsksForATokenThenListsThreeHundredReposWithLazyBadges() {
        Page page = ui.page(null);
        AtomicInteger statusReads = new AtomicInteger();
        page.onRequest(r -> {
            if (r.url().endsWith("/status")) {
                statusReads.incrementAndGet();
            }
        });
        Response first = page.navigate(ui.url("/"));
        assertTrue(page.url().endsWith("/ui/"), page.url());
        String csp = first.headers().get("content-security-policy");
        assertTrue(csp != null && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);

        assertThat(page.getByLabel("Token")).isVisible();
        ui.shot(page, "token-prompt");
        page.getByLabel("Token").fill("not-a-token");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Open dashboard")).click();
        assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT)).hasText("That token was not accepted.");
        page.getByLabel("Token").fill(Dashboard.READ);
        page.getByLabel("Token").press("Enter");

        Locator rows = page.locator("table.repos tbody tr");
        assertThat(rows).hasCount(50);
        assertThat(page.locator("#who")).hasText("viewer \u00b7 read");
        assertThat(badge(page, "tenant-000")).hasText("pending 1");
        assertThat(badge(page, "tenant-001")).hasText("pending 2");
        assertThat(badge(page, "tenant-002")).hasText("current");
        page.waitForTimeout(500);
        int reads = statusReads.get();
        assertTrue(reads > 0 && reads < 50, "only the rows on screen are read, got " + reads);
        assertTrue((Boolean) page.evaluate("() => document.cookie === '' && !location.href.includes('ui-read')"),
                "the token is in no cookie and no URL");
        assertEquals(Dashboard.READ, page.evaluate("() => sessionStorage.getItem('cairn.token')"));
        ui.shot(page, "repos");

        rows.last().scrollIntoViewIfNeeded();
        assertThat(badge(page, "tenant-049")).hasText("current");

        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Next page")).click();
        assertThat(rows.first().locator("th")).hasText("tenant-050");
        assertThat(rows).hasCount(50);

        page.getByLabel("Label").fill("tier:gold");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(rows.first().locator("th")).hasText("tenant-000");
        assertThat(rows.nth(1).locator("th")).hasText("tenant-003");
        assertThat(rows).hasCount(50);

        page.getByLabel("Label").fill("");
        page.getByLabel("Search id").fill("tenant-29");
        page.getByLabel("Search id").press("Enter");
        assertThat(rows).hasCount(10);
        assertThat(rows.first().locator("th")).hasText("tenant-290");
        assertThat(page.locator("a[rel=next]")).hasCount(0);
        assertEquals(List.of(), ui.errors);
    }

    @Test
    void pageAndAssetsComeWithTheirHeadersAndAreSmall() {
        Page page = ui.page(Dashboard.READ);
        AtomicInteger bytes = new AtomicInteger();
        page.onResponse(r -> {
            if (r.url().contains("/ui/")) {
                bytes.addAndGet(r.body().length);
                assertTrue(r.headers().containsKey("content-security-policy"), r.url());
                String cache = r.headers().get("cache-control");
                assertTrue(r.url().contains("?v=") ? cache.contains("immutable") : cache.equals("no-cache"),
                        r.url() + " " + cache);
            }
        });
        long started = System.nanoTime();
        page.navigate(ui.url("/ui/"));
        assertThat(page.locator("table.repos tbody tr").first()).isVisible();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(bytes.get() < 200_000, "first load " + bytes.get() + " bytes");
        System.out.printf("dashboard first load: %d bytes, rows shown after %d ms%n", bytes.get(), millis);
        // The target is 1 s on loopback; CI shares two cores with other jobs, so only a gross regression fails here.
        assertTrue(millis < 3_000, "interactive after " + millis + " ms");
        assertTrue(page.title().equals("Cairn"));
        assertFalse(page.content().contains(Dashboard.READ), "the token is not in the page");
    }

    private static Locator badge(Page page, String repo) {
        return page.locator("tr[data-repo=" + repo + "] .badge");
    }
}
