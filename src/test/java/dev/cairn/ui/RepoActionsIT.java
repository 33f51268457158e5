package dev.cairn.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A repo in the dashboard: preview, then run; resolve a dirty mark; what a read token is offered; refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepoActionsIT {

    Dashboard ui;

    @BeforeAll
    void start() {
        ui = new Dashboard("ui-actions");
        ui.registerTenants("shop", 3, i -> Map.of("app", "shop"));
        for (int i = 0; i < 3; i++) {
            String repo = String.format("shop-%03d", i);
            ui.store(repo, 1, "create_items", "CREATE TABLE items (id int);", "DROP TABLE items;");
            ui.store(repo, 2, "add_price", "ALTER TABLE items ADD price int;", "ALTER TABLE items DROP price;");
        }
    }

    @AfterAll
    void stop() {
        ui.close();
    }

    @Test
    void previewThenMigrateThenRollBackAndTheBadgesFollow() throws Exception {
        Page page = ui.page(Dashboard.DEPLOY);
        page.navigate(ui.url("/ui/#/repos/shop-000"));
        assertThat(page.locator("h1 .badge")).hasText("pending 2");
        assertThat(page.locator("table.migrations tbody tr[data-version]")).hasCount(2);

        page.getByLabel("Strategy").first().selectOption("step");
        page.locator("#migrate-amount").fill("1");
        button(page, "Preview migrate").click();
        assertThat(page.locator(".preview h3").first()).hasText("Plan: 1 migration (migrate)");
        assertThat(page.locator(".plan-sql")).containsText("CREATE TABLE items (id int);");
        assertThat(page.locator(".plan-sql")).containsText("schema_migrations");
        assertFalse(tableExists("shop_000.items"), "a preview runs nothing");
        ui.shot(page, "repo-preview");

        button(page, "Migrate").click();
        assertThat(page.locator(".run-summary .outcome")).hasText("succeeded");
        assertTrue(tableExists("shop_000.items"));
        ui.shot(page, "run-finished");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("\u2190 Repo shop-000")).click();
        assertThat(page.locator("h1 .badge")).hasText("pending 1");
        assertThat(page.locator("tr[data-version='1'] .state")).containsText("up");
        assertThat(page.locator("table.runs tbody tr")).hasCount(1);
        assertThat(page.locator("table.runs svg.chart rect")).hasCount(1);

        page.navigate(ui.url("/ui/#/"));
        assertThat(page.locator("tr[data-repo=shop-000] .badge")).hasText("pending 1");
        assertThat(page.locator("tr[data-repo=shop-000] .last-run")).containsText("succeeded");
        assertThat(page.locator("tr[data-repo=shop-001] .badge")).hasText("pending 2");

        page.navigate(ui.url("/ui/#/repos/shop-000"));
        page.locator("#rollback-amount").fill("1");
        button(page, "Preview rollback").click();
        assertThat(page.locator(".plan-sql")).containsText("DROP TABLE items;");
        button(page, "Roll back").click();
        assertThat(page.locator(".run-summary .outcome")).hasText("succeeded");
        assertFalse(tableExists("shop_000.items"));
        page.navigate(ui.url("/ui/#/repos/shop-000"));
        assertThat(page.locator("h1 .badge")).hasText("pending 2");
        ui.shot(page, "repo");
        assertEquals(List.of(), ui.errors);
    }

    @Test
    void aDirtyRepoIsResolvedByAnAdminAndARefusalShowsItsProblem() {
        Map<String, Object> broken = new LinkedHashMap<>();
        broken.put("version", 3);
        broken.put("name", "half_done");
        broken.put("up", "CREATE TABLE half (id int);\nSELECT 1/0;");
        broken.put("down", "DROP TABLE half;");
        broken.put("transaction", false);
        assertEquals(201, ui.api.post("/repos/shop-002/migrations", broken).status());
        assertEquals(422, ui.api.migrate("shop-002", Map.of()).status());

        Page deploy = ui.page(Dashboard.DEPLOY);
        deploy.navigate(ui.url("/ui/#/repos/shop-002"));
        assertThat(deploy.locator("h1 .badge")).hasText("dirty");
        assertThat(deploy.locator(".statements-done")).hasText("1 statement");
        assertThat(deploy.locator("tr[data-version='3'] .state")).hasText("pendingdirty");
        assertThat(button(deploy, "Resolve")).hasCount(0);
        deploy.locator("#rollback-amount").fill("1");
        button(deploy, "Preview rollback").click();
        Locator refusal = deploy.locator(".preview .problem");
        assertThat(refusal).containsText("dirty");
        assertFalse(refusal.textContent().contains("Exception") || refusal.textContent().contains("at dev.cairn"),
                refusal.textContent());

        Page admin = ui.page(Dashboard.ADMIN);
        admin.navigate(ui.url("/ui/#/repos/shop-002"));
        assertThat(admin.locator("h1 .badge")).hasText("dirty");
        ui.shot(admin, "repo-dirty");
        admin.getByLabel("Mark version 3 as").selectOption("rolled_back");
        button(admin, "Resolve").click();
        assertThat(admin.locator("h1 .badge")).hasText("pending 1");
        assertEquals(List.of(), ui.errors);
    }

    @Test
    void aReadTokenIsOfferedNoAction() {
        Page page = ui.page(Dashboard.READ);
        page.navigate(ui.url("/ui/#/repos/shop-001"));
        assertThat(page.locator("h1 .badge")).hasText("pending 2");
        assertThat(page.locator("table.migrations")).isVisible();
        for (String action : List.of("Preview migrate", "Preview rollback", "Migrate", "Roll back", "Resolve",
                "Cancel")) {
            assertThat(button(page, action)).hasCount(0);
        }
        button(page, "SQL").first().click();
        assertThat(page.locator("pre.sql").first()).containsText("CREATE TABLE items");
        page.navigate(ui.url("/ui/#/fleet?label=app:shop"));
        assertThat(page.locator(".counts")).isVisible();
        assertThat(button(page, "Preview fleet migrate")).hasCount(0);
        ui.shot(page, "repo-read-token");
        assertEquals(List.of(), ui.errors);
    }

    @Test
    void hostileNamesAndScriptsShowAsText() {
        String label = "<img src=x onerror=window.pwned=1>";
        assertEquals(201, ui.api.post("/repos", ui.tenant("hostile", Map.of("note", label))).status());
        ui.store("hostile", 1, "markup_in_sql", "SELECT '</script><script>window.pwned=2</script>';",
                "SELECT '<img src=x onerror=window.pwned=3>'::int;");
        assertEquals(200, ui.api.migrate("hostile", Map.of()).status());

        Page page = ui.page(Dashboard.DEPLOY);
        page.navigate(ui.url("/ui/#/repos/hostile"));
        assertThat(page.locator(".facts")).containsText(label);
        button(page, "SQL").click();
        assertThat(page.locator("pre.sql").first()).containsText("</script><script>window.pwned=2</script>");
        page.locator("#rollback-amount").fill("1");
        button(page, "Preview rollback").click();
        assertThat(page.locator(".plan-sql")).containsText("onerror=window.pwned=3");
        button(page, "Roll back").click();
        assertThat(page.locator(".run-summary .outcome")).hasText("failed");
        assertThat(page.locator("main")).containsText("<img src=x onerror=window.pwned=3>");
        ui.shot(page, "hostile");
        assertEquals(0, page.locator("main img, main script").count(), "no markup came from the data");
        assertEquals(true, page.evaluate("() => window.pwned === undefined"), "no script of the data ran");
        assertEquals(List.of(), ui.errors);
    }

    @Test
    void aRepoShowsItsInstalledSetsAndASetIsAFleet() {
        assertEquals(201, ui.api.post("/sets", Map.of("id", "kit")).status());
        for (int v = 1; v <= 2; v++) {
            assertEquals(201, ui.api.post("/sets/kit/migrations", Map.of("version", v, "name", "kit_step_" + v,
                    "up", "CREATE TABLE kit_" + v + " (id int);", "down", "DROP TABLE kit_" + v + ";")).status());
        }
        Map<String, Object> kitted = ui.tenant("kitted", Map.of("app", "kit"));
        kitted.put("sets", List.of("kit"));
        assertEquals(201, ui.api.post("/repos", kitted).status());
        assertEquals(200, ui.api.migrate("kitted", Map.of("set", "kit", "to", 1)).status());

        Page page = ui.page(Dashboard.READ);
        page.navigate(ui.url("/ui/#/repos/kitted"));
        assertThat(page.locator("table.sets tbody tr")).hasText("kit122");
        page.navigate(ui.url("/ui/#/fleet?set=kit"));
        assertThat(page.locator("#standing-title")).hasText("1 repos (set kit)");
        assertThat(page.locator("svg.chart")).hasAttribute("aria-label", "Repos per version: 1: 1");
        assertThat(page.locator(".count-behind")).hasText("1 behind");
        assertEquals(List.of(), ui.errors);
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private boolean tableExists(String qualified) throws SQLException {
        try (Connection c = ui.server.connect(ui.db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('" + qualified + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
