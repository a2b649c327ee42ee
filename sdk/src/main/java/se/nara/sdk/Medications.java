package se.nara.sdk;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.CheckStatus;
import se.nara.sdk.model.Discrepancy;
import se.nara.sdk.model.DiscrepancyIntent;
import se.nara.sdk.model.DiscrepancyResolution;
import se.nara.sdk.model.DiscrepancyType;
import se.nara.sdk.model.LineCheckOutcome;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationLineCheck;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.protocol.EntityType;

/** Medication lists per source and medication checks (läkemedelsavstämning). */
public final class Medications {
  private final TypedRecords records;
  private final NaraClient client;
  private final Clock clock;

  Medications(TypedRecords records, NaraClient client, Clock clock) {
    this.records = records;
    this.client = client;
    this.clock = clock;
  }

  /** The patient's medication lists, one per source (discharge list, home list, …). */
  public List<MedicationList> lists(String patientId) {
    return records.byPatient(
        EntityType.MEDICATION_LIST, patientId, Comparator.comparing(MedicationList::source).thenComparing(MedicationList::id));
  }

  /** The lines of one list, by drug name. */
  public List<MedicationLine> lines(String listId) {
    return records.byParent(
        EntityType.MEDICATION_LINE,
        listId,
        Comparator.comparing(MedicationLine::drugName, Comparator.nullsLast(String::compareTo)).thenComparing(MedicationLine::id));
  }

  /** One medication line, or null when this device has none with that id. */
  public MedicationLine line(String lineId) {
    return records.get(EntityType.MEDICATION_LINE, lineId);
  }

  /** The patient's medication checks. */
  public List<MedicationCheck> checks(String patientId) {
    return records.byPatient(EntityType.MEDICATION_CHECK, patientId, Comparator.comparing(MedicationCheck::id));
  }

  /** The line checks recorded so far in one medication check. */
  public List<MedicationLineCheck> lineChecks(String checkId) {
    return records.byParent(EntityType.MEDICATION_LINE_CHECK, checkId, Comparator.comparing(MedicationLineCheck::id));
  }

  /** The discrepancies recorded in one medication check. */
  public List<Discrepancy> discrepancies(String checkId) {
    return records.byParent(EntityType.DISCREPANCY, checkId, Comparator.comparing(Discrepancy::id));
  }

  /** Starts a medication check comparing the given lists (for example discharge list and home list). */
  public MedicationCheck startCheck(String patientId, String episodeId, List<String> listIds) {
    String id = UUID.randomUUID().toString();
    MedicationCheck check =
        MedicationCheck.builder()
            .id(id)
            .patientId(patientId)
            .episodeId(episodeId)
            .comparedListIds(new ArrayList<>(listIds))
            .performedBy(client.requireSession().staffId())
            .status(CheckStatus.IN_PROGRESS)
            .startedAt(clock.instant())
            .build();
    records.create(EntityType.MEDICATION_CHECK, id, patientId, check);
    return records.get(EntityType.MEDICATION_CHECK, id);
  }

  /** Records that a line matches the other list (överensstämmer). */
  public MedicationLineCheck recordMatch(String checkId, String lineId, String note) {
    return recordLineCheck(checkId, lineId, LineCheckOutcome.MATCH, null, note);
  }

  /**
   * Records a discrepancy for a line: the line check and the discrepancy (with type and intent)
   * are saved together, and the discrepancy stays open until a prescriber resolves it.
   */
  public MedicationLineCheck recordDiscrepancy(
      String checkId, String lineId, DiscrepancyType type, DiscrepancyIntent intent, String note) {
    MedicationCheck check = requireCheck(checkId);
    String discrepancyId = UUID.randomUUID().toString();
    List<String> lines = new ArrayList<>();
    lines.add(lineId);
    Discrepancy discrepancy =
        Discrepancy.builder()
            .id(discrepancyId)
            .patientId(check.patientId())
            .checkId(checkId)
            .lineIds(lines)
            .type(type)
            .intent(intent)
            .resolution(DiscrepancyResolution.OPEN)
            .note(note)
            .build();
    return records.atomically(
        () -> {
          records.create(EntityType.DISCREPANCY, discrepancyId, check.patientId(), discrepancy);
          return recordLineCheck(checkId, lineId, LineCheckOutcome.DISCREPANCY, discrepancyId, note);
        });
  }

  /**
   * Finishes a check: complete, or with discrepancies left open for the prescriber (then call it
   * again once they are resolved). A check already complete is returned as it is. It records
   * the version of every line of the compared lists as this device saw them, so the server can
   * flag a check made on a list that changed meanwhile.
   */
  public MedicationCheck complete(String checkId) {
    MedicationCheck check = requireCheck(checkId);
    if (check.status() == CheckStatus.COMPLETE) {
      // A completed check is attested as it stands and never edited in place (DOMAIN rule 4).
      return check;
    }
    List<String> seen = new ArrayList<>();
    for (String listId : check.comparedListIds()) {
      for (MedicationLine line : lines(listId)) {
        seen.add(line.id() + "@" + line.version());
      }
    }
    boolean open = false;
    for (Discrepancy d : discrepancies(checkId)) {
      open |= d.resolution() == null || d.resolution() == DiscrepancyResolution.OPEN;
    }
    MedicationCheck done =
        check.toBuilder()
            .status(open ? CheckStatus.OPEN_DISCREPANCIES : CheckStatus.COMPLETE)
            .seenLineVersions(seen)
            .completedAt(clock.instant())
            .build();
    records.update(EntityType.MEDICATION_CHECK, checkId, done);
    return records.get(EntityType.MEDICATION_CHECK, checkId);
  }

  /**
   * Records how a discrepancy was resolved with the prescriber. A recorded resolution is final
   * (DOMAIN rule 1): only an escalated (eskalerad) discrepancy moves on, to the resolution the
   * prescriber gives; any other recorded resolution is never overwritten, and the server refuses
   * the same. A resolution found wrong is corrected by marking the discrepancy entered-in-error and
   * recording a new one, so both stay readable.
   *
   * @throws IllegalArgumentException if the discrepancy is not on this device, the resolution is
   *     OPEN, or the discrepancy already has a final resolution
   */
  public Discrepancy resolveDiscrepancy(String discrepancyId, DiscrepancyResolution resolution, String note) {
    Discrepancy d = records.get(EntityType.DISCREPANCY, discrepancyId);
    if (d == null) {
      throw new IllegalArgumentException("no discrepancy " + discrepancyId + " on this device");
    }
    if (resolution == null || resolution == DiscrepancyResolution.OPEN) {
      throw new IllegalArgumentException("choose a resolution other than OPEN");
    }
    if (d.resolution() != null
        && d.resolution() != DiscrepancyResolution.OPEN
        && d.resolution() != DiscrepancyResolution.ESCALATED
        && d.resolution() != resolution) {
      throw new IllegalArgumentException(
          "this discrepancy is already resolved (" + d.resolution().label() + "); a recorded resolution is not overwritten");
    }
    Discrepancy.Builder next =
        d.toBuilder().resolution(resolution).resolvedBy(client.requireSession().staffId()).resolvedAt(clock.instant());
    if (note != null) {
      next.note(note);
    }
    records.update(EntityType.DISCREPANCY, discrepancyId, next.build());
    return records.get(EntityType.DISCREPANCY, discrepancyId);
  }

  /** Sets a medication line's status (for example STOPPED when the prescriber stops a drug). */
  public MedicationLine setLineStatus(String lineId, se.nara.sdk.model.LineStatus status) {
    MedicationLine line = records.get(EntityType.MEDICATION_LINE, lineId);
    if (line == null) {
      throw new IllegalArgumentException("no medication line " + lineId + " on this device");
    }
    records.update(EntityType.MEDICATION_LINE, lineId, line.toBuilder().status(status).build());
    return records.get(EntityType.MEDICATION_LINE, lineId);
  }

  /**
   * Saves a changed medication line (dose, frequency, …); only the changed fields travel.
   *
   * <p>Only the fields that differ from the copy that was read (its {@code version}) travel, with
   * that version as the base, so a colleague's change that arrived meanwhile is merged, not
   * overwritten, and a real clash goes to review.
   *
   * @throws StaleRecordException if the copy was read more than one pulled version ago; read it
   *     again and make the change on the current copy
   */
  public MedicationLine updateLine(MedicationLine changed) {
    records.update(EntityType.MEDICATION_LINE, changed.id(), changed);
    return records.get(EntityType.MEDICATION_LINE, changed.id());
  }

  private MedicationLineCheck recordLineCheck(
      String checkId, String lineId, LineCheckOutcome outcome, String discrepancyId, String note) {
    MedicationCheck check = requireCheck(checkId);
    String id = UUID.randomUUID().toString();
    MedicationLineCheck lineCheck =
        MedicationLineCheck.builder()
            .id(id)
            .patientId(check.patientId())
            .checkId(checkId)
            .lineId(lineId)
            .outcome(outcome)
            .checkedBy(client.requireSession().staffId())
            .checkedAt(clock.instant())
            .discrepancyId(discrepancyId)
            .note(note)
            .build();
    records.create(EntityType.MEDICATION_LINE_CHECK, id, check.patientId(), lineCheck);
    return records.get(EntityType.MEDICATION_LINE_CHECK, id);
  }

  private MedicationCheck requireCheck(String checkId) {
    MedicationCheck check = records.get(EntityType.MEDICATION_CHECK, checkId);
    if (check == null) {
      throw new IllegalArgumentException("no medication check " + checkId + " on this device");
    }
    return check;
  }
}
