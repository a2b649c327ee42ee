package se.nara.server.store;

import com.google.gson.JsonObject;

/**
 * One accepted change to a record: the new values of the fields it changed.
 *
 * @param op CREATE, UPDATE, ENTERED_IN_ERROR or a server operation such as RESOLVE
 * @param baseVersion the version the change was made on (device changes), or null
 * @param deviceTime the device clock at the change, epoch milliseconds, or null
 */
public record HistoryEntry(
    String recordId,
    long version,
    String entityType,
    String op,
    JsonObject changes,
    long changedAt,
    String changedBy,
    String deviceId,
    Long mutationId,
    Long baseVersion,
    Long deviceTime,
    String reason) {}
