-- The version a change was made on: lets anyone check afterwards that a value was only
-- overwritten by someone who had seen it, or else left a conflict record.
ALTER TABLE record_history ADD COLUMN base_version BIGINT;
