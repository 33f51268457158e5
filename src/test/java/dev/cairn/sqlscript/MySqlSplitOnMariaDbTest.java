package dev.cairn.sqlscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.testing.GoMigration;
import dev.cairn.testing.TestServer;
import dev.cairn.testing.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The splitter against the server, on a Go project's MySQL history (test resources, mysql-histories/shop) that has
 * procedures, functions, triggers, an event and MariaDB compound statements and no DELIMITER line: each statement,
 * sent the way Cairn sends it (one {@code Statement.execute}, escape processing off), is accepted and the programs
 * work; and the server, given each script whole as a multi-statement query, ends statements where the splitter does.
 */
class MySqlSplitOnMariaDbTest {

    private static final ScriptSplitter SPLITTER = new MySqlScriptSplitter();

    private final TestServer server = TestServers.mariadb();
    private final List<GoMigration> shop = GoMigration.folder("mysql-histories/shop");
    private final List<String> databases = new ArrayList<>();
    private Connection connection;
    private Statement st;

    @BeforeEach
    void connect() throws SQLException {
        connection = server.connect(database());
        st = connection.createStatement();
        st.setEscapeProcessing(false);
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        connection.close();
        databases.forEach(server::dropDatabase);
    }

    @Test
    void eachStatementOfTheHistoryRunsOnItsOwnAndTheProgramsWork() throws SQLException {
        for (GoMigration m : shop.subList(0, 5)) {
            run(m.up());
        }
        st.execute("INSERT INTO customers (email) VALUES ('  Ann@Example.com '), ('bob@example.com')");
        st.execute("INSERT INTO orders (customer_id, total, placed_at)"
                + " VALUES (1, 10, NOW()), (1, 0, NOW() - INTERVAL 40 DAY), (2, 1200, NOW())");
        st.execute("INSERT INTO order_items VALUES (1, 'a', 3, 200), (3, 'b', 1, 1200)");
        st.execute("INSERT INTO sessions VALUES ('old', NOW() - INTERVAL 1 DAY), ('new', NOW() + INTERVAL 1 DAY)");

        st.execute("CALL recalculate_order_totals(NOW() - INTERVAL 1 DAY, @updated)");
        assertEquals(List.of("1"), column("SELECT @updated"), "the cursor loop updated order 1 only");
        st.execute("CALL cancel_abandoned(30)");
        assertEquals(List.of("1 new 600.00 New *****", "2 cancelled 0.00 Cancelled", "3 review 1200.00 Review *****"),
                column("SELECT CONCAT_WS(' ', id, status, total, order_label(id)) FROM orders ORDER BY id"));
        assertEquals(List.of("total up", "status: draft -> cancelled"),
                column("SELECT `change` FROM order_audit ORDER BY id"), "the IF/ELSEIF and CASE triggers fired");
        assertEquals(List.of("ann@example.com", "bob@example.com"), column("SELECT email FROM customers ORDER BY id"));
        SQLException refused = assertThrows(SQLException.class,
                () -> st.execute("INSERT INTO orders (customer_id, total) VALUES (1, -5)"));
        assertEquals("45000", refused.getSQLState());
        assertEquals(List.of("0.10 0.00 2024-06-10 unknown order"), column("SELECT CONCAT_WS(' ', discount_rate('gold'),"
                + " discount_rate('basic'), next_business_day('2024-06-07'), order_label(99))"));

        String event = "SELECT CONCAT_WS(' ', status, interval_value, interval_field) FROM information_schema.events"
                + " WHERE event_schema = DATABASE()";
        assertEquals(List.of("DISABLED 30 MINUTE"), column(event), "ALTER EVENT replaced the schedule");
        // The stored body is whole: run as an anonymous block, it purges like the event would.
        String body = column("SELECT event_definition FROM information_schema.events").get(0);
        assertTrue(body.startsWith("BEGIN") && body.endsWith("END") && body.contains("with grace"), body);
        st.execute("BEGIN NOT ATOMIC" + body.substring("BEGIN".length()));
        assertEquals(List.of("new"), column("SELECT token FROM sessions"));

        run(shop.get(5).up());
        assertEquals(List.of("gold", "gold"), column("SELECT tier FROM customers ORDER BY id"));
        assertEquals(List.of("1"), column("SELECT active_promotions('2025-01-01')"));
        run(shop.get(6).up());
        assertEquals(List.of("web", "web", "web"), column("SELECT channel FROM orders"));
        assertEquals(List.of("PROCEDURE cancel_abandoned", "PROCEDURE recalculate_order_totals"),
                column("SELECT CONCAT_WS(' ', routine_type, routine_name) FROM information_schema.routines"
                        + " WHERE routine_schema = DATABASE() AND routine_type = 'PROCEDURE' ORDER BY 1"),
                "the migrate-once procedure dropped itself");

        for (int i = shop.size() - 1; i >= 0; i--) {
            run(shop.get(i).down());
        }
        assertEquals(List.of("0"), column("SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema"
                + " = DATABASE()) + (SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema ="
                + " DATABASE()) + (SELECT COUNT(*) FROM information_schema.events WHERE event_schema = DATABASE())"));
    }

    @Test
    void theHistorySplitsIntoTheStatementsItsAuthorWrote() {
        assertEquals(List.of(7, 2, 3, 2, 4, 5, 3), shop.stream().map(m -> SPLITTER.split(m.up()).size()).toList());
        assertEquals(List.of(7, 2, 3, 1, 4, 2, 1), shop.stream().map(m -> SPLITTER.split(m.down()).size()).toList());
    }

    @Test
    void generatedProgramsReachTheServerWithTheirWholeBodies() throws SQLException {
        st.execute("CREATE TABLE t (a int, end int)");
        StoredProgramGenerator generator = new StoredProgramGenerator(2026);
        List<StoredProgramGenerator.Program> programs = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            programs.add(generator.program());
            script.append(programs.get(i).sql()).append(";\n");
        }
        run(script.toString());
        Map<String, String> stored = new HashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT routine_name, routine_definition FROM information_schema.routines"
                + " WHERE routine_schema = DATABASE() UNION ALL SELECT trigger_name, action_statement"
                + " FROM information_schema.triggers WHERE trigger_schema = DATABASE() UNION ALL"
                + " SELECT event_name, event_definition FROM information_schema.events WHERE event_schema = DATABASE()")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getString(2));
            }
        }
        for (StoredProgramGenerator.Program program : programs) {
            assertEquals(program.body(), stored.get(program.name()), program.kind() + " " + program.name());
        }
    }

    @Test
    void theServerEndsStatementsWhereTheSplitterDoes() throws SQLException {
        String whole = database();
        Properties login = new Properties();
        login.setProperty("user", server.user());
        if (server.password() != null) {
            login.setProperty("password", server.password());
        }
        try (Connection multi = DriverManager.getConnection(server.url(whole) + "?allowMultiQueries=true", login);
             Statement all = multi.createStatement()) {
            all.setEscapeProcessing(false);
            for (GoMigration m : shop) {
                run(m.up());
                drain(all, all.execute(m.up()));
                assertEquals(snapshot(databases.get(0)), snapshot(whole), "after " + m.name());
            }
        }
    }

    private String database() {
        String name = server.createDatabase();
        databases.add(name);
        return name;
    }

    /** As Cairn runs a script: one execute per split statement, in order, on one connection. */
    private void run(String script) throws SQLException {
        for (SqlStatement statement : SPLITTER.split(script)) {
            st.execute(statement.sql());
        }
    }

    /** Reads every result of a multi-statement query, so that a failing statement in it throws. */
    private static void drain(Statement st, boolean resultSet) throws SQLException {
        boolean more = resultSet;
        while (more || st.getUpdateCount() != -1) {
            more = st.getMoreResults();
        }
    }

    /** What the scripts made: programs with their bodies as the server stored them, columns, and logged rows. */
    private List<String> snapshot(String database) throws SQLException {
        String in = " = '" + database + "'";
        List<String> rows = new ArrayList<>();
        rows.addAll(column("SELECT CONCAT_WS('|', routine_type, routine_name, routine_definition)"
                + " FROM information_schema.routines WHERE routine_schema" + in + " ORDER BY routine_name"));
        rows.addAll(column("SELECT CONCAT_WS('|', trigger_name, action_statement) FROM information_schema.triggers"
                + " WHERE trigger_schema" + in + " ORDER BY trigger_name"));
        rows.addAll(column("SELECT CONCAT_WS('|', event_name, event_definition, interval_value)"
                + " FROM information_schema.events WHERE event_schema" + in));
        rows.addAll(column("SELECT CONCAT_WS('|', table_name, column_name) FROM information_schema.columns"
                + " WHERE table_schema" + in + " ORDER BY table_name, ordinal_position"));
        rows.addAll(column("SELECT note FROM `" + database + "`.maintenance_log ORDER BY id"));
        rows.addAll(column("SELECT code FROM `" + database + "`.promotions ORDER BY code"));
        return rows;
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
