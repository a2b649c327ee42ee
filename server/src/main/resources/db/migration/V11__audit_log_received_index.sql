-- The log had no index on time alone: a log review of a period, or of everything, read and
-- sorted the whole log for every page (0.85 s a page at a million entries), and so did the daily
-- retention delete. The patient and staff indexes already lead with their id and then time; ties
-- within a millisecond are put in id order among themselves, a few rows at a time.
CREATE INDEX audit_log_received ON audit_log (received_at);
