package se.nara.server.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The visits that still need their team leader (V13 {@code open_visit_reviews}): written by
 * {@link RecordStore} with every visit it stores, read to find follow-up visits without decoding
 * every visit a team ever made. A visit waits while it is not entered in error, names a team and a
 * patient, and its review state is anything but {@code REVIEWED} (not reviewed, kräver åtgärd,
 * granskning inaktuell).
 */
public final class OpenVisitReviews {
  private OpenVisitReviews() {}

  /** The team a stored visit waits for review in, or null when it waits for nobody. */
  public static String open(boolean tombstone, String patientId, JsonObject data) {
    if (tombstone || patientId == null) {
      return null;
    }
    JsonElement team = data.get("teamId");
    if (team == null || !team.isJsonPrimitive()) {
      return null;
    }
    JsonElement state = data.get("reviewState");
    boolean reviewed = state != null && state.isJsonPrimitive() && "REVIEWED".equals(state.getAsString());
    return reviewed ? null : team.getAsString();
  }

  /** Keeps the row of one visit in step with what is being stored for it. */
  static void write(Handle h, StoredRecord visit) {
    String team = open(visit.tombstone(), visit.patientId(), visit.data());
    h.createUpdate("DELETE FROM open_visit_reviews WHERE visit_id = :id").bind("id", visit.id()).execute();
    if (team != null) {
      h.createUpdate("INSERT INTO open_visit_reviews (visit_id, team_id, patient_id) VALUES (:id, :team, :patient)")
          .bind("id", visit.id())
          .bind("team", team)
          .bind("patient", visit.patientId())
          .execute();
    }
  }

  /** The ids of the team's visits waiting for review of patients whose relationship with the team has ended and no spärr blocks. */
  static final String OF_FORMER_PATIENTS =
      "SELECT o.visit_id FROM open_visit_reviews o WHERE o.team_id = :team AND o.patient_id IN (" + ScopeStore.FORMER_OF_TEAM + ")";

  /**
   * The team's visits waiting for review of patients whose spärr blocks the team, with the
   * patient: hidden from the team, told to the MAS (docs/security.md).
   */
  public static List<String[]> blockedOfTeams(Handle h, List<String> teamIds) {
    if (teamIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            "SELECT o.visit_id, o.patient_id, o.team_id FROM open_visit_reviews o WHERE o.team_id IN (<teams>)"
                + " AND EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = o.patient_id AND s.team_id = o.team_id)"
                + " ORDER BY o.patient_id, o.visit_id")
        .bindList("teams", teamIds)
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
        .list();
  }

  /** Every waiting visit whose patient's spärr blocks its team (for administrators). */
  public static List<String[]> blocked(Handle h) {
    return h.createQuery(
            "SELECT o.visit_id, o.patient_id, o.team_id FROM open_visit_reviews o"
                + " WHERE EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = o.patient_id AND s.team_id = o.team_id)"
                + " ORDER BY o.patient_id, o.visit_id")
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
        .list();
  }
}
