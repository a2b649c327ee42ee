package se.nara.sdk.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * One entity as the server holds it, as delivered by a pull: an envelope of sync metadata around
 * the entity's fields. A tombstone is an entity marked entered-in-error: its data stays readable,
 * but apps hide it from normal lists and it takes no further changes.
 */
public final class SyncRecord {
  private final String type;
  private final String id;
  private final long version;
  private final long seq;
  private final String patientId;
  private final boolean tombstone;
  private final Instant updatedAt;
  private final String updatedBy;
  private final JsonElement data;

  /** Creates a record envelope. */
  public SyncRecord(
      String type,
      String id,
      long version,
      long seq,
      String patientId,
      boolean tombstone,
      Instant updatedAt,
      String updatedBy,
      JsonObject data) {
    this.type = type;
    this.id = id;
    this.version = version;
    this.seq = seq;
    this.patientId = patientId;
    this.tombstone = tombstone;
    this.updatedAt = updatedAt;
    this.updatedBy = updatedBy;
    this.data = data;
  }

  /** The entity type's wire name. */
  public String type() {
    return type;
  }

  /** The entity's id. */
  public String id() {
    return id;
  }

  /** The entity's server version; it increases by one with every accepted change. */
  public long version() {
    return version;
  }

  /** The position of this record's latest change in the server's commit order. */
  public long seq() {
    return seq;
  }

  /** The patient the entity belongs to, or null for team and staff records. */
  public String patientId() {
    return patientId;
  }

  /** Whether the entity was marked entered-in-error. */
  public boolean tombstone() {
    return tombstone;
  }

  /** Server time of the latest change. */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** The staff id that made the latest change, or null for server-made changes. */
  public String updatedBy() {
    return updatedBy;
  }

  /** The entity's fields, as the model class of {@link EntityType} serialises them. */
  public JsonObject data() {
    return Json.objectOrNull(data);
  }
}
