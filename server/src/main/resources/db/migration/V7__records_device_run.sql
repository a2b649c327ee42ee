-- The first version of the unbroken run of versions that the record's last writing device made
-- (every version from it up to the current one came from records.device_id). A device's change
-- made on a base inside that run has been overtaken only by its own changes, so conflict
-- detection needs no walk through the record's history. NULL: not known (rows written before
-- this column existed, or by hand); the history is then read as before.
ALTER TABLE records ADD COLUMN device_run_from BIGINT;
