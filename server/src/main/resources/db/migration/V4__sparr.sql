-- Spärr: a patient's block of their data toward a team. The most restrictive setting wins:
-- a spärr removes the patient from the team's scope even while a care relationship is active.
CREATE TABLE sparrar (
    patient_id VARCHAR(36) NOT NULL,
    team_id    VARCHAR(36) NOT NULL,
    created_at BIGINT      NOT NULL,
    PRIMARY KEY (patient_id, team_id)
);
CREATE INDEX care_relationships_ended ON care_relationships (team_id, ended_at);
