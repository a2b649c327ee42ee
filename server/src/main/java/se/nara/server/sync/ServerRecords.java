package se.nara.server.sync;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.Json;
import se.nara.server.rules.ReviewBinding;
import se.nara.server.store.HistoryEntry;
import se.nara.server.store.RecordStore;
import se.nara.server.store.StoredRecord;

/**
 * Writes records that the server itself authors (demo data, imports from hospital systems,
 * review outcomes). They take sequence numbers and history exactly like device changes, so
 * they reach devices through the same pull.
 */
public final class ServerRecords {
  private final RecordStore records;
  private final Clock clock;

  /** Creates the writer. */
  public ServerRecords(RecordStore records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  /**
   * Writes a server-made change to an existing record (a team leader's resolution, an SVU
   * message): a new version with its own sequence number and history entry, so it syncs to
   * every device like any other change. Returns the updated record.
   */
  public StoredRecord update(
      Handle h, StoredRecord current, JsonObject changes, boolean tombstone, String authorStaffId, String op, String reason) {
    long now = clock.millis();
    JsonObject data = current.data().deepCopy();
    for (java.util.Map.Entry<String, com.google.gson.JsonElement> e : changes.entrySet()) {
      if (e.getValue().isJsonNull()) {
        data.remove(e.getKey());
      } else {
        data.add(e.getKey(), e.getValue());
      }
    }
    StoredRecord updated =
        new StoredRecord(
            current.id(), current.entityType(), current.patientId(), current.version() + 1,
            records.maxSeq(h) + 1, tombstone, data, current.createdAt(), now, authorStaffId, null);
    records.update(
        h,
        updated,
        new HistoryEntry(
            current.id(), updated.version(), current.entityType(), op, changes, now, authorStaffId, null, null, null, null, reason));
    return updated;
  }

  /**
   * After a server-made change to a record a visit's review shows with the visit (its discharge
   * checklist and items, its medication checks with their line checks and discrepancies), makes
   * that review stale, as the push path does for a tablet's change (DOMAIN rule 12): a team
   * leader's decision on a conflict changes the content an approval covered just as a tablet does.
   * {@code data} is the changed record's data (for a retraction, its data as it was). Returns the
   * visit's new version, or null when no standing review covers the record.
   */
  public StoredRecord staleLinkedReview(
      Handle h, EntityType type, String patientId, JsonObject data, String authorStaffId, String reason) {
    StoredRecord visit = LinkedVisit.of(type, patientId, data, id -> records.find(h, id)).orElse(null);
    if (visit == null) {
      return null;
    }
    JsonObject stale = ReviewBinding.afterLinkedChange(visit.data());
    return stale == null ? null : update(h, visit, stale, false, authorStaffId, "UPDATE", reason);
  }

  /**
   * Inserts a server-made record given as its stored JSON (a conflict record kept for review, a
   * record a team leader restored from one): version 1 with its sequence number and history entry.
   */
  public StoredRecord insert(
      Handle h, String type, String id, String patientId, JsonObject data, String authorStaffId, String reason) {
    long now = clock.millis();
    StoredRecord record =
        new StoredRecord(id, type, patientId, 1, records.maxSeq(h) + 1, false, data, now, now, authorStaffId, null);
    records.insert(h, record, new HistoryEntry(id, 1, type, "CREATE", data, now, authorStaffId, null, null, null, null, reason));
    return record;
  }

  /**
   * Inserts new entities, given as model values, in {@code h}'s write transaction. Each model's
   * class must be the model class of an {@link EntityType}; its {@code id} must be set.
   */
  public void insertAll(Handle h, List<?> models, String authorStaffId) {
    long seq = records.maxSeq(h);
    long now = clock.millis();
    for (Object model : models) {
      EntityType type = EntityType.forModel(model.getClass());
      if (type == null) {
        throw new IllegalArgumentException("not a synced model: " + model.getClass().getName());
      }
      JsonObject data = Json.toData(model);
      data.remove("version");
      String id = data.get("id").getAsString();
      String patientId = data.has("patientId") ? data.get("patientId").getAsString() : null;
      if (type == EntityType.PATIENT) {
        patientId = id;
      }
      StoredRecord record =
          new StoredRecord(id, type.wireName(), patientId, 1, ++seq, false, data, now, now, authorStaffId, null);
      records.insert(
          h, record, new HistoryEntry(id, 1, type.wireName(), "CREATE", data, now, authorStaffId, null, null, null, null, null));
    }
  }
}
