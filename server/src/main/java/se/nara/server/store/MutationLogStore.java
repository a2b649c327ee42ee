package se.nara.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.MutationStatus;

/** SQL for the exactly-once record of received mutations and their answers. */
public final class MutationLogStore {

  private static final String INSERT =
      "INSERT INTO mutation_log (device_id, mutation_id, status, entity_type, entity_id, version,"
          + " code, message, conflict_ids, received_at, staff_id, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** An answer given earlier, with the fingerprint of the mutation it answered (null if unknown). */
  public record Logged(MutationResult result, Long fingerprint) {}

  /** {@code value} cut to {@code width} characters, the cut marked with a trailing ellipsis. */
  static String clip(String value, int width) {
    return value == null || value.length() <= width ? value : value.substring(0, width - 1) + "…";
  }

  /** Records the answer given to a device's mutation, and what that mutation was ({@code fingerprint}). */
  public void insert(Handle h, String deviceId, String staffId, MutationResult r, long fingerprint, long now) {
    PreparedStatement insert = Prepared.statement(h, INSERT);
    try {
      insert.setString(1, deviceId);
      insert.setLong(2, r.mutationId());
      insert.setString(3, r.status().name());
      // A refused mutation is logged with the type and id the device sent, which can be anything.
      // Kept within the columns' widths, which PostgreSQL enforces and SQLite does not.
      insert.setString(4, clip(r.entityType(), 40));
      insert.setString(5, clip(r.entityId(), 64));
      insert.setLong(6, r.version());
      insert.setString(7, r.code());
      insert.setString(8, clip(r.message(), 2000));
      insert.setString(9, r.conflictIds().isEmpty() ? null : String.join(",", r.conflictIds()));
      insert.setLong(10, now);
      insert.setString(11, staffId);
      insert.setLong(12, fingerprint);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new Prepared.StoreException("cannot log mutation " + deviceId + "#" + r.mutationId(), e);
    }
  }

  /** The answer given earlier to this mutation, if it was received. */
  public Optional<Logged> find(Handle h, String deviceId, long mutationId) {
    return h.createQuery(
            "SELECT mutation_id, status, entity_type, entity_id, version, code, message,"
                + " conflict_ids, fingerprint FROM mutation_log WHERE device_id = :device AND mutation_id ="
                + " :mutation")
        .bind("device", deviceId)
        .bind("mutation", mutationId)
        .map(
            (rs, ctx) -> {
              String conflicts = rs.getString("conflict_ids");
              List<String> ids =
                  conflicts == null ? Collections.emptyList() : Arrays.asList(conflicts.split(","));
              long read = rs.getLong("fingerprint");
              Long fingerprint = rs.wasNull() ? null : read;
              return new Logged(
                  new MutationResult(
                      rs.getLong("mutation_id"),
                      MutationStatus.valueOf(rs.getString("status")),
                      rs.getString("entity_type"),
                      rs.getString("entity_id"),
                      rs.getLong("version"),
                      rs.getString("code"),
                      rs.getString("message"),
                      ids),
                  fingerprint);
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
