package se.nara.server.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for registered devices and their exactly-once mutation counters. */
public final class DeviceStore {
  private static final String COLUMNS =
      "device_id, staff_id, name, registered_at, last_seen_at, last_sync_at, last_mutation_id,"
          + " outbox_depth, oldest_pending_at, revoked_at";

  /** Maps a row with the device columns (shared with the fleet view's query). */
  static final RowMapper<Device> MAPPER =
      (rs, ctx) ->
          new Device(
              rs.getString("device_id"),
              rs.getString("staff_id"),
              rs.getString("name"),
              rs.getLong("registered_at"),
              Columns.nullableLong(rs, "last_seen_at"),
              Columns.nullableLong(rs, "last_sync_at"),
              rs.getLong("last_mutation_id"),
              Columns.nullableInt(rs, "outbox_depth"),
              Columns.nullableLong(rs, "oldest_pending_at"),
              Columns.nullableLong(rs, "revoked_at"));

  /** The device with this id. */
  public Optional<Device> find(Handle h, String deviceId) {
    return h.createQuery("SELECT " + COLUMNS + " FROM devices WHERE device_id = :id")
        .bind("id", deviceId)
        .map(MAPPER)
        .findOne();
  }

  /** Registers a device at its first login, with the hash of its secret (null: none presented). */
  public void register(Handle h, String deviceId, String staffId, String name, String secretHash, long now) {
    h.createUpdate(
            "INSERT INTO devices (device_id, staff_id, name, registered_at, last_seen_at,"
                + " last_mutation_id, secret_hash) VALUES (:id, :staff, :name, :now, :now, 0, :secret)")
        .bind("id", deviceId)
        .bind("staff", staffId)
        .bind("name", name)
        .bind("secret", secretHash)
        .bind("now", now)
        .execute();
  }

  /** The SHA-256 (hex) of the device's secret, or null when it registered without one. */
  public String secretHash(Handle h, String deviceId) {
    return h.createQuery("SELECT secret_hash FROM devices WHERE device_id = :id")
        .bind("id", deviceId)
        .mapTo(String.class)
        .findOne()
        .orElse(null);
  }

  /**
   * Gives a device registered without a secret the one it now presents (the migration path of
   * devices registered before secrets existed). Never replaces a secret.
   */
  public void adoptSecret(Handle h, String deviceId, String secretHash) {
    h.createUpdate("UPDATE devices SET secret_hash = :secret WHERE device_id = :id AND secret_hash IS NULL")
        .bind("id", deviceId)
        .bind("secret", secretHash)
        .execute();
  }

  /** Records who uses a known device now (devices are shared between shifts). */
  public void recordLogin(Handle h, String deviceId, String staffId, String name, long now) {
    h.createUpdate(
            "UPDATE devices SET staff_id = :staff, name = COALESCE(:name, name), last_seen_at = :now"
                + " WHERE device_id = :id")
        .bind("id", deviceId)
        .bind("staff", staffId)
        .bind("name", name)
        .bind("now", now)
        .execute();
  }

  /** The device's exactly-once counter: the highest mutation number recorded. */
  public long lastMutationId(Handle h, String deviceId) {
    return h.createQuery("SELECT last_mutation_id FROM devices WHERE device_id = :id")
        .bind("id", deviceId)
        .mapTo(Long.class)
        .findOne()
        .orElse(0L);
  }

  /**
   * Moves the device's exactly-once counter forward to {@code lastMutationId}, never back: after a
   * restore from an older backup, the device continues after the mutations the server lost.
   */
  public void advanceMutationId(Handle h, String deviceId, long lastMutationId) {
    h.createUpdate("UPDATE devices SET last_mutation_id = :last WHERE device_id = :id AND last_mutation_id < :last")
        .bind("id", deviceId)
        .bind("last", lastMutationId)
        .execute();
  }

  /** Advances the counter and stores the outbox health the device reported. */
  public void recordPush(
      Handle h,
      String deviceId,
      long lastMutationId,
      int outboxDepth,
      Long oldestPendingAt,
      long now) {
    h.createUpdate(
            "UPDATE devices SET last_mutation_id = :last, outbox_depth = :depth,"
                + " oldest_pending_at = :oldest, last_seen_at = :now WHERE device_id = :id")
        .bind("id", deviceId)
        .bind("last", lastMutationId)
        .bind("depth", outboxDepth)
        .bind("oldest", oldestPendingAt)
        .bind("now", now)
        .execute();
  }

  /** Records a completed pull (the device is caught up as of {@code now}). */
  public void recordSync(Handle h, String deviceId, long now) {
    h.createUpdate("UPDATE devices SET last_sync_at = :now, last_seen_at = :now WHERE device_id = :id")
        .bind("id", deviceId)
        .bind("now", now)
        .execute();
  }

  /** Marks a device revoked (lost or stolen); its tokens stop working at once. */
  public boolean revoke(Handle h, String deviceId, long now) {
    return h.createUpdate("UPDATE devices SET revoked_at = :now WHERE device_id = :id AND revoked_at IS NULL")
            .bind("id", deviceId)
            .bind("now", now)
            .execute()
        > 0;
  }

  /** All devices (fleet view). */
  public List<Device> all(Handle h) {
    return h.createQuery("SELECT " + COLUMNS + " FROM devices ORDER BY registered_at")
        .map(MAPPER)
        .list();
  }
}
