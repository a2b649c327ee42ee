package se.nara.server.store;

import com.google.gson.JsonObject;

/**
 * One row of the {@code records} table: an entity's current state and its sync envelope.
 *
 * @param data the entity's fields; never includes {@code version}, which lives in the envelope
 * @param chain where the record's history stands, as read from the row; null for a value built in
 *     memory (readers then look it up)
 */
public record StoredRecord(
    String id,
    String entityType,
    String patientId,
    long version,
    long seq,
    boolean tombstone,
    JsonObject data,
    long createdAt,
    long updatedAt,
    String updatedBy,
    String deviceId,
    Chain chain) {

  /** A record as written: where its history stands is known only to the database. */
  public StoredRecord(
      String id, String entityType, String patientId, long version, long seq, boolean tombstone, JsonObject data,
      long createdAt, long updatedAt, String updatedBy, String deviceId) {
    this(id, entityType, patientId, version, seq, tombstone, data, createdAt, updatedAt, updatedBy, deviceId, null);
  }

  /**
   * The record row's pointers into its history: its newest entry, and the first version of the
   * unbroken run its last device wrote (see {@link RecordStore#fieldsChangedSince}); either may
   * be null.
   */
  public record Chain(Long historyHead, Long deviceRunFrom) {}
}
