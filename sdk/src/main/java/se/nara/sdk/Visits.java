package se.nara.sdk;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Visit;
import se.nara.sdk.protocol.EntityType;

/** Home visits (besök). */
public final class Visits {
  private static final Comparator<Visit> BY_START =
      Comparator.comparing(Visit::plannedStart, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(Visit::id);

  private final TypedRecords records;

  Visits(TypedRecords records) {
    this.records = records;
  }

  /** A patient's visits, by planned start. */
  public List<Visit> forPatient(String patientId) {
    return records.byPatient(EntityType.VISIT, patientId, BY_START);
  }

  /** One visit, or null. */
  public Visit get(String visitId) {
    return records.get(EntityType.VISIT, visitId);
  }

  /**
   * Records a new visit. An id is generated when the visit has none; the review state starts as
   * not reviewed.
   */
  public Visit create(Visit visit) {
    if (visit.patientId() == null) {
      throw new IllegalArgumentException("a visit needs a patient");
    }
    String id = visit.id() == null ? UUID.randomUUID().toString() : visit.id();
    Visit toSave =
        visit.toBuilder()
            .id(id)
            .reviewState(visit.reviewState() == null ? ReviewState.NOT_REVIEWED : visit.reviewState())
            .build();
    records.create(EntityType.VISIT, id, visit.patientId(), toSave);
    return get(id);
  }

  /** Saves a changed visit (for example completed, with a note). */
  public Visit update(Visit changed) {
    records.update(EntityType.VISIT, changed.id(), changed);
    return get(changed.id());
  }
}
