-- Totals are recomputed from the order lines; the nightly job calls this.
CREATE PROCEDURE recalculate_order_totals(IN since DATETIME, OUT updated INT)
BEGIN
  DECLARE done BOOLEAN DEFAULT FALSE;
  DECLARE current_order BIGINT UNSIGNED;
  DECLARE new_total DECIMAL(12,2);
  DECLARE pending CURSOR FOR
    SELECT id FROM orders WHERE placed_at >= since AND status <> 'cancelled' ORDER BY id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;

  SET updated = 0;
  OPEN pending;
  read_loop: LOOP
    FETCH pending INTO current_order;
    IF done THEN
      LEAVE read_loop;
    END IF;
    SELECT COALESCE(SUM(quantity * unit_price), 0) INTO new_total
      FROM order_items WHERE order_id = current_order;
    UPDATE orders SET total = new_total WHERE id = current_order AND total <> new_total;
    IF ROW_COUNT() > 0 THEN
      SET updated = updated + 1;
    END IF;
  END LOOP read_loop;
  CLOSE pending;
END;

-- Cancels empty orders older than a number of days; a lock wait becomes a log line instead of an error.
CREATE PROCEDURE cancel_abandoned(IN older_than_days INT)
BEGIN
  DECLARE cancelled INT DEFAULT 0;
  DECLARE EXIT HANDLER FOR 1205
  BEGIN
    INSERT INTO maintenance_log (note) VALUES ('cancel_abandoned: lock wait timeout; retry later');
  END;
  UPDATE orders SET status = 'cancelled'
   WHERE status IN ('new', 'draft') AND placed_at < NOW() - INTERVAL older_than_days DAY
     AND NOT EXISTS (SELECT 1 FROM order_items WHERE order_id = orders.id);
  SET cancelled = ROW_COUNT();
  INSERT INTO maintenance_log (note) VALUES (CONCAT('cancel_abandoned: ', cancelled, ' order(s)'));
END;
