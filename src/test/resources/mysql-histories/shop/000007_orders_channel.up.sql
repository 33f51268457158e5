-- Idempotent: a procedure that adds the column only where it is missing, called once and dropped.
CREATE PROCEDURE add_orders_channel_if_missing()
BEGIN
	IF(SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'channel') = 0 THEN
		ALTER TABLE orders ADD COLUMN channel VARCHAR(20) NOT NULL DEFAULT 'web';
	END IF;
END;
	CALL add_orders_channel_if_missing();
	DROP PROCEDURE IF EXISTS add_orders_channel_if_missing;
