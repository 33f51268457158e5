package dev.cairn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.plan.Direction;
import dev.cairn.plan.RunRequest;
import dev.cairn.plan.Strategy;
import dev.cairn.problem.CairnException;
import dev.cairn.testing.GoMigration;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored programs written without DELIMITER lines, as Go projects keep them for golang-migrate, migrated through the
 * engine: the bodies reach the server whole, errors point at the right script line, and a failure in the statement
 * after a body resumes at that statement.
 */
class MariaDbStoredProgramEngineTest extends MariaDbEngineFixture {

    private static final String STOCK = """
            CREATE TABLE stock (sku varchar(20) PRIMARY KEY, quantity int NOT NULL);

            CREATE PROCEDURE restock(IN wanted varchar(20), IN amount int)
            BEGIN
              IF amount <= 0 THEN
                SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'amount must be positive; got none';
              END IF;
              INSERT INTO stock VALUES (wanted, amount) ON DUPLICATE KEY UPDATE quantity = quantity + amount;
            END;

            CREATE TRIGGER stock_never_negative BEFORE UPDATE ON stock FOR EACH ROW
            BEGIN
              IF NEW.quantity < 0 THEN SET NEW.quantity = 0; END IF;
            END;

            INSERT INTO stock_log (note)
            VALUES ('seeded');
            CALL restock('apple', 3);""";

    @Test
    void migratesAGoProjectsStoredProgramsAndRollsThemBack() throws SQLException {
        for (GoMigration m : GoMigration.folder("mysql-histories/shop")) {
            engine.store.create("app", m.version(), m.name(), m.up(), m.down(), null);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), versions(migrate(new Strategy.To(5L))));
        target.execute("INSERT INTO customers (email) VALUES (' Cy@Example.com')");
        target.execute("INSERT INTO orders (customer_id, total) VALUES (1, 700)");
        target.execute("INSERT INTO order_items VALUES (1, 'lamp', 2, 350)");
        assertEquals(List.of(6L, 7L), versions(migrate(new Strategy.All())));

        assertEquals(List.of("cy@example.com gold"), target.column("SELECT CONCAT_WS(' ', email, tier) FROM customers"),
                "the trigger normalised the email; the anonymous block backfilled the tier");
        assertEquals("New *****", target.query("SELECT order_label(1)"));
        assertEquals("0.10", target.query("SELECT discount_rate('gold')"));
        assertEquals(List.of("PROCEDURE cancel_abandoned", "PROCEDURE recalculate_order_totals"),
                target.column("SELECT CONCAT_WS(' ', routine_type, routine_name) FROM information_schema.routines"
                        + " WHERE routine_schema = '" + db + "' AND routine_type = 'PROCEDURE' ORDER BY 1"));
        assertEquals(List.of("customers_normalise", "orders_after_update", "orders_before_insert"),
                target.column("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = '" + db
                        + "' ORDER BY 1"));
        assertTrue(target.query("SELECT event_definition FROM information_schema.events WHERE event_schema = '" + db
                + "'").endsWith("END IF;\n  END"));
        assertEquals("web", target.query("SELECT channel FROM orders"));

        assertEquals(List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L), versions(rollback(new Strategy.All())));
        assertNull(target.query("SELECT routine_name FROM information_schema.routines WHERE routine_schema = '" + db
                + "'"));
        assertNull(target.query("SELECT event_name FROM information_schema.events WHERE event_schema = '" + db + "'"));
        assertFalse(target.tableExists(db, "orders"));
    }

    @Test
    void aFailureInTheStatementAfterABodyResumesThere() throws SQLException {
        engine.store.create("app", 1L, "stock", STOCK, "DROP TABLE stock_log;\nDROP TABLE stock;", null);
        CairnException failed = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals("42S02", failed.fields().get("sqlState"));
        assertEquals(4, failed.fields().get("statement"), "the table, the procedure and the trigger came first");
        assertEquals(5, failed.fields().get("statements"));
        assertEquals(16, failed.fields().get("line"), "the INSERT's first line");
        assertEquals(3, engine.status.status(repo).dirty().statementsDone());
        assertEquals("restock", target.query("SELECT routine_name FROM information_schema.routines"
                + " WHERE routine_schema = '" + db + "'"), "the procedure committed on its own");

        // Statements 1 to 3 would fail if sent again: the table, procedure and trigger exist.
        String fixed = STOCK.replace("INSERT INTO stock_log", "CREATE TABLE stock_log (note varchar(50));\n"
                + "INSERT INTO stock_log");
        engine.store.replace("app", 1L, "stock", fixed, "DROP TABLE stock_log;\nDROP TABLE stock;", null);
        List<String> dry = engine.runner.dryRun(repo, new RunRequest(Direction.UP, new Strategy.All(), true, false,
                null, "test")).sql();
        assertFalse(dry.stream().anyMatch(sql -> sql.startsWith("CREATE PROCEDURE")), dry.toString());
        assertEquals(List.of(1L), versions(migrate(new Strategy.All())));
        assertEquals("3", target.query("SELECT quantity FROM stock WHERE sku = 'apple'"));
        assertEquals("seeded", target.query("SELECT note FROM stock_log"));
        target.execute("UPDATE stock SET quantity = -4");
        assertEquals("0", target.query("SELECT quantity FROM stock"), "the trigger's body is whole");
        assertNull(engine.status.status(repo).dirty());
    }

    @Test
    void syntaxErrorsInAndAfterABodyPointAtTheirScriptLines() {
        engine.store.create("app", 1L, "typo_after", """
                CREATE PROCEDURE fine()
                BEGIN
                  SELECT 1;
                END;

                CREATE TABLE broken (
                  id int,
                  name varchar(20) NOT NULL DEFALT 'x'
                );""", null, null);
        CairnException after = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals(2, after.fields().get("statement"));
        assertEquals(8, after.fields().get("line"), after.getMessage());

        engine.store.create("app", 2L, "typo_inside", """
                SELECT 1;
                CREATE TRIGGER later BEFORE INSERT ON nowhere FOR EACH ROW
                BEGIN
                  IF NEW.a THEN
                    SELEC 1;
                  END IF;
                END;""", null, null);
        engine.resolver.resolve(repo, 1L, false, "test", null).orThrow();
        engine.store.replace("app", 1L, "typo_after", "SELECT 1;", null, null);
        CairnException inside = assertThrows(CairnException.class, () -> migrate(new Strategy.All()));
        assertEquals(2L, inside.fields().get("version"));
        assertEquals(2, inside.fields().get("statement"));
        assertEquals(5, inside.fields().get("line"), inside.getMessage());
        assertTrue(inside.getMessage().contains("at line 5 of up.sql"), inside.getMessage());
    }
}
