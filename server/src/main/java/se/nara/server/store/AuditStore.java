package se.nara.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for the append-only access log. There is deliberately no update or delete here. */
public final class AuditStore {

  private static final String APPEND =
      "INSERT INTO audit_log (id, received_at, occurred_at_device, staff_id, patient_id, team_id,"
          + " device_id, action, resource_type, resource_id, outcome, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Appends rows in the caller's transaction. */
  public void append(Handle h, List<AuditRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedStatement append = Prepared.statement(h, APPEND);
    try {
      for (AuditRow row : rows) {
        append.setString(1, row.id());
        append.setLong(2, row.receivedAt());
        append.setObject(3, row.occurredAtDevice());
        append.setString(4, row.staffId());
        append.setString(5, row.patientId());
        append.setString(6, row.teamId());
        append.setString(7, row.deviceId());
        append.setString(8, row.action());
        append.setString(9, row.resourceType());
        append.setString(10, row.resourceId());
        append.setString(11, row.outcome());
        append.setString(12, row.detail());
        append.executeUpdate();
      }
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot append to the access log", e);
    }
  }

  /** The log entries about one patient, newest first. */
  public List<AuditRow> forPatient(Handle h, String patientId) {
    return h.createQuery(
            "SELECT id, received_at, occurred_at_device, staff_id, patient_id, team_id, device_id,"
                + " action, resource_type, resource_id, outcome, detail FROM audit_log"
                + " WHERE patient_id = :p ORDER BY received_at DESC, id")
        .bind("p", patientId)
        .map(AuditStore::map)
        .list();
  }

  /**
   * Entries matching the filters (null = any), newest first; with {@code random} a random
   * sample instead (log review draws samples, HSLF-FS 2016:40).
   */
  public List<AuditRow> search(
      Handle h, String patientId, String staffId, String action, Long from, Long to, int limit, boolean random) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, received_at, occurred_at_device, staff_id, patient_id, team_id, device_id, action,"
                + " resource_type, resource_id, outcome, detail FROM audit_log WHERE 1 = 1");
    if (patientId != null) {
      sql.append(" AND patient_id = :patient");
    }
    if (staffId != null) {
      sql.append(" AND staff_id = :staff");
    }
    if (action != null) {
      sql.append(" AND action = :action");
    }
    if (from != null) {
      sql.append(" AND received_at >= :from");
    }
    if (to != null) {
      sql.append(" AND received_at < :to");
    }
    sql.append(random ? " ORDER BY RANDOM()" : " ORDER BY received_at DESC, id").append(" LIMIT :limit");
    var query = h.createQuery(sql.toString()).bind("limit", limit);
    if (patientId != null) {
      query.bind("patient", patientId);
    }
    if (staffId != null) {
      query.bind("staff", staffId);
    }
    if (action != null) {
      query.bind("action", action);
    }
    if (from != null) {
      query.bind("from", from);
    }
    if (to != null) {
      query.bind("to", to);
    }
    return query.map(AuditStore::map).list();
  }

  /** Deletes entries older than the retention period; returns how many. */
  public int deleteReceivedBefore(Handle h, long cutoff) {
    return h.createUpdate("DELETE FROM audit_log WHERE received_at < :cutoff").bind("cutoff", cutoff).execute();
  }

  private static AuditRow map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new AuditRow(
        rs.getString("id"),
        rs.getLong("received_at"),
        Columns.nullableLong(rs, "occurred_at_device"),
        rs.getString("staff_id"),
        rs.getString("patient_id"),
        rs.getString("team_id"),
        rs.getString("device_id"),
        rs.getString("action"),
        rs.getString("resource_type"),
        rs.getString("resource_id"),
        rs.getString("outcome"),
        rs.getString("detail"));
  }

  /** Number of log entries. */
  public long count(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one();
  }
}
