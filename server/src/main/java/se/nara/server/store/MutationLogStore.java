package se.nara.server.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.MutationStatus;

/** SQL for the exactly-once record of received mutations and their answers. */
public final class MutationLogStore {

  /** Records the answer given to a device's mutation. */
  public void insert(Handle h, String deviceId, String staffId, MutationResult r, long now) {
    h.createUpdate(
            "INSERT INTO mutation_log (device_id, mutation_id, status, entity_type, entity_id,"
                + " version, code, message, conflict_ids, received_at, staff_id) VALUES (:device,"
                + " :mutation, :status, :type, :entity, :version, :code, :message, :conflicts,"
                + " :now, :staff)")
        .bind("device", deviceId)
        .bind("mutation", r.mutationId())
        .bind("status", r.status().name())
        .bind("type", r.entityType())
        .bind("entity", r.entityId())
        .bind("version", r.version())
        .bind("code", r.code())
        .bind("message", r.message())
        .bind("conflicts", r.conflictIds().isEmpty() ? null : String.join(",", r.conflictIds()))
        .bind("now", now)
        .bind("staff", staffId)
        .execute();
  }

  /** The answer given earlier to this mutation, if it was received. */
  public Optional<MutationResult> find(Handle h, String deviceId, long mutationId) {
    return h.createQuery(
            "SELECT mutation_id, status, entity_type, entity_id, version, code, message,"
                + " conflict_ids FROM mutation_log WHERE device_id = :device AND mutation_id ="
                + " :mutation")
        .bind("device", deviceId)
        .bind("mutation", mutationId)
        .map(
            (rs, ctx) -> {
              String conflicts = rs.getString("conflict_ids");
              List<String> ids =
                  conflicts == null ? Collections.emptyList() : Arrays.asList(conflicts.split(","));
              return new MutationResult(
                  rs.getLong("mutation_id"),
                  MutationStatus.valueOf(rs.getString("status")),
                  rs.getString("entity_type"),
                  rs.getString("entity_id"),
                  rs.getLong("version"),
                  rs.getString("code"),
                  rs.getString("message"),
                  ids);
            })
        .findOne();
  }

  /** How many mutations a device has had recorded (tests and fault checks). */
  public long countForDevice(Handle h, String deviceId) {
    return h.createQuery("SELECT COUNT(*) FROM mutation_log WHERE device_id = :device")
        .bind("device", deviceId)
        .mapTo(Long.class)
        .one();
  }
}
