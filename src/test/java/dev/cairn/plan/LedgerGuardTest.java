package dev.cairn.plan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.migration.Migration;
import dev.cairn.problem.CairnException;
import dev.cairn.problem.Problem;
import dev.cairn.sqlscript.MySqlScriptSplitter;
import dev.cairn.sqlscript.PostgresScriptSplitter;
import dev.cairn.sqlscript.ScriptSplitter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which statements the guard takes for dropping, renaming or truncating the ledger, on both engines' splitters. */
class LedgerGuardTest {

    private static final ScriptSplitter POSTGRES = new PostgresScriptSplitter(), MARIADB = new MySqlScriptSplitter();
    private static final LedgerGuard DEFAULT = LedgerGuard.of(List.of("schema_migrations", "cairn_progress"), null,
            List.of("public", "app"));

    @Test
    void dropsRenamesAndTruncatesOfTheLedgerAreRefusedWithTheLine() {
        CairnException e = refused(DEFAULT, POSTGRES, "CREATE TABLE t (id int);\n-- the old tool's ledger\n"
                + "DROP TABLE IF EXISTS t2, schema_migrations CASCADE;");
        assertEquals(Problem.MIGRATION_DROPS_LEDGER, e.problem());
        assertEquals(3, e.fields().get("line"), "the line of the DROP, after the comment");
        assertEquals("schema_migrations", e.fields().get("table"));
        refused(DEFAULT, POSTGRES, "drop table public.schema_migrations");
        refused(DEFAULT, POSTGRES, "DROP TABLE \"schema_migrations\"");
        refused(DEFAULT, POSTGRES, "TRUNCATE schema_migrations");
        refused(DEFAULT, POSTGRES, "TRUNCATE TABLE ONLY cairn_progress");
        refused(DEFAULT, POSTGRES, "ALTER TABLE schema_migrations RENAME TO old_schema_migrations");
        refused(DEFAULT, POSTGRES, "ALTER TABLE IF EXISTS ONLY public.schema_migrations RENAME COLUMN version TO v");
        refused(DEFAULT, POSTGRES, "/* moved */ alter table schema_migrations\n  ADD COLUMN x int,\n  Rename to old");
        refused(DEFAULT, MARIADB, "DROP TABLE `app`.`schema_migrations`");
        refused(DEFAULT, MARIADB, "RENAME TABLE users TO people, schema_migrations TO old_ledger");
    }

    @Test
    void otherTablesSchemasAndBodiesPass() {
        passes(DEFAULT, POSTGRES, "DROP TABLE schema_migrations_old; DROP TABLE other.schema_migrations;"
                + " ALTER TABLE users RENAME TO people; ALTER TABLE schema_migrations ADD COLUMN note text;"
                + " ALTER TABLE schema_migrations ADD COLUMN renamed_at timestamp, ADD COLUMN was_rename bool;"
                + " CREATE FUNCTION f() RETURNS void AS $$ BEGIN DROP TABLE schema_migrations; END $$"
                + " LANGUAGE plpgsql; SELECT 'DROP TABLE schema_migrations'; DROP TABLE \"Schema_Migrations\";");
        passes(DEFAULT, MARIADB, "DROP TEMPORARY TABLE schema_migrations;"
                + " RENAME TABLE old_ledger TO schema_migrations");
        LedgerGuard named = LedgerGuard.of(List.of("cairn_ledger", "cairn_ledger_progress"), "tenant",
                List.of("public"));
        passes(named, POSTGRES, "DROP TABLE schema_migrations; DROP TABLE public.cairn_ledger");
        refused(named, POSTGRES, "DROP TABLE tenant.cairn_ledger_progress");
        refused(named, POSTGRES, "drop table CAIRN_LEDGER");
    }

    @Test
    void aRollbackIsCheckedOnItsDownScript() {
        Migration m = new Migration(1, "x", "CREATE TABLE schema_migrations_v2 (id int)",
                "DROP TABLE schema_migrations", null);
        assertDoesNotThrow(() -> DEFAULT.check(m, Direction.UP, POSTGRES.split(m.up())));
        assertThrows(CairnException.class, () -> DEFAULT.check(m, Direction.DOWN, POSTGRES.split(m.down())));
    }

    private static CairnException refused(LedgerGuard guard, ScriptSplitter splitter, String up) {
        return assertThrows(CairnException.class, () -> guard.check(migration(up), Direction.UP,
                splitter.split(up)), up);
    }

    private static void passes(LedgerGuard guard, ScriptSplitter splitter, String up) {
        assertDoesNotThrow(() -> guard.check(migration(up), Direction.UP, splitter.split(up)));
    }

    private static Migration migration(String up) {
        return new Migration(3, "drop_old_ledger", up, null, null);
    }
}
