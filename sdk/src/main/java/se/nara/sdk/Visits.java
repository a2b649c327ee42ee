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
  private final NaraClient client;
  private final java.time.Clock clock;
  private final java.time.ZoneId zone;

  Visits(TypedRecords records, NaraClient client, java.time.Clock clock, java.time.ZoneId zone) {
    this.records = records;
    this.client = client;
    this.clock = clock;
    this.zone = zone;
  }

  /** The signed-in user's visits planned for today (in the client's time zone), by start time. */
  public List<Visit> today() {
    Session session = client.requireSession();
    java.util.List<Visit> mine = new java.util.ArrayList<>();
    for (Visit v : teamToday()) {
      if (v.staffIds().contains(session.staffId())) {
        mine.add(v);
      }
    }
    return mine;
  }

  /** All of the team's visits planned for today, by start time. */
  public List<Visit> teamToday() {
    java.time.LocalDate today = clock.instant().atZone(zone).toLocalDate();
    java.util.List<Visit> out = new java.util.ArrayList<>();
    for (Visit v : records.<Visit>byPatient(EntityType.VISIT, null, BY_START)) {
      if (v.plannedStart() != null && v.plannedStart().atZone(zone).toLocalDate().equals(today)) {
        out.add(v);
      }
    }
    return out;
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

  /**
   * Saves a changed visit (for example completed, with a note).
   *
   * <p>Only the fields that differ from the copy that was read (its {@code version}) travel, with
   * that version as the base, so a colleague's change that arrived meanwhile is merged, not
   * overwritten, and a real clash goes to review.
   *
   * @throws StaleRecordException if the copy was read more than one pulled version ago; read it
   *     again and make the change on the current copy
   */
  public Visit update(Visit changed) {
    records.update(EntityType.VISIT, changed.id(), changed);
    return get(changed.id());
  }
}
