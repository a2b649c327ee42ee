package se.nara.server.teamlead;

import com.google.gson.JsonElement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the team leader's page shows, as JSON values (field names are the wire format of the
 * page's endpoints, documented in docs/teamleader-api.md). Labels are Swedish display text;
 * the constant names beside them are for code.
 */
public final class TeamLeadViews {
  private TeamLeadViews() {}

  /**
   * A record's versions, newest first (ändringshistorik).
   *
   * @param version the record's current version
   */
  public record RecordHistory(
      String recordId, String entityType, String patientId, String patientName, long version, List<HistoryChange> changes) {}

  /**
   * One version of a record: the values it set (a field set to null was cleared), by whom and when.
   *
   * @param op CREATE, UPDATE, ENTERED_IN_ERROR (makulerad), or a server operation such as REVIEW or RESOLVE
   * @param changedBy the staff member, or null for a change the server made on its own (an SVU message)
   * @param deviceId the tablet, or null for a change made on the server (team leader, SVU)
   * @param deviceTime the tablet's clock when the change was made offline; null for server changes
   * @param baseVersion the version the tablet had when it made the change
   * @param reason the reason given (makulering, team leader's comment), if any
   * @param valueLabels per field, the readable form of each coded value the version set: the Swedish label
   *     of an enum ("Genomförd", not "COMPLETED") and a staff member's name for a staff id, also inside a list
   */
  public record HistoryChange(
      long version,
      String op,
      JsonElement values,
      Map<String, Map<String, String>> valueLabels,
      Instant changedAt,
      String changedBy,
      String changedByName,
      String deviceId,
      Instant deviceTime,
      Long baseVersion,
      String reason) {}

  /** A team the caller leads. */
  public record TeamInfo(String id, String name) {}

  /** The signed-in team leader. */
  public record Me(String staffId, String name, String profession, List<TeamInfo> teams) {}

  /** The visits of one team in a period. */
  public record VisitList(String teamId, LocalDate from, LocalDate to, List<VisitView> visits) {}

  /**
   * What the team has to follow up once its care relationship ended, however old: counts only
   * (the page's tab), naming no patient.
   *
   * @param visits the team's own visits still to review of patients it no longer cares for
   * @param conflicts open conflicts followed up through the team (in the queue as follow-ups)
   * @param hiddenBySparr follow-ups of the team (conflicts and visits) that a patient's spärr hides
   *     from it: they wait, and the MAS is shown that they exist
   */
  public record FollowUpCounts(String teamId, int visits, int conflicts, int hiddenBySparr) {}

  /** Every open follow-up visit of the team, oldest first, with the same counts. */
  public record FollowUpList(String teamId, int visits, int conflicts, int hiddenBySparr, List<VisitView> followUpVisits) {}

  /**
   * One visit with what a team leader reviews.
   *
   * @param durationMinutes actual duration, else planned; null if neither is known
   * @param reviewedVersion the visit version the review was made on (0 if never reviewed)
   * @param stale the visit changed after the review (granskning inaktuell)
   * @param reviewNote the comment given with the latest review, or null
   * @param approvable whether the visit is over, so that it can be approved
   * @param followUp the team no longer cares for the patient and the visit is the team's own,
   *     still needing review: shown as a follow-up without an active care relationship, with
   *     nothing else of the patient (docs/security.md)
   */
  public record VisitView(
      String id,
      long version,
      String patientId,
      String patientName,
      String teamId,
      String visitType,
      String visitTypeLabel,
      String status,
      String statusLabel,
      List<String> staff,
      Instant plannedStart,
      Instant plannedEnd,
      Instant actualStart,
      Instant actualEnd,
      Long durationMinutes,
      String note,
      String signedBy,
      Instant signedAt,
      ChecklistSummary checklist,
      List<MedicationCheckView> medicationChecks,
      String reviewState,
      String reviewStateLabel,
      String reviewedBy,
      Instant reviewedAt,
      long reviewedVersion,
      boolean stale,
      String reviewNote,
      boolean approvable,
      boolean followUp) {}

  /**
   * The discharge checklist of a visit: items done, marked not applicable, and still open.
   *
   * @param total every item of the checklist (done, not applicable and open)
   * @param notApplicable the items marked "Ej aktuell", with who marked them, when and why: they
   *     count as settled, so the page names them rather than hiding them in {@code total}
   */
  public record ChecklistSummary(int total, List<String> done, List<String> open, List<NotApplicableItem> notApplicable) {}

  /**
   * A checklist item marked "Ej aktuell" (does not apply to this patient).
   *
   * @param markedBy who marked it, by name (the item's confirmer); null if the record names nobody
   * @param markedAt when, by the marking tablet's clock (the item's confirmation time)
   * @param reason the item's note, which is where staff give the reason; null if none was given
   */
  public record NotApplicableItem(String id, String label, String markedBy, Instant markedAt, String reason) {}

  /**
   * The conflicts the rules resolved on their own for one team, newest first.
   *
   * @param days how many days back the list reaches (by when the conflict arose)
   * @param unacknowledged how many of them no team leader has acknowledged yet
   */
  public record AutoResolvedList(String teamId, int days, int unacknowledged, List<AutoResolvedItem> conflicts) {}

  /**
   * A conflict a rule resolved automatically: what was kept and what was overridden (and is kept
   * in the conflict record), with names instead of ids.
   *
   * @param keptValue what the rule decided for the conflict's fields (the record may have changed since: {@code currentValue})
   * @param overridden which side the rule set aside: {@code DEVICE} (the tablet's value), {@code SERVER}
   *     (the value the server had), or {@code NONE} where neither was replaced whole (both notes
   *     kept, a change made as an amendment of a signed record)
   * @param acknowledged whether a team leader has acknowledged it (kvitterat); the record's status is then RESOLVED
   * @param acknowledgedBy who acknowledged it, by name
   * @param acknowledgeNote the note given when acknowledging, if any
   * @param entityVersion the record's version {@code currentValue} is from (null if the record is gone)
   */
  public record AutoResolvedItem(
      String id,
      String status,
      String statusLabel,
      String patientId,
      String patientName,
      Instant createdAt,
      String entityType,
      String entityLabel,
      List<String> fields,
      String rule,
      String ruleLabel,
      JsonElement keptValue,
      JsonElement currentValue,
      String overridden,
      JsonElement baseValue,
      JsonElement serverValue,
      String serverAuthor,
      String serverDevice,
      Instant serverDeviceTime,
      JsonElement deviceValue,
      String deviceAuthor,
      String deviceName,
      Instant deviceTime,
      Map<String, Map<String, String>> valueLabels,
      boolean acknowledged,
      String acknowledgedBy,
      Instant acknowledgedAt,
      String acknowledgeNote,
      Long entityVersion) {}

  /**
   * The deviations (avvikelser) reported for one team's patients.
   *
   * @param open how many are not closed (avslutad) nor entered in error
   */
  public record DeviationList(String teamId, int open, List<DeviationView> deviations) {}

  /**
   * One deviation as the team leader follows it up.
   *
   * @param open not closed (avslutad) and not entered in error
   * @param reportedBy who reported it, by name
   * @param statusReason the reason recorded on the deviation now (given with its latest backward move), or null
   * @param statusChanges every change of its status, oldest first, each with the reason given with it
   * @param linkedTo the checklist item or medication discrepancy that raised it, by name, or null
   * @param enteredInError the deviation was marked entered in error (makulerad); listed last, never counted open
   */
  public record DeviationView(
      String id,
      long version,
      String patientId,
      String patientName,
      String category,
      String categoryLabel,
      String description,
      String severity,
      String severityLabel,
      String status,
      String statusLabel,
      boolean open,
      String reportedBy,
      Instant reportedAt,
      Instant detectedAt,
      String immediateAction,
      String lexMaria,
      String lexMariaLabel,
      String statusReason,
      List<StatusChange> statusChanges,
      String linkedTo,
      boolean enteredInError) {}

  /**
   * One change of a deviation's status, from its history.
   *
   * @param reason the reason given with this change (required for a move back), or null
   * @param changedBy who made it, by name; null for a change the server made on its own
   * @param changedAt when the server recorded it
   * @param deviceTime when it was made, by the tablet's clock; null for changes made on the server
   */
  public record StatusChange(
      long version, String status, String statusLabel, String reason, String changedBy, Instant changedAt, Instant deviceTime) {}

  /** A medication check made during a visit, with its open discrepancies. */
  public record MedicationCheckView(String id, String status, String statusLabel, List<DiscrepancyView> openDiscrepancies) {}

  /**
   * An unresolved discrepancy between medication lists: open, or escalated and waiting for the
   * prescriber's resolution ({@code resolutionLabel} says which).
   */
  public record DiscrepancyView(
      String id, String type, String typeLabel, String severityLabel, List<String> drugs, String note, String resolution,
      String resolutionLabel) {}

  /** The outcome of a review. */
  public record ReviewResult(String visitId, long version, String reviewState, String reviewStateLabel, long reviewedVersion, Instant reviewedAt) {}

  /**
   * A conflict in the review queue, with names instead of ids.
   *
   * @param entityLabel what the conflict is about, e.g. "Furosemid 40 mg"
   * @param currentValue what the record holds now for the conflict's fields: the rule's result, or a
   *     later change. Not always {@code serverValue}: where the tablet's side won (a checklist item
   *     reported missing), the server's earlier value is the one kept aside
   * @param baseValue the value both sides started from, field by field
   * @param valueLabels per field, the Swedish label of each coded value shown (e.g. state MISSING: "Saknas")
   * @param acknowledgeOnly only KEEP_SERVER is allowed (signed records, stale decisions, a completed medication check)
   * @param entityVersion the record's version that {@code currentValue} is from (null if the record
   *     is gone): sent back with a decision, so one made on an older view is refused
   * @param changedParts for a retraction or signature over parts another tablet changed unseen, those
   *     parts by name (e.g. "Insats i plan: Insulin kväll"); empty otherwise
   * @param needsCounterpart a change of who is responsible in a SIP: taking the tablet's value or an
   *     edited one needs the name of the other huvudman's person who agreed (DOMAIN rule 13)
   */
  public record ConflictItem(
      String id,
      String kind,
      String status,
      String statusLabel,
      String patientName,
      Instant createdAt,
      long ageHours,
      String entityType,
      String entityLabel,
      List<String> fields,
      String rule,
      String ruleLabel,
      JsonElement currentValue,
      JsonElement baseValue,
      JsonElement serverValue,
      String serverAuthor,
      String serverDevice,
      Instant serverDeviceTime,
      JsonElement deviceValue,
      String deviceAuthor,
      String deviceName,
      Instant deviceTime,
      Map<String, Map<String, String>> valueLabels,
      boolean acknowledgeOnly,
      boolean restored,
      Long entityVersion,
      List<String> changedParts,
      boolean needsCounterpart,
      boolean followUp) {}

  /** The discharge board of one team. */
  public record Board(
      String teamId,
      double targetDays,
      int sipDeadlineDays,
      Double averageDays,
      int dischargedCount,
      boolean meetsTarget,
      List<EpisodeView> patients,
      int paymentDays,
      String paymentDayKind,
      String paymentRule) {}

  /**
   * One patient in the discharge process.
   *
   * @param daysToDischarge days from utskrivningsklar to discharge, for discharged patients
   * @param daysWaiting days since utskrivningsklar, for patients still waiting in hospital
   * @param invalidTimes the times stored outside the years 1900-2199 (written before times were
   *     bounded), by their Swedish names: shown as invalid, left out of every count
   * @param notCountedReason for a discharged patient with no standing utskrivningsklar (never
   *     notified, or withdrawn by "ej längre utskrivningsklar" before discharge), why it has no
   *     {@code daysToDischarge} and is not in the average, in Swedish; null otherwise
   * @param inskrivningsmeddelandeStatus the inskrivningsmeddelande against its 24 hours (an
   *     {@code InskrivningsmeddelandeDeadline.Status} name)
   * @param inskrivningsmeddelandeDue the latest time it is in time; null without an admission time
   * @param paymentStatus the kommun's betalningsansvar (a {@code PaymentResponsibility.Status} name)
   * @param paymentStartDate the first day of the betalningsansvar; null when it does not start
   * @param earlierReadiness the readiness periods before the latest one, oldest first: each was
   *     ended by "ej längre utskrivningsklar" and keeps its own SIP verdict (a missed deadline stays
   *     missed)
   */
  public record EpisodeView(
      String episodeId,
      String patientId,
      String patientName,
      String status,
      String statusLabel,
      String hospital,
      String ward,
      String fastVardkontakt,
      List<Step> steps,
      Integer daysToDischarge,
      Integer daysWaiting,
      boolean overTarget,
      String sipStatus,
      String sipStatusLabel,
      LocalDate sipDeadline,
      List<String> openChecklistItems,
      List<DiscrepancyView> openDiscrepancies,
      List<String> invalidTimes,
      String notCountedReason,
      String inskrivningsmeddelandeStatus,
      String inskrivningsmeddelandeStatusLabel,
      Instant inskrivningsmeddelandeDue,
      String paymentStatus,
      String paymentStatusLabel,
      LocalDate paymentStartDate,
      List<ReadinessView> earlierReadiness) {}

  /**
   * One withdrawn readiness period and its SIP kallelse against that period's deadline.
   *
   * @param sipStatus a {@code DischargeFigures.SipStatus} name: {@code MISSED}, {@code SENT_LATE},
   *     {@code SENT_IN_TIME}, {@code NOT_DUE} (withdrawn before the deadline ran out) or {@code
   *     NOT_NEEDED}
   */
  public record ReadinessView(
      Instant utskrivningsklarAt,
      Instant ejLangreUtskrivningsklarAt,
      Instant sipKallelseAt,
      LocalDate sipDeadline,
      String sipStatus,
      String sipStatusLabel) {}

  /**
   * One step of the SVU process and when it happened (null: not yet, unless {@code invalid}: the
   * stored time lies outside the years 1900-2199 and is not shown).
   */
  public record Step(String key, String label, Instant at, boolean invalid) {}

  /** The devices of a team. */
  public record Fleet(String teamId, Instant now, List<DeviceView> devices) {}

  /**
   * One device and the sync health it last reported.
   *
   * @param outboxDepth changes waiting on the device when it last pushed
   * @param oldestPendingMinutes age now of the oldest change it reported unsynced, or null
   */
  public record DeviceView(
      String deviceId,
      String name,
      String staffName,
      Instant registeredAt,
      Instant lastSyncAt,
      Instant lastSeenAt,
      Integer outboxDepth,
      Instant oldestPendingAt,
      Long oldestPendingMinutes,
      int openConflicts,
      boolean revoked,
      Instant revokedAt) {}
}
