package se.nara.server.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  private static final String CURRENT = "SELECT team_id, patient_id FROM open_visit_reviews WHERE visit_id = ?";
  private static final String DELETE = "DELETE FROM open_visit_reviews WHERE visit_id = ?";
  private static final String INSERT = "INSERT INTO open_visit_reviews (visit_id, team_id, patient_id) VALUES (?, ?, ?)";

  /**
   * Keeps the row of one visit in step with what is being stored for it. Most visit writes of a
   * push (a new visit, a completed one) leave an open visit open for the same team: the row is
   * then read and left alone rather than deleted and written again, since a push's cost is the
   * pages it dirties (docs/benchmarks.md). A new record has no row yet, so nothing is read.
   */
  static void write(Handle h, StoredRecord visit, boolean isNew) {
    String team = open(visit.tombstone(), visit.patientId(), visit.data());
    try {
      if (!isNew) {
        PreparedStatement current = Prepared.statement(h, CURRENT);
        current.setString(1, visit.id());
        String[] row = null;
        try (ResultSet rs = current.executeQuery()) {
          if (rs.next()) {
            row = new String[] {rs.getString(1), rs.getString(2)};
          }
        }
        if (row != null && team != null && row[0].equals(team) && row[1].equals(visit.patientId())) {
          return;
        }
        if (row != null) {
          PreparedStatement delete = Prepared.statement(h, DELETE);
          delete.setString(1, visit.id());
          delete.executeUpdate();
        }
      }
      if (team != null) {
        PreparedStatement insert = Prepared.statement(h, INSERT);
        insert.setString(1, visit.id());
        insert.setString(2, team);
        insert.setString(3, visit.patientId());
        insert.executeUpdate();
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot keep the open review of visit " + visit.id(), e);
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
