-- The device clock of each change (display and conflict records only; never used for ordering).
ALTER TABLE record_history ADD COLUMN device_time BIGINT;
