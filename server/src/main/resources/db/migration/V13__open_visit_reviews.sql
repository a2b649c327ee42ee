-- The visits that still need their team leader's review (not reviewed, flagged, or the review
-- stale) and name a team: one row each, kept by RecordStore whenever a visit is written and
-- removed once it is reviewed at its current version or entered in error. Finding a team's
-- follow-up visits (its own visits of patients it no longer cares for) read every visit of every
-- former patient and decoded its JSON, which grows with the years the team has worked
-- (docs/benchmarks.md, "Follow-up visits"); this table holds only what waits. V14 fills it from
-- the visits already stored.
CREATE TABLE open_visit_reviews (
    visit_id   VARCHAR(36) NOT NULL PRIMARY KEY,
    team_id    VARCHAR(36) NOT NULL,
    patient_id VARCHAR(36) NOT NULL
);
CREATE INDEX open_visit_reviews_team ON open_visit_reviews (team_id, patient_id);
