package se.nara.sdk.internal.store;

import com.google.gson.JsonObject;
import se.nara.sdk.RecordSyncState;

/** One local record: what the app sees (server state plus pending local changes). */
public final class LocalRecord {
  public final String id;
  public final String entityType;
  public final String patientId;
  public final long serverVersion;
  public final JsonObject data;
  public final boolean tombstone;
  public final RecordSyncState syncState;
  /** The stamp of this view: moved on at every change made to the record on this device. */
  public final long localRevision;

  LocalRecord(
      String id,
      String entityType,
      String patientId,
      long serverVersion,
      JsonObject data,
      boolean tombstone,
      RecordSyncState syncState,
      long localRevision) {
    this.id = id;
    this.entityType = entityType;
    this.patientId = patientId;
    this.serverVersion = serverVersion;
    this.data = data;
    this.tombstone = tombstone;
    this.syncState = syncState;
    this.localRevision = localRevision;
  }
}
