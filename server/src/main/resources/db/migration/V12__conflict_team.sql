-- The team a conflict record's writer wrote under: the care relationship the write was made in
-- (for a write quarantined because access was lost, the relationship that ended or is blocked).
-- When no team cares for the patient any more, that team's leader and the MAS follow the open
-- conflict up (docs/conflicts.md). Kept here, not derived later, because the writer may leave the
-- team; conflicts from before this table fall back to the writer's current team memberships.
CREATE TABLE conflict_teams (
    conflict_id VARCHAR(36) NOT NULL PRIMARY KEY,
    team_id     VARCHAR(36) NOT NULL
);
CREATE INDEX conflict_teams_team ON conflict_teams (team_id);
