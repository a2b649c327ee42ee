package se.nara.server.store;

import com.google.gson.JsonObject;

/**
 * One row of the {@code records} table: an entity's current state and its sync envelope.
 *
 * @param data the entity's fields; never includes {@code version}, which lives in the envelope
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
    String deviceId) {}
