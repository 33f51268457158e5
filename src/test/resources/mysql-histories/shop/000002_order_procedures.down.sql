DROP PROCEDURE cancel_abandoned;
DROP PROCEDURE recalculate_order_totals;
