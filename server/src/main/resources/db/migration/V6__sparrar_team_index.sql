-- A caught-up pull asks which patients the caller's teams lost recently (ended relationship or
-- spärr). Recent spärrar are found by team and time instead of by scanning every spärr.
CREATE INDEX sparrar_team ON sparrar (team_id, created_at);
