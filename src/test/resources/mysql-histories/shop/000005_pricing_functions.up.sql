CREATE FUNCTION discount_rate(tier VARCHAR(10)) RETURNS DECIMAL(4,2) DETERMINISTIC
RETURN IF(tier = 'gold', 0.10, 0.00);

CREATE FUNCTION active_promotions(on_day DATE) RETURNS INT
READS SQL DATA
BEGIN
  DECLARE n INT;
  SELECT COUNT(*) INTO n FROM promotions WHERE start <= on_day AND end >= on_day;
  RETURN n;
END;

CREATE FUNCTION order_label(wanted BIGINT UNSIGNED) RETURNS VARCHAR(60) CHARSET utf8mb4
READS SQL DATA
BEGIN
  DECLARE s VARCHAR(20) DEFAULT 'unknown';
  DECLARE t DECIMAL(12,2) DEFAULT 0;
  DECLARE stars INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET s = 'unknown';
  SELECT status, total INTO s, t FROM orders WHERE id = wanted;
  CASE s
    WHEN 'unknown' THEN RETURN 'unknown order';
    WHEN 'draft' THEN RETURN CONCAT('draft #', wanted);
    ELSE
      WHILE t >= 100 AND stars < 5 DO
        SET stars = stars + 1, t = t - 100;
      END WHILE;
  END CASE;
  RETURN TRIM(CONCAT(UPPER(LEFT(s, 1)), SUBSTRING(s, 2), ' ', REPEAT('*', stars)));
END;

CREATE FUNCTION next_business_day(d DATE) RETURNS DATE DETERMINISTIC
BEGIN
  DECLARE candidate DATE DEFAULT d;
  REPEAT
    SET candidate = candidate + INTERVAL 1 DAY;
  UNTIL DAYOFWEEK(candidate) NOT IN (1, 7) END REPEAT;
  RETURN candidate;
END;
