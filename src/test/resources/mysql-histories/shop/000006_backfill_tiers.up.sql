-- Runs once, outside any stored program: MariaDB's anonymous compound statement.
BEGIN NOT ATOMIC
  DECLARE gold_threshold DECIMAL(12,2) DEFAULT 500;
  FOR c IN (SELECT customer_id, SUM(total) AS spent FROM orders GROUP BY customer_id) DO
    IF c.spent >= gold_threshold THEN
      UPDATE customers SET tier = 'gold' WHERE id = c.customer_id;
    END IF;
  END FOR;
END;

-- A transaction of its own: BEGIN alone is not a block.
BEGIN;
INSERT INTO promotions VALUES ('WELCOME', '2024-01-01', '2099-12-31');
INSERT INTO maintenance_log (note) VALUES ('backfilled tiers; BEGIN ... END');
COMMIT;
