-- What a logged mutation was (its record, operation and device time, hashed): a number sent again
-- with other content is a reused number (a tablet database put back from an older copy), not a
-- replay, and must not be answered with the earlier change's answer. Null for rows logged before.
ALTER TABLE mutation_log ADD COLUMN fingerprint BIGINT;
