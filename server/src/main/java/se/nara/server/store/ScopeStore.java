package se.nara.server.store;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * SQL for the care scope: which teams may see which patients. A team sees a patient while it
 * has an active care relationship to the patient and no spärr blocks it.
 */
public final class ScopeStore {
  /** The active, unblocked relationships: the one definition of scope used everywhere. */
  static final String VISIBLE =
      "SELECT cr.patient_id FROM care_relationships cr WHERE cr.team_id IN (<teams>) AND cr.ended_at IS NULL"
          + " AND NOT EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id)";

  /** The caller's teams' active, unblocked relationships to the patient of record row {@code r}. */
  private static final String ROW_RELATIONSHIPS =
      "FROM care_relationships cr WHERE cr.patient_id = r.patient_id AND cr.team_id IN (<teams>)"
          + " AND cr.ended_at IS NULL AND NOT EXISTS (SELECT 1 FROM sparrar s"
          + " WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id)";

  /**
   * The same scope as a condition on a record row {@code r}: correlated, so a pull page walks the
   * records' sequence index from the cursor and stops at the page size instead of reading the
   * whole team first (measured in docs/benchmarks.md).
   */
  static final String VISIBLE_ROW = "EXISTS (SELECT 1 " + ROW_RELATIONSHIPS + ")";

  /**
   * For a record row {@code r} that {@link #VISIBLE_ROW} lets through: the team whose care
   * relationship lets the caller see it (the first, if several do), for the access log.
   */
  static final String CARE_TEAM_OF_ROW = "(SELECT MIN(cr.team_id) " + ROW_RELATIONSHIPS + ")";

  /**
   * Patients whose care relationship with team {@code :team} has ended (the team no longer cares
   * for them, whoever does now) and whom no spärr blocks toward that team: the team's own visits
   * of them may still be followed up by its team leader (docs/security.md).
   */
  static final String FORMER_OF_TEAM =
      "SELECT cr.patient_id FROM care_relationships cr WHERE cr.team_id = :team AND cr.ended_at IS NOT NULL"
          + " AND NOT EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id)";

  /**
   * Whether the team's care relationship with the patient has ended (it does not care for the
   * patient now) and no spärr blocks the patient toward it: see {@link #FORMER_OF_TEAM}.
   */
  public boolean formerUnblocked(Handle h, String patientId, String teamId) {
    if (patientId == null || teamId == null) {
      return false;
    }
    return h.createQuery("SELECT COUNT(*) FROM (" + FORMER_OF_TEAM + ") f WHERE f.patient_id = :p")
            .bind("team", teamId)
            .bind("p", patientId)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /** Starts (or restarts) a care relationship between a team and a patient. */
  public void startRelationship(Handle h, String patientId, String teamId, long now) {
    int updated =
        h.createUpdate(
                "UPDATE care_relationships SET started_at = :now, ended_at = NULL WHERE patient_id = :p AND team_id = :t")
            .bind("p", patientId)
            .bind("t", teamId)
            .bind("now", now)
            .execute();
    if (updated == 0) {
      h.createUpdate("INSERT INTO care_relationships (patient_id, team_id, started_at) VALUES (:p, :t, :now)")
          .bind("p", patientId)
          .bind("t", teamId)
          .bind("now", now)
          .execute();
    }
  }

  /** Ends an active care relationship; returns whether there was one. */
  public boolean endRelationship(Handle h, String patientId, String teamId, long now) {
    return h.createUpdate(
                "UPDATE care_relationships SET ended_at = :now WHERE patient_id = :p AND team_id = :t AND ended_at IS NULL")
            .bind("p", patientId)
            .bind("t", teamId)
            .bind("now", now)
            .execute()
        > 0;
  }

  /** Records a spärr of the patient's data toward a team. */
  public void addSparr(Handle h, String patientId, String teamId, long now) {
    h.createUpdate("DELETE FROM sparrar WHERE patient_id = :p AND team_id = :t").bind("p", patientId).bind("t", teamId).execute();
    h.createUpdate("INSERT INTO sparrar (patient_id, team_id, created_at) VALUES (:p, :t, :now)")
        .bind("p", patientId)
        .bind("t", teamId)
        .bind("now", now)
        .execute();
  }

  /** Whether the patient has a spärr toward any of {@code teamIds}. */
  public boolean blockedFor(Handle h, String patientId, Collection<String> teamIds) {
    if (teamIds.isEmpty()) {
      return false;
    }
    return h.createQuery("SELECT COUNT(*) FROM sparrar WHERE patient_id = :p AND team_id IN (<teams>)")
            .bind("p", patientId)
            .bindList("teams", List.copyOf(teamIds))
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** Whether any of {@code teamIds} may see the patient now. */
  public boolean inScope(Handle h, String patientId, Collection<String> teamIds) {
    if (teamIds.isEmpty()) {
      return false;
    }
    return h.createQuery("SELECT COUNT(*) FROM (" + VISIBLE + ") v WHERE v.patient_id = :p")
            .bind("p", patientId)
            .bindList("teams", List.copyOf(teamIds))
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * Which of {@code patientIds} any of {@code teamIds} may see now: {@link #inScope} for a whole
   * push batch in one query.
   */
  public java.util.Set<String> visibleAmong(Handle h, Collection<String> patientIds, Collection<String> teamIds) {
    java.util.Set<String> visible = new java.util.HashSet<>();
    if (patientIds.isEmpty() || teamIds.isEmpty()) {
      return visible;
    }
    h.createQuery(VISIBLE + " AND cr.patient_id IN (<patients>)")
        .bindList("teams", List.copyOf(teamIds))
        .bindList("patients", List.copyOf(patientIds))
        .mapTo(String.class)
        .forEach(visible::add);
    return visible;
  }

  /**
   * Whether one of {@code teamIds} had the patient in its care and lost it (the relationship
   * ended or a spärr now blocks it): writes from such a caller are quarantined, not dropped.
   */
  public boolean lostAccess(Handle h, String patientId, Collection<String> teamIds) {
    if (teamIds.isEmpty()) {
      return false;
    }
    return h.createQuery(
                "SELECT COUNT(*) FROM care_relationships cr WHERE cr.patient_id = :p AND cr.team_id IN (<teams>)"
                    + " AND (cr.ended_at IS NOT NULL OR EXISTS (SELECT 1 FROM sparrar s"
                    + " WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id))")
            .bind("p", patientId)
            .bindList("teams", List.copyOf(teamIds))
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * Patients devices of {@code teamIds} must purge: those the teams lost (ended relationship or
   * spärr) since {@code sinceMillis} and do not see through another of the teams.
   */
  public List<String> lostSince(Handle h, Collection<String> teamIds, long sinceMillis) {
    if (teamIds.isEmpty()) {
      return List.of();
    }
    // Two index range scans (recent endings, recent spärrar) instead of testing every patient the
    // teams have ever cared for: this runs on every caught-up pull, so it must not grow with them.
    return h.createQuery(
            "SELECT DISTINCT r.patient_id FROM ("
                + " SELECT cr.patient_id FROM care_relationships cr"
                + "   WHERE cr.team_id IN (<teams>) AND cr.ended_at >= :since"
                + " UNION"
                + " SELECT s.patient_id FROM sparrar s"
                + "   JOIN care_relationships cr ON cr.patient_id = s.patient_id AND cr.team_id = s.team_id"
                + "   WHERE s.team_id IN (<teams>) AND s.created_at >= :since"
                + ") r WHERE NOT " + VISIBLE_ROW + " ORDER BY r.patient_id")
        .bind("since", sinceMillis)
        .bindList("teams", List.copyOf(teamIds))
        .mapTo(String.class)
        .list();
  }

  /**
   * Which of a patient's relationships the audit log names: one that allows access now (active,
   * no spärr), the same one {@link #CARE_TEAM_OF_ROW} names for a pulled row; failing that an
   * active one, then an ended one (a write set aside because access was lost still names a team).
   */
  private static final String CARE_TEAM_ORDER =
      "cr.ended_at IS NOT NULL,"
          + " EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id),"
          + " cr.team_id";

  /** The first of {@code teamIds} that cares for the patient, for the audit log; or null. */
  public String careTeam(Handle h, String patientId, Collection<String> teamIds) {
    if (teamIds.isEmpty()) {
      return null;
    }
    return h.createQuery(
            "SELECT cr.team_id FROM care_relationships cr WHERE cr.patient_id = :p AND cr.team_id IN (<teams>)"
                + " ORDER BY " + CARE_TEAM_ORDER)
        .bind("p", patientId)
        .bindList("teams", List.copyOf(teamIds))
        .mapTo(String.class)
        .findFirst()
        .orElse(null);
  }

  /**
   * {@link #careTeam} for many patients in one query (a pull page names dozens): patient to team,
   * null where none of {@code teamIds} has a relationship.
   */
  public java.util.Map<String, String> careTeams(Handle h, Collection<String> patientIds, Collection<String> teamIds) {
    java.util.Map<String, String> teams = new java.util.LinkedHashMap<>();
    patientIds.forEach(p -> teams.put(p, null));
    if (patientIds.isEmpty() || teamIds.isEmpty()) {
      return teams;
    }
    h.createQuery(
            "SELECT cr.patient_id, cr.team_id FROM care_relationships cr WHERE cr.patient_id IN (<patients>)"
                + " AND cr.team_id IN (<teams>) ORDER BY cr.patient_id, " + CARE_TEAM_ORDER)
        .bindList("patients", List.copyOf(patientIds))
        .bindList("teams", List.copyOf(teamIds))
        .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> {
          if (teams.get(e.getKey()) == null) {
            teams.put(e.getKey(), e.getValue());
          }
        });
    return teams;
  }

  /** The patients a team may see now. */
  public List<String> patientsOf(Handle h, String teamId) {
    return h.createQuery(VISIBLE + " ORDER BY cr.patient_id")
        .bindList("teams", List.of(teamId))
        .mapTo(String.class)
        .list();
  }

  /**
   * Patients no team cares for any more (no active care relationship that a spärr leaves open:
   * discharged from all home care, died, or only still with a team the patient's spärr blocks)
   * that one of {@code teamIds} cared for, with those teams. A team the patient's spärr blocks is
   * left out: the spärr still hides the patient from it.
   */
  private static final String UNCARED_FORMER =
      "SELECT cr.patient_id, cr.team_id FROM care_relationships cr WHERE cr.team_id IN (<teams>)"
          + " AND cr.ended_at IS NOT NULL"
          + " AND NOT EXISTS (SELECT 1 FROM care_relationships a WHERE a.patient_id = cr.patient_id AND a.ended_at IS NULL"
          + "   AND NOT EXISTS (SELECT 1 FROM sparrar sa WHERE sa.patient_id = a.patient_id AND sa.team_id = a.team_id))"
          + " AND NOT EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id)";

  /** One care relationship of a patient: with which team, whether active, whether a spärr blocks it. */
  public record Relationship(String teamId, boolean active, boolean blocked) {}

  /**
   * Every care relationship of each of {@code patientIds} (active or ended), with whether the
   * patient's spärr blocks it: what the follow-up rule (rules/FollowUpScope) decides from.
   */
  public java.util.Map<String, List<Relationship>> relationshipsOf(Handle h, Collection<String> patientIds) {
    java.util.Map<String, List<Relationship>> out = new java.util.HashMap<>();
    patientIds.forEach(p -> out.put(p, new java.util.ArrayList<>()));
    if (patientIds.isEmpty()) {
      return out;
    }
    for (List<String> chunk : chunks(List.copyOf(patientIds))) {
      h.createQuery(
              "SELECT cr.patient_id, cr.team_id, CASE WHEN cr.ended_at IS NULL THEN 1 ELSE 0 END,"
                  + " CASE WHEN EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id)"
                  + " THEN 1 ELSE 0 END FROM care_relationships cr WHERE cr.patient_id IN (<patients>)"
                  + " ORDER BY cr.patient_id, cr.team_id")
          .bindList("patients", chunk)
          .map((rs, ctx) -> java.util.Map.entry(rs.getString(1),
              new Relationship(rs.getString(2), rs.getInt(3) == 1, rs.getInt(4) == 1)))
          .forEach(e -> out.get(e.getKey()).add(e.getValue()));
    }
    return out;
  }

  /** Bound parameter lists of at most 500, well under every database's limit. */
  private static List<List<String>> chunks(List<String> ids) {
    List<List<String>> out = new java.util.ArrayList<>();
    for (int i = 0; i < ids.size(); i += 500) {
      out.add(ids.subList(i, Math.min(ids.size(), i + 500)));
    }
    return out;
  }

  /** The teams each of {@code staffIds} belongs to now. */
  public java.util.Map<String, List<String>> memberTeamsOf(Handle h, Collection<String> staffIds) {
    java.util.Map<String, List<String>> out = new java.util.HashMap<>();
    staffIds.forEach(s -> out.put(s, new java.util.ArrayList<>()));
    for (List<String> chunk : chunks(List.copyOf(staffIds))) {
      h.createQuery("SELECT staff_id, team_id FROM team_members WHERE staff_id IN (<staff>) ORDER BY staff_id, team_id")
          .bindList("staff", chunk)
          .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
          .forEach(e -> out.get(e.getKey()).add(e.getValue()));
    }
    return out;
  }

  /** The team recorded with each of {@code conflictIds} (V12), for those that have one. */
  public java.util.Map<String, String> conflictTeams(Handle h, Collection<String> conflictIds) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (List<String> chunk : chunks(List.copyOf(conflictIds))) {
      h.createQuery("SELECT conflict_id, team_id FROM conflict_teams WHERE conflict_id IN (<ids>)")
          .bindList("ids", chunk)
          .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** {@link #UNCARED_FORMER} for all of the teams' former patients: patient to teams. */
  public java.util.Map<String, java.util.Set<String>> uncaredFormerPatients(Handle h, Collection<String> teamIds) {
    java.util.Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
    if (teamIds.isEmpty()) {
      return out;
    }
    h.createQuery(UNCARED_FORMER)
        .bindList("teams", List.copyOf(teamIds))
        .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.TreeSet<>()).add(e.getValue()));
    return out;
  }

  /** Records the team a conflict record's writer wrote under. */
  public void recordConflictTeam(Handle h, String conflictId, String teamId) {
    h.createUpdate("INSERT INTO conflict_teams (conflict_id, team_id) VALUES (:c, :t)")
        .bind("c", conflictId)
        .bind("t", teamId)
        .execute();
  }

  /** The team a conflict record's writer wrote under, or null where none was recorded (older records). */
  public String conflictTeam(Handle h, String conflictId) {
    return h.createQuery("SELECT team_id FROM conflict_teams WHERE conflict_id = :c")
        .bind("c", conflictId)
        .mapTo(String.class)
        .findFirst()
        .orElse(null);
  }

  /** The teams a staff member belongs to now. */
  public List<String> memberTeams(Handle h, String staffId) {
    if (staffId == null) {
      return List.of();
    }
    return h.createQuery("SELECT team_id FROM team_members WHERE staff_id = :s ORDER BY team_id")
        .bind("s", staffId)
        .mapTo(String.class)
        .list();
  }
}
