-- Disabled until operations turn the event scheduler on.
CREATE EVENT purge_expired_sessions
  ON SCHEDULE EVERY 1 HOUR
  ON COMPLETION PRESERVE
  DISABLE
  COMMENT 'drops expired sessions; logs how many'
  DO BEGIN
    DECLARE purged INT DEFAULT 0;
    DELETE FROM sessions WHERE expires_at < NOW();
    SET purged = ROW_COUNT();
    IF purged > 0 THEN
      INSERT INTO maintenance_log (note) VALUES (CONCAT('purged ', purged, ' session(s)'));
    END IF;
  END;

ALTER EVENT purge_expired_sessions
  ON SCHEDULE EVERY 30 MINUTE
  DO BEGIN
    DECLARE purged INT DEFAULT 0;
    DELETE FROM sessions WHERE expires_at < NOW() - INTERVAL 5 MINUTE;
    SET purged = ROW_COUNT();
    IF purged > 0 THEN
      INSERT INTO maintenance_log (note) VALUES (CONCAT('purged ', purged, ' session(s), with grace'));
    END IF;
  END;
