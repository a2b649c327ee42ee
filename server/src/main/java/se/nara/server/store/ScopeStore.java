package se.nara.server.store;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for care relationships: which teams may see which patients. */
public final class ScopeStore {

  /** Starts a care relationship between a team and a patient. */
  public void startRelationship(Handle h, String patientId, String teamId, long now) {
    h.createUpdate(
            "INSERT INTO care_relationships (patient_id, team_id, started_at) VALUES (:p, :t, :now)")
        .bind("p", patientId)
        .bind("t", teamId)
        .bind("now", now)
        .execute();
  }

  /** Whether any of {@code teamIds} has an active care relationship to the patient. */
  public boolean inScope(Handle h, String patientId, Collection<String> teamIds) {
    if (teamIds.isEmpty()) {
      return false;
    }
    return h.createQuery(
            "SELECT COUNT(*) FROM care_relationships WHERE patient_id = :p AND team_id IN (<teams>)"
                + " AND ended_at IS NULL")
        .bind("p", patientId)
        .bindList("teams", List.copyOf(teamIds))
        .mapTo(Integer.class)
        .one()
        > 0;
  }

  /** The first of {@code teamIds} that cares for the patient, for the audit log; or null. */
  public String careTeam(Handle h, String patientId, Collection<String> teamIds) {
    if (teamIds.isEmpty()) {
      return null;
    }
    return h.createQuery(
            "SELECT team_id FROM care_relationships WHERE patient_id = :p AND team_id IN (<teams>)"
                + " AND ended_at IS NULL ORDER BY team_id")
        .bind("p", patientId)
        .bindList("teams", List.copyOf(teamIds))
        .mapTo(String.class)
        .findFirst()
        .orElse(null);
  }

  /** The patients in active care of a team. */
  public List<String> patientsOf(Handle h, String teamId) {
    return h.createQuery(
            "SELECT patient_id FROM care_relationships WHERE team_id = :t AND ended_at IS NULL"
                + " ORDER BY patient_id")
        .bind("t", teamId)
        .mapTo(String.class)
        .list();
  }
}
