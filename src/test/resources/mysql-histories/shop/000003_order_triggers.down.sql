DROP TRIGGER customers_normalise;
DROP TRIGGER orders_after_update;
DROP TRIGGER orders_before_insert;
