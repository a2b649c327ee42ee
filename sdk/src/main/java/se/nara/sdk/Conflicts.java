package se.nara.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.protocol.EntityType;

/**
 * Conflict records synced to this device: what a clinical rule decided when two changes met,
 * with both values. Apps show them next to the record; team leaders resolve them on the server.
 */
public final class Conflicts {
  private static final Comparator<ConflictRecord> OLDEST_FIRST =
      Comparator.comparing(ConflictRecord::deviceTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(ConflictRecord::id);

  private final TypedRecords records;

  Conflicts(TypedRecords records) {
    this.records = records;
  }

  /** The conflicts about one record (a checklist item, a medication line…). */
  public List<ConflictRecord> forEntity(String entityId) {
    return records.byParent(EntityType.CONFLICT, entityId, OLDEST_FIRST);
  }

  /** All conflicts about a patient's records. */
  public List<ConflictRecord> forPatient(String patientId) {
    return records.byPatient(EntityType.CONFLICT, patientId, OLDEST_FIRST);
  }

  /** Conflicts on this device that still need a person's review. */
  public List<ConflictRecord> open() {
    List<ConflictRecord> open = new ArrayList<>();
    for (ConflictRecord c : records.<ConflictRecord>byPatient(EntityType.CONFLICT, null, OLDEST_FIRST)) {
      if (c.status() == ConflictStatus.NEEDS_REVIEW) {
        open.add(c);
      }
    }
    return open;
  }
}
