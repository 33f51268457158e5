CREATE TRIGGER orders_before_insert BEFORE INSERT ON orders
FOR EACH ROW
BEGIN
  IF NEW.total < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'order total cannot be negative; got a refund?';
  ELSEIF NEW.total = 0 THEN
    SET NEW.status = 'draft';
  ELSEIF NEW.total >= 1000 THEN
    SET NEW.status = 'review';
  ELSE
    SET NEW.status = IF(NEW.status = '', 'new', NEW.status);
  END IF;
END;

CREATE TRIGGER orders_after_update AFTER UPDATE ON orders
FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status) THEN
    INSERT INTO order_audit (order_id, `change`)
    VALUES (NEW.id, CONCAT('status: ', OLD.status, ' -> ', NEW.status));
  END IF;
  IF OLD.total <> NEW.total THEN
    INSERT INTO order_audit (order_id, `change`)
    VALUES (NEW.id, CASE WHEN NEW.total > OLD.total THEN 'total up' ELSE 'total down' END);
  END IF;
END;

-- One statement and no BEGIN: it ends at its semicolon.
CREATE TRIGGER customers_normalise BEFORE INSERT ON customers FOR EACH ROW SET NEW.email = LOWER(TRIM(NEW.email));
