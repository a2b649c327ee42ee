package se.nara.sdk;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.DeviationCategory;
import se.nara.sdk.model.DeviationSeverity;
import se.nara.sdk.model.DeviationStatus;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LexMariaAssessment;
import se.nara.sdk.protocol.EntityType;

/** Discharge-day checklists (utskrivningschecklistor) and their items. */
public final class Checklists {
  private final TypedRecords records;
  private final NaraClient client;
  private final Clock clock;

  Checklists(TypedRecords records, NaraClient client, Clock clock) {
    this.records = records;
    this.client = client;
    this.clock = clock;
  }

  /** The patient's checklists. */
  public List<DischargeChecklist> forPatient(String patientId) {
    return records.byPatient(EntityType.DISCHARGE_CHECKLIST, patientId, Comparator.comparing(DischargeChecklist::id));
  }

  /** A checklist's items, in their display order. */
  public List<ChecklistItem> items(String checklistId) {
    return records.byParent(
        EntityType.CHECKLIST_ITEM,
        checklistId,
        Comparator.comparingInt(ChecklistItem::sortOrder).thenComparing(ChecklistItem::id));
  }

  /** One item, or null. */
  public ChecklistItem item(String itemId) {
    return records.get(EntityType.CHECKLIST_ITEM, itemId);
  }

  /**
   * Sets an item's state, signed by the current user with the device time. {@link
   * ItemState#MISSING} also records a deviation (avvikelse) linked to the item; {@link
   * ItemState#REOPENED} needs a reason. Setting the state an item already has keeps who confirmed
   * it and when (a second "klar" must not move a colleague's confirmation to the current user);
   * only a new note is saved, and without one nothing changes.
   *
   * @param note free text for the item, or null to keep the current note
   */
  public ChecklistItem setState(String itemId, ItemState state, String note) {
    ChecklistItem item = item(itemId);
    if (item == null) {
      throw new IllegalArgumentException("no checklist item " + itemId + " on this device");
    }
    if (state == ItemState.REOPENED && (note == null || note.trim().isEmpty())) {
      throw new IllegalArgumentException("reopening an item needs a reason");
    }
    boolean confirmed =
        item.state() == ItemState.DONE || item.state() == ItemState.NOT_APPLICABLE || item.state() == ItemState.MISSING;
    if (confirmed && state == ItemState.UNCHECKED) {
      throw new IllegalArgumentException("a confirmed item is not unchecked; reopen it (REOPENED) with a reason");
    }
    String staffId = client.requireSession().staffId();
    ChecklistItem.Builder next = item.toBuilder().state(state);
    if (note != null) {
      next.note(note);
    }
    if (state == ItemState.REOPENED) {
      next.reopenReason(note);
    } else if (state != ItemState.UNCHECKED && state != item.state()) {
      next.confirmedBy(staffId).confirmedAt(clock.instant());
    }
    if (state == ItemState.MISSING && item.deviationId() == null) {
      String deviationId = UUID.randomUUID().toString();
      Deviation deviation =
          Deviation.builder()
              .id(deviationId)
              .patientId(item.patientId())
              .category(DeviationCategory.HANDOVER_INFORMATION)
              .description("Saknas vid utskrivning: " + item.label() + (note == null ? "" : " – " + note))
              .severity(DeviationSeverity.RISK)
              .reportedBy(staffId)
              .reportedAt(clock.instant())
              .detectedAt(clock.instant())
              .status(DeviationStatus.REGISTERED)
              .lexMaria(LexMariaAssessment.NOT_ASSESSED)
              .checklistItemId(item.id())
              .build();
      next.deviationId(deviationId);
      // The deviation and the item that points at it are one change: a crash between them would
      // leave a deviation no item knows, and a retry would report a second one.
      ChecklistItem updated = next.build();
      records.atomically(
          () -> {
            records.create(EntityType.DEVIATION, deviationId, item.patientId(), deviation);
            return records.update(EntityType.CHECKLIST_ITEM, itemId, updated);
          });
      return item(itemId);
    }
    records.update(EntityType.CHECKLIST_ITEM, itemId, next.build());
    return item(itemId);
  }

  /**
   * Marks a checklist complete, recording the version of every item the nurse saw, so the
   * server can flag the completion for review if an item changed meanwhile.
   */
  public DischargeChecklist complete(String checklistId) {
    DischargeChecklist checklist = records.get(EntityType.DISCHARGE_CHECKLIST, checklistId);
    if (checklist == null) {
      throw new IllegalArgumentException("no checklist " + checklistId + " on this device");
    }
    List<String> seen = new java.util.ArrayList<>();
    for (ChecklistItem item : items(checklistId)) {
      seen.add(item.id() + "@" + item.version());
    }
    records.update(
        EntityType.DISCHARGE_CHECKLIST,
        checklistId,
        checklist.toBuilder().status(se.nara.sdk.model.ChecklistStatus.COMPLETE).seenItemVersions(seen).build());
    return records.get(EntityType.DISCHARGE_CHECKLIST, checklistId);
  }

  /**
   * Moves a deviation (avvikelse) to another status (registrerad, under utredning, åtgärdad,
   * avslutad). A move forward needs no reason; a move back (for example åtgärdad back to under
   * utredning when the measure did not hold) needs one, which is recorded with the deviation
   * (DOMAIN rule 11). The server applies the same rule, so a refused move never reaches it.
   *
   * @param reason why the status moves back; required for a backward move, or null to keep the
   *     recorded one
   * @throws IllegalArgumentException if the deviation is not on this device, or a backward move has
   *     no reason
   */
  public Deviation setDeviationStatus(String deviationId, DeviationStatus status, String reason) {
    Deviation deviation = records.get(EntityType.DEVIATION, deviationId);
    if (deviation == null) {
      throw new IllegalArgumentException("no deviation " + deviationId + " on this device");
    }
    if (status == null) {
      throw new IllegalArgumentException("a deviation needs a status");
    }
    boolean backward = deviation.status() != null && status.ordinal() < deviation.status().ordinal();
    if (backward && (reason == null || reason.trim().isEmpty())) {
      throw new IllegalArgumentException("moving a deviation back to " + status.label() + " needs a reason");
    }
    if (status == deviation.status() && reason == null) {
      return deviation;
    }
    Deviation.Builder next = deviation.toBuilder().status(status);
    if (reason != null) {
      next.statusReason(reason);
    }
    records.update(EntityType.DEVIATION, deviationId, next.build());
    return records.get(EntityType.DEVIATION, deviationId);
  }

  /** The deviations (avvikelser) recorded for a patient. */
  public List<Deviation> deviations(String patientId) {
    return records.byPatient(EntityType.DEVIATION, patientId, Comparator.comparing(Deviation::id));
  }
}
