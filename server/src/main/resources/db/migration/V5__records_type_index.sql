-- The type index no longer carries seq. Every accepted change moves its record's seq to the end,
-- and with seq in this index each change also deleted and re-inserted an entry at a random place
-- in it (one more B-tree page written per mutation, measured in the push benchmark). Lookups by
-- type still use it; the few that order by seq sort their (small) result.
DROP INDEX records_type;
CREATE INDEX records_type ON records (entity_type);
