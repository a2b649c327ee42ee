package se.nara.server.store;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for the append-only access log. There is deliberately no update or delete here. */
public final class AuditStore {

  /** Appends rows in one batch. */
  public void append(Handle h, List<AuditRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO audit_log (id, received_at, occurred_at_device, staff_id, patient_id,"
                + " team_id, device_id, action, resource_type, resource_id, outcome, detail)"
                + " VALUES (:id, :receivedAt, :occurredAtDevice, :staffId, :patientId, :teamId,"
                + " :deviceId, :action, :resourceType, :resourceId, :outcome, :detail)");
    for (AuditRow row : rows) {
      batch.bindMethods(row).add();
    }
    batch.execute();
  }

  /** The log entries about one patient, newest first. */
  public List<AuditRow> forPatient(Handle h, String patientId) {
    return h.createQuery(
            "SELECT id, received_at, occurred_at_device, staff_id, patient_id, team_id, device_id,"
                + " action, resource_type, resource_id, outcome, detail FROM audit_log"
                + " WHERE patient_id = :p ORDER BY received_at DESC, id")
        .bind("p", patientId)
        .map(
            (rs, ctx) ->
                new AuditRow(
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
                    rs.getString("detail")))
        .list();
  }

  /** Number of log entries. */
  public long count(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one();
  }
}
