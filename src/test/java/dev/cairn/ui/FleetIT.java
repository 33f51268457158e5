package dev.cairn.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cairn.ui.RepoActionsIT.button;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import dev.cairn.testing.FreePorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A fleet of tenants at three versions with one that cannot be reached: its histogram, then a fleet run live. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetIT {

    static final int TENANTS = 10;
    Dashboard ui;

    @BeforeAll
    void start() {
        ui = new Dashboard("ui-fleet");
        ui.registerTenants("org", TENANTS, i -> Map.of("fleet", "blue"));
        for (int i = 0; i < TENANTS; i++) {
            String repo = String.format("org-%03d", i);
            ui.store(repo, 1, "create_items", "CREATE TABLE items (id int);", "DROP TABLE items;");
            ui.store(repo, 2, "add_price", "SELECT pg_sleep(1.5); ALTER TABLE items ADD price int;",
                    "ALTER TABLE items DROP price;");
            if (i < 4) {
                assertEquals(200, ui.api.migrate(repo, Map.of()).status());
            } else if (i < 7) {
                assertEquals(200, ui.api.migrate(repo, Map.of("step", 1)).status());
            }
        }
        Map<String, Object> gone = ui.tenant("org-zz-gone", Map.of("fleet", "blue"));
        gone.put("url", "jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/nowhere"); // nothing listens there
        assertEquals(201, ui.api.post("/repos", gone).status());
        ui.store("org-zz-gone", 1, "create_items", "CREATE TABLE items (id int);", "DROP TABLE items;");
    }

    @AfterAll
    void stop() {
        ui.close();
    }

    @Test
    void theHistogramCountsVersionsAndAFleetRunProgressesLiveWithItsFailingTenant() {
        Page page = ui.page(Dashboard.DEPLOY);
        page.navigate(ui.url("/ui/#/fleet"));
        page.getByLabel("Label").fill("fleet:blue");
        button(page, "Show fleet").click();
        assertThat(page.locator("#standing-title")).hasText("11 repos (label fleet:blue)");
        assertThat(page.locator(".count-current")).hasText("4 current");
        assertThat(page.locator(".count-behind")).hasText("6 behind");
        assertThat(page.locator(".count-unreachable")).hasText("1 unreachable");
        assertThat(page.locator("svg.chart rect.hist")).hasCount(3);
        assertThat(page.locator("svg.chart")).hasAttribute("aria-label", "Repos per version: none: 3, 1: 3, 2: 4");
        assertThat(page.locator("ul.unreachable")).containsText("org-zz-gone");
        ui.shot(page, "fleet");

        button(page, "Preview fleet migrate").click();
        assertThat(page.locator(".card.actions h3")).hasText("Plan for 11 repos");
        assertThat(page.locator(".fleet-plan")).containsText("org-004: 1 migration");
        button(page, "Migrate fleet").click();

        assertThat(page.locator(".fleet-summary .outcome")).hasText("running");
        ui.shot(page, "fleet-run-live");
        List<String> seen = new ArrayList<>(List.of("running"));
        page.waitForCondition(() -> {
            String status = page.locator(".fleet-summary .outcome").textContent();
            if (!seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return !status.equals("running");
        }, new Page.WaitForConditionOptions().setTimeout(30_000));
        assertEquals(List.of("running", "failed"), seen, "the page follows the run without a reload");
        assertThat(page.locator(".fleet-summary")).containsText("10 succeeded, 1 failed, 0 running, 0 not started");
        assertThat(page.locator(".fleet-repos tr:has-text('org-zz-gone') .outcome")).hasText("failed");
        ui.shot(page, "fleet-run");

        assertThat(page.locator(".count-current")).hasText("10 current"); // read again once the run ended
        assertThat(page.locator("table.fleet-runs tbody tr .outcome")).hasText("failed");
        page.reload();
        assertThat(page.locator(".count-current")).hasText("10 current");
        assertThat(page.locator("svg.chart")).hasAttribute("aria-label", "Repos per version: 2: 10");
        assertThat(page.locator("table.fleet-runs tbody tr")).hasCount(1);
        assertTrue(page.locator("table.fleet-runs").textContent().contains("failed"));
        assertEquals(List.of(), ui.errors);
    }
}
