package dev.cairn.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cairn.ui.RepoActionsIT.button;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A run watched as it happens (progress, the session blocking it, cancel), and the page used by keyboard alone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRunIT {

    Dashboard ui;

    @BeforeAll
    void start() {
        ui = new Dashboard("ui-live");
        ui.registerTenants("slow", 1, i -> Map.of("app", "slow"));
        ui.registerTenants("keys", 1, i -> Map.of("app", "keys"));
        ui.store("slow-000", 1, "warm_up", "SELECT pg_sleep(2);", "SELECT 1;");
        ui.store("slow-000", 2, "wait_for_lock", "ALTER TABLE public.held ADD c int;", "SELECT 1;");
        ui.store("keys-000", 1, "create_items", "CREATE TABLE items (id int);", "DROP TABLE items;");
    }

    @AfterAll
    void stop() {
        ui.close();
    }

    @Test
    void aSlowRunShowsItsProgressAndWhatBlocksItLiveAndIsCancelled() throws Exception {
        try (Connection holder = ui.server.connect(ui.db); Statement st = holder.createStatement()) {
            st.execute("CREATE TABLE public.held (id int)");
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE public.held IN ACCESS EXCLUSIVE MODE");
            long pid;
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }

            Page page = ui.page(Dashboard.DEPLOY);
            page.navigate(ui.url("/ui/#/repos/slow-000"));
            button(page, "Preview migrate").click();
            assertThat(page.locator(".preview h3").first()).hasText("Plan: 2 migrations (migrate)");
            button(page, "Migrate").click();
            assertThat(page.locator(".run-summary .outcome")).hasText("running");
            page.evaluate("() => { window.stillThisPage = true; }");
            assertThat(page.locator(".current")).containsText("1 warm_up");
            assertThat(page.locator(".current .statement")).containsText("statement 1 of 1");
            String early = page.locator(".current .seconds").textContent();
            page.waitForTimeout(1200);
            assertNotEquals(early, page.locator(".current .seconds").textContent(), "the seconds count on");

            assertThat(page.locator(".current")).containsText("2 wait_for_lock");
            assertThat(page.locator(".waiting")).containsText("by 1 session");
            assertThat(page.locator(".waiting table.blockers tbody")).containsText(Long.toString(pid));
            assertThat(page.locator(".waiting table.blockers tbody")).containsText("idle in transaction");
            assertThat(page.locator(".steps")).containsText("1 warm_up: applied");
            ui.shot(page, "run-live");

            button(page, "Cancel").click();
            assertThat(page.locator(".run-summary .outcome")).hasText("cancelled");
            assertThat(button(page, "Cancel")).isHidden();
            assertEquals(true, page.evaluate("() => window.stillThisPage === true"), "no reload");
            holder.rollback();
        }
        try (Connection c = ui.server.connect(ui.db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT array_agg(version ORDER BY version)::text FROM slow_000.schema_migrations")) {
            rs.next();
            assertEquals("{1}", rs.getString(1), "the cancelled migration left no ledger row");
        }
        assertEquals(List.of(), ui.errors);
    }

    @Test
    void everyActionIsReachedByKeyboardAloneWithAVisibleFocus() {
        Page page = ui.page(Dashboard.ADMIN);
        page.navigate(ui.url("/ui/#/repos/keys-000"));
        assertThat(page.locator("h1 .badge")).hasText("pending 1");
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            page.keyboard().press("Tab");
            String focused = (String) page.evaluate("() => { const e = document.activeElement;"
                    + " if (e === document.body) return 'BODY';"
                    + " const style = getComputedStyle(e);"
                    + " if (style.outlineStyle === 'none' || style.outlineWidth === '0px') return 'NO FOCUS RING: ' + e.outerHTML;"
                    + " return e.tagName + ':' + (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent).trim(); }");
            reached.add(focused);
        }
        for (String expected : List.of("A:Repos", "A:Fleets", "BUTTON:Forget token", "A:\u2190 All repos",
                "SELECT:Strategy", "INPUT:Step / to", "BUTTON:Preview migrate", "BUTTON:Preview rollback",
                "BUTTON:SQL")) {
            assertTrue(reached.contains(expected), expected + " not reached by Tab: " + reached);
        }
        assertTrue(reached.stream().noneMatch(s -> s.startsWith("NO FOCUS RING")), reached.toString());

        page.reload();
        assertThat(page.locator("h1 .badge")).hasText("pending 1");
        tabTo(page, "Preview migrate");
        page.keyboard().press("Enter");
        assertThat(page.locator(".plan-sql")).containsText("CREATE TABLE items");
        assertEquals("Migrate", page.evaluate("() => document.activeElement.textContent"), "focus moves to the run");
        page.keyboard().press("Enter");
        assertThat(page.locator(".run-summary .outcome")).hasText("succeeded");
        tabTo(page, "\u2190 Repo keys-000");
        page.keyboard().press("Enter");
        assertThat(page.locator("h1 .badge")).hasText("current");
        assertEquals(List.of(), ui.errors);
    }

    private static void tabTo(Page page, String text) {
        Keyboard keys = page.keyboard();
        for (int i = 0; i < 60; i++) {
            keys.press("Tab");
            if (text.equals(page.evaluate("() => document.activeElement.textContent.trim()"))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + text);
    }
}
