package se.nara.server.store;

import com.google.gson.JsonParser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * SQL for the team leader's page: a team's records by type, the team's devices, and names for
 * ids. Only reads, plus signing out a page session.
 */
public final class TeamLeadStore {
  private static final String COLUMNS =
      "r.id, r.entity_type, r.patient_id, r.version, r.seq, r.tombstone, r.data, r.created_at,"
          + " r.updated_at, r.updated_by, r.device_id";

  private static final RowMapper<StoredRecord> RECORD = TeamLeadStore::record;

  /**
   * A device of a team member with what it last reported.
   *
   * @param staffName the name of the staff member who last signed in on it
   */
  public record TeamDevice(Device device, String staffName) {}

  /**
   * The current records of the given types that belong to patients in the team's active care and
   * not blocked from it by a spärr (the same scope a pull has), in commit order. Retracted
   * (entered-in-error) records are included; callers decide.
   */
  public List<StoredRecord> recordsOfTeam(Handle h, String teamId, List<String> entityTypes) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM records r WHERE r.entity_type IN (<types>)"
                + " AND r.patient_id IN (SELECT cr.patient_id FROM care_relationships cr"
                + "   WHERE cr.team_id = :team AND cr.ended_at IS NULL"
                + "   AND NOT EXISTS (SELECT 1 FROM sparrar s WHERE s.patient_id = cr.patient_id AND s.team_id = cr.team_id))"
                + " ORDER BY r.seq")
        .bindList("types", entityTypes)
        .bind("team", teamId)
        .map(RECORD)
        .list();
  }

  /**
   * The team's own visits (naming the team) that still need its leader's review, of patients the
   * team no longer cares for and whom no spärr blocks toward it ({@link ScopeStore#FORMER_OF_TEAM}),
   * in commit order: read through {@code open_visit_reviews}, so the cost follows what waits, not
   * every visit the team ever made (docs/benchmarks.md, "Follow-up visits").
   */
  public List<StoredRecord> openVisitsOfFormerPatients(Handle h, String teamId) {
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM records r WHERE r.id IN (" + OpenVisitReviews.OF_FORMER_PATIENTS + ") ORDER BY r.seq")
        .bind("team", teamId)
        .map(RECORD)
        .list();
  }

  /** How many visits {@link #openVisitsOfFormerPatients} would return, without reading them. */
  public int countOpenVisitsOfFormerPatients(Handle h, String teamId) {
    return h.createQuery("SELECT COUNT(*) FROM (" + OpenVisitReviews.OF_FORMER_PATIENTS + ") f")
        .bind("team", teamId)
        .mapTo(Integer.class)
        .one();
  }

  /**
   * How many of the team's own visits wait for its leader's review but are hidden from the team by
   * the patient's spärr (whether or not the team's relationship has ended).
   */
  public int countOpenVisitsHiddenBySparr(Handle h, String teamId) {
    return OpenVisitReviews.blockedOfTeams(h, List.of(teamId)).size();
  }

  /** The current records of the given types of exactly these patients, in commit order. */
  public List<StoredRecord> recordsOfPatients(Handle h, java.util.Collection<String> patientIds, List<String> entityTypes) {
    if (patientIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            "SELECT " + COLUMNS + " FROM records r WHERE r.entity_type IN (<types>) AND r.patient_id IN (<patients>)"
                + " ORDER BY r.seq")
        .bindList("types", entityTypes)
        .bindList("patients", List.copyOf(patientIds))
        .map(RECORD)
        .list();
  }

  /** The record with this id, whatever its type. */
  public java.util.Optional<StoredRecord> find(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM records r WHERE r.id = :id").bind("id", id).map(RECORD).findOne();
  }

  /** The directory records (teams, staff) of one type, by id. */
  public Map<String, StoredRecord> directory(Handle h, String entityType) {
    Map<String, StoredRecord> byId = new LinkedHashMap<>();
    h.createQuery("SELECT " + COLUMNS + " FROM records r WHERE r.entity_type = :type AND r.patient_id IS NULL ORDER BY r.seq")
        .bind("type", entityType)
        .map(RECORD)
        .forEach(r -> byId.put(r.id(), r));
    return byId;
  }

  /** The names of all staff accounts, by staff id. */
  public Map<String, String> staffNames(Handle h) {
    Map<String, String> names = new LinkedHashMap<>();
    h.createQuery("SELECT staff_id, name FROM staff_accounts")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> names.put(e.getKey(), e.getValue()));
    return names;
  }

  /** The labels of all devices, by device id (null where a device has no name). */
  public Map<String, String> deviceNames(Handle h) {
    Map<String, String> names = new LinkedHashMap<>();
    h.createQuery("SELECT device_id, name FROM devices")
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
        .forEach(row -> names.put(row[0], row[1]));
    return names;
  }

  /** The devices last signed in to by members of the team, newest activity first. */
  public List<TeamDevice> devicesOfTeam(Handle h, String teamId) {
    return h.createQuery(
            "SELECT d.device_id, d.staff_id, d.name, d.registered_at, d.last_seen_at, d.last_sync_at,"
                + " d.last_mutation_id, d.outbox_depth, d.oldest_pending_at, d.revoked_at, a.name AS staff_name"
                + " FROM devices d JOIN staff_accounts a ON a.staff_id = d.staff_id"
                + " WHERE d.staff_id IN (SELECT m.staff_id FROM team_members m WHERE m.team_id = :team)"
                + " ORDER BY COALESCE(d.last_seen_at, d.registered_at) DESC, d.device_id")
        .bind("team", teamId)
        .map(
            (rs, ctx) ->
                new TeamDevice(DeviceStore.MAPPER.map(rs, ctx), rs.getString("staff_name")))
        .list();
  }

  /**
   * The reason recorded with the latest team-leader review of each of the given records (the
   * comment given with "kräver åtgärd" or an approval), by record id.
   */
  public Map<String, String> latestReviewReasons(Handle h, List<String> recordIds) {
    Map<String, String> reasons = new LinkedHashMap<>();
    if (recordIds.isEmpty()) {
      return reasons;
    }
    h.createQuery(
            "SELECT record_id, reason FROM record_history WHERE op = 'REVIEW' AND record_id IN (<ids>)"
                + " ORDER BY version")
        .bindList("ids", recordIds)
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
        .forEach(row -> reasons.put(row[0], row[1]));
    return reasons;
  }

  private static StoredRecord record(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    return new StoredRecord(
        rs.getString("id"),
        rs.getString("entity_type"),
        rs.getString("patient_id"),
        rs.getLong("version"),
        rs.getLong("seq"),
        rs.getBoolean("tombstone"),
        JsonParser.parseString(rs.getString("data")).getAsJsonObject(),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        rs.getString("updated_by"),
        rs.getString("device_id"));
  }
}
