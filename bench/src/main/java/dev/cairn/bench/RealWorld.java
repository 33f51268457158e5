package dev.cairn.bench;

/**
 * Scenario 3: migrations shaped like an application's history. They come in modules of eight; module {@code m} owns
 * every object whose name ends in {@code _m}, so each down script undoes exactly its own up script. The bodies use
 * what trips naive script splitters: dollar quotes with and without tags, semicolons inside bodies, strings and
 * comments, doubled quotes, E'' strings and a literal {@code $$} inside a string.
 */
final class RealWorld {

    static final int PER_MODULE = 8;

    private RealWorld() {}

    static Generate.Script script(int v) {
        int m = (v - 1) / PER_MODULE;
        return switch ((v - 1) % PER_MODULE) {
            case 0 -> tables(v, m);
            case 1 -> plpgsqlFunction(v, m);
            case 2 -> touchTrigger(v, m);
            case 3 -> auditTrigger(v, m);
            case 4 -> seed(v, m);
            case 5 -> view(v, m);
            case 6 -> addColumn(v, m);
            default -> sqlFunctionAndProcedure(v, m);
        };
    }

    private static Generate.Script tables(int v, int m) {
        String up = """
                -- module %1$d: customers and their orders; this comment has a semicolon; and 'quotes'
                CREATE TYPE order_state_%1$d AS ENUM ('new', 'paid', 'shipped', 'cancelled');

                CREATE TABLE customer_%1$d (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name text NOT NULL,
                    email text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL DEFAULT now()
                );

                CREATE TABLE order_%1$d (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES customer_%1$d (id) ON DELETE CASCADE,
                    state order_state_%1$d NOT NULL DEFAULT 'new',
                    total numeric(12, 2) NOT NULL DEFAULT 0 CHECK (total >= 0),
                    note text,
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX order_%1$d_customer_idx ON order_%1$d (customer_id, state);
                """.formatted(m);
        String down = """
                DROP TABLE order_%1$d;
                DROP TABLE customer_%1$d;
                DROP TYPE order_state_%1$d;
                """.formatted(m);
        return new Generate.Script(v, "create_orders_" + m, up, down);
    }

    private static Generate.Script plpgsqlFunction(int v, int m) {
        String up = """
                CREATE OR REPLACE FUNCTION order_total_%1$d(p_customer bigint) RETURNS numeric
                LANGUAGE plpgsql STABLE AS $$
                DECLARE
                    result numeric := 0;
                BEGIN
                    SELECT coalesce(sum(total), 0) INTO result
                      FROM order_%1$d
                     WHERE customer_id = p_customer AND state <> 'cancelled';
                    IF result < 0 THEN
                        RAISE EXCEPTION 'negative total for customer %%; check order_%1$d', p_customer;
                    END IF;
                    RETURN result;
                END;
                $$;
                """.formatted(m);
        String down = "DROP FUNCTION order_total_%1$d(bigint);\n".formatted(m);
        return new Generate.Script(v, "order_total_function_" + m, up, down);
    }

    private static Generate.Script touchTrigger(int v, int m) {
        String up = """
                CREATE FUNCTION touch_updated_at_%1$d() RETURNS trigger
                LANGUAGE plpgsql AS $fn$
                BEGIN
                    NEW.updated_at := now(); -- keep the clock honest; even on no-op updates
                    RETURN NEW;
                END;
                $fn$;

                CREATE TRIGGER order_touch_%1$d
                    BEFORE UPDATE ON order_%1$d
                    FOR EACH ROW EXECUTE FUNCTION touch_updated_at_%1$d();
                """.formatted(m);
        String down = """
                DROP TRIGGER order_touch_%1$d ON order_%1$d;
                DROP FUNCTION touch_updated_at_%1$d();
                """.formatted(m);
        return new Generate.Script(v, "touch_trigger_" + m, up, down);
    }

    private static Generate.Script auditTrigger(int v, int m) {
        String up = """
                CREATE TABLE audit_%1$d (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    table_name text NOT NULL,
                    action text NOT NULL,
                    row_data jsonb,
                    at timestamptz NOT NULL DEFAULT now()
                );

                CREATE FUNCTION audit_order_%1$d() RETURNS trigger
                LANGUAGE plpgsql AS $audit$
                DECLARE
                    payload jsonb;
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        payload := to_jsonb(OLD);
                    ELSE
                        payload := to_jsonb(NEW);
                    END IF;
                    INSERT INTO audit_%1$d (table_name, action, row_data) VALUES (TG_TABLE_NAME, TG_OP, payload);
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                END;
                $audit$;

                CREATE TRIGGER order_audit_%1$d
                    AFTER INSERT OR UPDATE OR DELETE ON order_%1$d
                    FOR EACH ROW EXECUTE FUNCTION audit_order_%1$d();
                """.formatted(m);
        String down = """
                DROP TRIGGER order_audit_%1$d ON order_%1$d;
                DROP FUNCTION audit_order_%1$d();
                DROP TABLE audit_%1$d;
                """.formatted(m);
        return new Generate.Script(v, "audit_trigger_" + m, up, down);
    }

    private static Generate.Script seed(int v, int m) {
        String up = """
                DO $$
                DECLARE
                    i int;
                BEGIN
                    FOR i IN 1..25 LOOP
                        INSERT INTO customer_%1$d (name, email)
                        VALUES (format('Customer %%s; module %1$d', i), format('c%%s.m%1$d@example.test', i));
                    END LOOP;
                END
                $$;

                INSERT INTO order_%1$d (customer_id, total, note)
                SELECT id, id * 1.5, 'it''s a seed row; not a real order'
                  FROM customer_%1$d;

                UPDATE order_%1$d SET state = 'paid' WHERE id %% 2 = 0;
                """.formatted(m);
        String down = """
                DELETE FROM order_%1$d;
                DELETE FROM customer_%1$d;
                """.formatted(m);
        return new Generate.Script(v, "seed_customers_" + m, up, down);
    }

    private static Generate.Script view(int v, int m) {
        String up = """
                CREATE VIEW customer_totals_%1$d AS
                SELECT c.id, c.name, order_total_%1$d(c.id) AS total
                  FROM customer_%1$d c;

                COMMENT ON VIEW customer_totals_%1$d IS 'Totals per customer; computed by order_total_%1$d()';
                """.formatted(m);
        String down = "DROP VIEW customer_totals_%1$d;\n".formatted(m);
        return new Generate.Script(v, "customer_totals_view_" + m, up, down);
    }

    private static Generate.Script addColumn(int v, int m) {
        String up = """
                ALTER TABLE customer_%1$d ADD COLUMN tier text;

                UPDATE customer_%1$d
                   SET tier = CASE WHEN id %% 3 = 0 THEN 'gold' ELSE 'basic' END;

                ALTER TABLE customer_%1$d
                    ALTER COLUMN tier SET NOT NULL,
                    ADD CONSTRAINT customer_%1$d_tier_chk CHECK (tier IN ('basic', 'gold'));

                /* partial index; only gold customers are looked up by tier */
                CREATE INDEX customer_%1$d_gold_idx ON customer_%1$d (id) WHERE tier = 'gold';
                """.formatted(m);
        String down = """
                DROP INDEX customer_%1$d_gold_idx;
                ALTER TABLE customer_%1$d DROP CONSTRAINT customer_%1$d_tier_chk, DROP COLUMN tier;
                """.formatted(m);
        return new Generate.Script(v, "customer_tier_" + m, up, down);
    }

    private static Generate.Script sqlFunctionAndProcedure(int v, int m) {
        String up = """
                CREATE FUNCTION label_%1$d(p text) RETURNS text
                LANGUAGE sql IMMUTABLE
                AS $body$ SELECT 'label: ' || p || ' costs $$5; or so' $body$;

                CREATE PROCEDURE archive_cancelled_%1$d()
                LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM order_%1$d WHERE state = 'cancelled';
                    RAISE NOTICE 'archived; module %1$d';
                END
                $$;

                SELECT label_%1$d(E'line one\\nline two; still one string');
                """.formatted(m);
        String down = """
                DROP PROCEDURE archive_cancelled_%1$d();
                DROP FUNCTION label_%1$d(text);
                """.formatted(m);
        return new Generate.Script(v, "labels_and_archive_" + m, up, down);
    }
}
