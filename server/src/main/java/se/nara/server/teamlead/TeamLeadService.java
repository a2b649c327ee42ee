package se.nara.server.teamlead;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.model.AuditAction;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.DeviationStatus;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.Discrepancy;
import se.nara.sdk.model.DiscrepancyResolution;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.SipAssessment;
import se.nara.sdk.model.SvuStatus;
import se.nara.sdk.model.Team;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.server.ApiException;
import se.nara.server.TimeBounds;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Capabilities;
import se.nara.server.auth.Principal;
import se.nara.server.review.ConflictQuery;
import se.nara.server.review.ConflictView;
import se.nara.server.review.Resolution;
import se.nara.server.review.ReviewService;
import se.nara.server.rules.ConflictRules;
import se.nara.server.rules.InskrivningsmeddelandeDeadline;
import se.nara.server.rules.PaymentResponsibility;
import se.nara.server.rules.SignedRecords;
import se.nara.server.rules.StaleDecision;
import se.nara.server.rules.SvuTimeline;
import se.nara.server.store.Database;
import se.nara.server.store.HistoryEntry;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.store.StoredRecord;
import se.nara.server.store.TeamLeadStore;
import se.nara.server.sync.ServerRecords;
import se.nara.server.teamlead.TeamLeadViews.Board;
import se.nara.server.teamlead.TeamLeadViews.AutoResolvedItem;
import se.nara.server.teamlead.TeamLeadViews.AutoResolvedList;
import se.nara.server.teamlead.TeamLeadViews.ChecklistSummary;
import se.nara.server.teamlead.TeamLeadViews.DeviationList;
import se.nara.server.teamlead.TeamLeadViews.DeviationView;
import se.nara.server.teamlead.TeamLeadViews.ConflictItem;
import se.nara.server.teamlead.TeamLeadViews.DeviceView;
import se.nara.server.teamlead.TeamLeadViews.DiscrepancyView;
import se.nara.server.teamlead.TeamLeadViews.EpisodeView;
import se.nara.server.teamlead.TeamLeadViews.Fleet;
import se.nara.server.teamlead.TeamLeadViews.HistoryChange;
import se.nara.server.teamlead.TeamLeadViews.Me;
import se.nara.server.teamlead.TeamLeadViews.MedicationCheckView;
import se.nara.server.teamlead.TeamLeadViews.NotApplicableItem;
import se.nara.server.teamlead.TeamLeadViews.ReadinessView;
import se.nara.server.teamlead.TeamLeadViews.RecordHistory;
import se.nara.server.teamlead.TeamLeadViews.ReviewResult;
import se.nara.server.teamlead.TeamLeadViews.StatusChange;
import se.nara.server.teamlead.TeamLeadViews.Step;
import se.nara.server.teamlead.TeamLeadViews.TeamInfo;
import se.nara.server.teamlead.TeamLeadViews.VisitList;
import se.nara.server.teamlead.TeamLeadViews.VisitView;

/**
 * What a team leader reviews once the field work has synced: the team's visits (approve or
 * flag, bound to the version reviewed), the conflict queue (through {@link ReviewService}), the
 * SVU discharge board and the team's devices.
 *
 * <p>Only team leaders (and administrators) get here, and only for the teams they belong to.
 * Every read of patient data writes an access-log entry per patient before it is returned.
 */
public final class TeamLeadService {
  private static final Logger LOG = LoggerFactory.getLogger(TeamLeadService.class);
  /** The longest period the visit list covers in one request. */
  public static final int MAX_PERIOD_DAYS = 31;
  /** The longest review comment. */
  public static final int MAX_NOTE = 1000;

  private static final Set<VisitStatus> OVER = EnumSet.of(VisitStatus.COMPLETED, VisitStatus.CANCELLED, VisitStatus.MISSED);
  private static final Set<ItemState> SETTLED = EnumSet.of(ItemState.DONE, ItemState.NOT_APPLICABLE);

  /** A team leader's decision on a visit. */
  public enum Decision {
    /** Godkänn: the visit is reviewed at this version. */
    REVIEWED,
    /** Kräver åtgärd: sent back to the team. */
    NEEDS_ACTION;

    /** Parses the wire value; anything else is a 400 naming the field. */
    public static Decision parse(String value) {
      try {
        return Decision.valueOf(String.valueOf(value));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("decision", "decision must be REVIEWED or NEEDS_ACTION");
      }
    }
  }

  private final Database db;
  private final TeamLeadStore store;
  private final RecordStore records;
  private final ScopeStore scopes;
  private final ServerRecords serverRecords;
  private final ReviewService review;
  private final AuditService audit;
  private final DischargeFigures figures;
  private final Clock clock;

  /** Creates the service. */
  public TeamLeadService(
      Database db,
      TeamLeadStore store,
      RecordStore records,
      ScopeStore scopes,
      ServerRecords serverRecords,
      ReviewService review,
      AuditService audit,
      DischargeFigures figures,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.records = records;
    this.scopes = scopes;
    this.serverRecords = serverRecords;
    this.review = review;
    this.audit = audit;
    this.figures = figures;
    this.clock = clock;
  }

  /** Throws FORBIDDEN unless the caller is a team leader (or administrator). */
  public static void requireTeamLeader(Principal principal) {
    if (!Capabilities.canReview(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "Sidan är bara för teamledare.");
    }
  }

  /** The caller and the teams they lead, by name. */
  public Me me(Principal principal) {
    requireTeamLeader(principal);
    Map<String, StoredRecord> teams = db.withReader(h -> store.directory(h, EntityType.TEAM.wireName()));
    List<TeamInfo> mine = new ArrayList<>();
    for (String id : principal.teamIds()) {
      StoredRecord team = teams.get(id);
      mine.add(new TeamInfo(id, team == null ? id : decode(team, Team.class).name()));
    }
    mine.sort(Comparator.comparing(TeamInfo::name));
    return new Me(principal.staffId(), principal.name(), principal.profession(), mine);
  }

  /** Today in the team's local time (the page's default period). */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), figures.zone());
  }

  // ---------------------------------------------------------------------------------------------
  // Visits
  // ---------------------------------------------------------------------------------------------

  /** The team's visits planned (or made) from {@code from} to {@code to}, both inclusive. */
  public VisitList visits(Principal principal, String teamId, LocalDate from, LocalDate to) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    if (to.isBefore(from)) {
      throw ApiException.invalid("to", "Perioden slutar före den börjar.");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_PERIOD_DAYS) {
      throw ApiException.invalid("to", "Välj en period på högst " + MAX_PERIOD_DAYS + " dagar.");
    }
    boolean followUps = Capabilities.canFollowUpTeamVisits(principal);
    List<VisitView> views =
        db.inReadTransaction(
            h -> {
              Names names = new Names(h);
              List<StoredRecord> rows = store.recordsOfTeam(h, team, VISIT_CONTENT);
              TeamRecords records = new TeamRecords(rows);
              List<Listed> listed = new ArrayList<>();
              for (StoredRecord row : records.of(EntityType.VISIT)) {
                Visit v = visitInPeriod(row, from, to);
                if (v != null && (v.teamId() == null || v.teamId().equals(team))) {
                  listed.add(new Listed(v, row, records, false));
                }
              }
              if (followUps) {
                listed.addAll(followUpVisits(h, team, from, to, records));
              }
              return cards(h, names, listed);
            });
    auditReads(principal, team, views.stream().filter(v -> !v.followUp()).map(VisitView::patientId).toList(), "visit", "TEAMLEAD_VISITS");
    auditFollowUpReads(principal, team, views.stream().filter(VisitView::followUp).toList());
    return new VisitList(team, from, to, views);
  }

  /** The visit cards of {@code listed}, oldest first, each with its latest review comment. */
  private List<VisitView> cards(Handle h, Names names, List<Listed> listed) {
    List<Listed> sorted = new ArrayList<>(listed);
    sorted.sort(Comparator.comparing((Listed l) -> when(l.visit(), l.row())).thenComparing(l -> l.visit().id()));
    Map<String, String> reviewNotes = store.latestReviewReasons(h, sorted.stream().map(l -> l.visit().id()).toList());
    List<VisitView> out = new ArrayList<>();
    for (Listed l : sorted) {
      Visit v = l.visit();
      // Visits reviewed before the record carried the comment have it only in history
      // (the latest review's, which is null when that review had none).
      String note = v.reviewNote() != null ? v.reviewNote() : reviewNotes.get(v.id());
      out.add(visitView(h, v, l.records(), names, note, l.followUp()));
    }
    return out;
  }

  /** The record types a visit's review covers (with the patient record, for the name). */
  private static final List<String> VISIT_CONTENT =
      List.of(EntityType.VISIT.wireName(), EntityType.DISCHARGE_CHECKLIST.wireName(),
          EntityType.CHECKLIST_ITEM.wireName(), EntityType.MEDICATION_CHECK.wireName(),
          EntityType.DISCREPANCY.wireName(), EntityType.MEDICATION_LINE.wireName(),
          EntityType.MEDICATION_LIST.wireName(), EntityType.PATIENT.wireName());

  /** A visit on the list, with the records its view is built from and whether it is a follow-up. */
  private record Listed(Visit visit, StoredRecord row, TeamRecords records, boolean followUp) {}

  /** The visit of {@code row} if it is not retracted and falls in the period, else null. */
  private Visit visitInPeriod(StoredRecord row, LocalDate from, LocalDate to) {
    if (row.tombstone()) {
      return null; // entered in error: nothing to review
    }
    Visit v = decode(row, Visit.class);
    LocalDate day = day(when(v, row));
    if (day == null) {
      // stored before times were bounded: on no day of any period, and no reason to fail the list
      LOG.warn("visit {} has a time that is no date ({}); left out of the visit list", row.id(), when(v, row));
      return null;
    }
    return day.isBefore(from) || day.isAfter(to) ? null : v;
  }

  /** Whether a visit still needs its team leader: not reviewed, flagged, or its review stale. */
  private static boolean needsReview(Visit v) {
    return v.reviewState() != ReviewState.REVIEWED;
  }

  /**
   * The follow-up: the team's own visits (naming this team) in the period that still need the
   * team leader, of patients the team no longer cares for and whom no spärr blocks toward it.
   * Each comes with only what its review covers: the patient's name and the checklist, medication
   * checks and discrepancies linked to that visit, never the patient's other records.
   */
  private List<Listed> followUpVisits(Handle h, String team, LocalDate from, LocalDate to, TeamRecords cared) {
    List<Visit> pending = new ArrayList<>();
    Map<String, StoredRecord> rowOf = new HashMap<>();
    for (StoredRecord row : store.openVisitsOfFormerPatients(h, team)) {
      if (cared != null && cared.byId(row.id()) != null) {
        continue; // listed already (cannot happen while one relationship row is kept per team)
      }
      // Without a period: every one still open, however old (also one whose stored time is no date).
      Visit v = from == null ? (row.tombstone() ? null : decode(row, Visit.class)) : visitInPeriod(row, from, to);
      if (v != null && team.equals(v.teamId()) && needsReview(v)) {
        pending.add(v);
        rowOf.put(v.id(), row);
      }
    }
    if (pending.isEmpty()) {
      return List.of();
    }
    Set<String> patients = new LinkedHashSet<>();
    pending.forEach(v -> patients.add(v.patientId()));
    TeamRecords content =
        new TeamRecords(store.recordsOfPatients(h, patients, VISIT_CONTENT.subList(1, VISIT_CONTENT.size())));
    List<Listed> out = new ArrayList<>();
    for (Visit v : pending) {
      out.add(new Listed(v, rowOf.get(v.id()), content, true));
    }
    return out;
  }

  /**
   * How many follow-ups wait for the team, however old: its own visits still to review of
   * patients it no longer cares for, the open conflicts followed up through it, and those a
   * patient's spärr hides from it. Only numbers: no patient is named, so nothing is logged.
   */
  public TeamLeadViews.FollowUpCounts followUpCounts(Principal principal, String teamId) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    ReviewService.FollowUpCounts conflicts = review.followUpCounts(principal, team);
    int[] visits =
        db.inReadTransaction(
            h -> new int[] {
              Capabilities.canFollowUpTeamVisits(principal) ? store.countOpenVisitsOfFormerPatients(h, team) : 0,
              store.countOpenVisitsHiddenBySparr(h, team)});
    return new TeamLeadViews.FollowUpCounts(team, visits[0], conflicts.conflicts(), conflicts.hiddenConflicts() + visits[1]);
  }

  /**
   * Every follow-up visit of the team still open, however old, oldest first: the same cards as the
   * visit list, reviewed the same way, and logged the same way (per visit, as a follow-up).
   */
  public TeamLeadViews.FollowUpList followUps(Principal principal, String teamId) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    TeamLeadViews.FollowUpCounts counts = followUpCounts(principal, team);
    List<VisitView> views = List.of();
    if (Capabilities.canFollowUpTeamVisits(principal)) {
      views =
          db.inReadTransaction(
              h -> {
                return cards(h, new Names(h), followUpVisits(h, team, null, null, null));
              });
    }
    auditFollowUpReads(principal, team, views);
    return new TeamLeadViews.FollowUpList(team, views.size(), counts.conflicts(), counts.hiddenBySparr(), views);
  }

  /** The access-log detail of a follow-up visit's view or review. */
  static final String FOLLOW_UP_VISIT_DETAIL =
      "uppföljning utan aktiv vårdrelation: teamets vårdrelation har upphört, teamets eget besök granskas";

  /**
   * One access-log entry per follow-up visit shown, naming the visit: the team's care
   * relationship has ended, so the log says exactly which visit was seen and why.
   */
  private void auditFollowUpReads(Principal principal, String team, List<VisitView> shown) {
    if (shown.isEmpty()) {
      return;
    }
    db.inWriteTransaction(
        h -> {
          AuditService.Batch batch = audit.batch(principal);
          for (VisitView v : shown) {
            batch.add(v.patientId(), team, AuditAction.READ, EntityType.VISIT.wireName(), v.id(), null,
                "TEAMLEAD_VISITS FOLLOW_UP", FOLLOW_UP_VISIT_DETAIL);
          }
          batch.write(h);
          return null;
        });
  }

  /**
   * Approves a visit or flags it as needing action, bound to the version the team leader saw:
   * if the visit changed since ({@code seenVersion} is not current), nothing is written and the
   * caller is told to look again. The review is a server-made change with its own version, so it
   * syncs to the tablets; a later content change makes it stale (rules/ReviewBinding).
   */
  public ReviewResult review(Principal principal, String visitId, Decision decision, long seenVersion, String note) {
    requireTeamLeader(principal);
    String comment = note == null || note.isBlank() ? null : note.strip();
    if (comment != null && comment.length() > MAX_NOTE) {
      throw ApiException.invalid("note", "Kommentaren är längre än " + MAX_NOTE + " tecken.");
    }
    ReviewResult result =
        db.inWriteTransaction(
            h -> {
              StoredRecord row =
                  store.find(h, visitId)
                      .filter(r -> r.entityType().equals(EntityType.VISIT.wireName()) && !r.tombstone())
                      .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "Besöket finns inte i dina team."));
              // Reviewed by a leader of a team caring for the patient now (a patient two teams
              // care for has visits of each: another team's visit is for its own team leader, as
              // the visit list shows it only to that team), or as a follow-up by the leader of
              // the team that made it, once that team's care ended; otherwise it does not exist
              // for the caller.
              String followUpTeam = null;
              if (!(scopes.inScope(h, row.patientId(), principal.teamIds()) && ourVisit(row, principal.teamIds()))) {
                followUpTeam = followUpTeam(h, row, principal);
                if (followUpTeam == null) {
                  throw new ApiException(ErrorCode.NOT_FOUND, "Besöket finns inte i dina team.");
                }
              }
              if (row.version() != seenVersion) {
                JsonObject details = new JsonObject();
                details.addProperty("field", "version");
                details.addProperty("currentVersion", row.version());
                throw new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    "Besöket har ändrats sedan du läste det (version " + seenVersion + ", nu " + row.version()
                        + "). Läs in listan igen och granska den nya versionen.",
                    details);
              }
              Visit visit = decode(row, Visit.class);
              if (decision == Decision.REVIEWED && !OVER.contains(visit.status())) {
                throw ApiException.invalid(
                    "decision", "Besöket är inte avslutat (" + label(visit.status()) + ") och kan inte godkännas ännu.");
              }
              Instant now = clock.instant();
              JsonObject changes = new JsonObject();
              changes.addProperty("reviewState", decision.name());
              changes.addProperty("reviewedBy", principal.staffId());
              changes.addProperty("reviewedAt", now.toString());
              changes.addProperty("reviewedVersion", row.version());
              // On the record, so the team sees on their tablets what to do; a review without a
              // comment clears an earlier one. History keeps every comment ever given.
              changes.add("reviewNote", comment == null ? com.google.gson.JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(comment));
              StoredRecord after = serverRecords.update(h, row, changes, false, principal.staffId(), "REVIEW", comment);
              audit.batch(principal)
                  .add(row.patientId(),
                      followUpTeam != null ? followUpTeam : scopes.careTeam(h, row.patientId(), principal.teamIds()),
                      AuditAction.UPDATE, EntityType.VISIT.wireName(), row.id(), null,
                      decision.name() + " v" + row.version() + (followUpTeam == null ? "" : " FOLLOW_UP"),
                      followUpTeam == null ? null : FOLLOW_UP_VISIT_DETAIL)
                  .write(h);
              ReviewState state = ReviewState.valueOf(decision.name());
              return new ReviewResult(row.id(), after.version(), state.name(), state.label(), row.version(), now);
            });
    LOG.info("visit {} {} by {} at version {}", visitId, decision, principal.staffId(), seenVersion);
    return result;
  }

  /**
   * The caller's team through which a visit is reviewed as a follow-up, or null: the team the
   * visit names, if the caller leads it, that team no longer cares for the patient, no spärr
   * blocks the patient toward it, and the visit still needs review (the list shows it).
   */
  private String followUpTeam(Handle h, StoredRecord row, Principal principal) {
    if (!Capabilities.canFollowUpTeamVisits(principal)) {
      return null;
    }
    JsonElement team = row.data().get("teamId");
    if (team == null || !team.isJsonPrimitive() || !principal.teamIds().contains(team.getAsString())) {
      return null;
    }
    if (!needsReview(decode(row, Visit.class)) || !scopes.formerUnblocked(h, row.patientId(), team.getAsString())) {
      return null;
    }
    return team.getAsString();
  }

  /** Whether a visit is one of these teams' (a visit that names no team is its patient's care teams'). */
  private static boolean ourVisit(StoredRecord visit, List<String> teamIds) {
    JsonElement team = visit.data().get("teamId");
    return team == null || team.isJsonNull() || teamIds.contains(team.getAsString());
  }

  private VisitView visitView(Handle h, Visit v, TeamRecords records, Names names, String reviewNote, boolean followUp) {
    List<String> staff = new ArrayList<>();
    for (String id : v.staffIds()) {
      staff.add(names.staff(id));
    }
    Long minutes = null;
    if (v.actualStart() != null && v.actualEnd() != null) {
      minutes = Duration.between(v.actualStart(), v.actualEnd()).toMinutes();
    } else if (v.plannedStart() != null && v.plannedEnd() != null) {
      minutes = Duration.between(v.plannedStart(), v.plannedEnd()).toMinutes();
    }
    ChecklistSummary checklist = null;
    // Only the visit's own patient's records: a link is a tablet's value and may name any visit.
    for (StoredRecord c : records.of(EntityType.DISCHARGE_CHECKLIST, v.patientId())) {
      if (!c.tombstone() && v.id().equals(decode(c, DischargeChecklist.class).visitId())) {
        checklist = checklistSummary(h, c.id(), v.patientId(), records, names);
        break;
      }
    }
    List<MedicationCheckView> checks = new ArrayList<>();
    for (StoredRecord c : records.of(EntityType.MEDICATION_CHECK, v.patientId())) {
      MedicationCheck check = decode(c, MedicationCheck.class);
      if (!c.tombstone() && v.id().equals(check.visitId())) {
        checks.add(new MedicationCheckView(check.id(), name(check.status()), label(check.status()),
            openDiscrepancies(records, v.patientId(), d -> check.id().equals(d.checkId()))));
      }
    }
    ReviewState state = v.reviewState() == null ? ReviewState.NOT_REVIEWED : v.reviewState();
    return new VisitView(
        v.id(), v.version(), v.patientId(), names.patient(records, v.patientId()), v.teamId(),
        name(v.visitType()), label(v.visitType()), name(v.status()), label(v.status()), staff,
        v.plannedStart(), v.plannedEnd(), v.actualStart(), v.actualEnd(), minutes, v.note(),
        v.signedBy() == null ? null : names.staff(v.signedBy()), v.signedAt(), checklist, checks,
        state.name(), state.label(), v.reviewedBy() == null ? null : names.staff(v.reviewedBy()), v.reviewedAt(),
        v.reviewedVersion(), state == ReviewState.REVIEW_STALE, reviewNote, OVER.contains(v.status()), followUp);
  }

  /**
   * A checklist's items by state. With {@code h}, each "Ej aktuell" item carries the reason given
   * with the change that made it so (see {@link #notApplicableReason}); without, only the counts
   * and texts are needed.
   */
  private ChecklistSummary checklistSummary(Handle h, String checklistId, String patientId, TeamRecords records, Names names) {
    List<ChecklistItem> items = new ArrayList<>();
    for (StoredRecord r : records.of(EntityType.CHECKLIST_ITEM, patientId)) {
      ChecklistItem item = decode(r, ChecklistItem.class);
      if (!r.tombstone() && checklistId.equals(item.checklistId())) {
        items.add(item);
      }
    }
    items.sort(Comparator.comparingInt(ChecklistItem::sortOrder).thenComparing(ChecklistItem::id));
    List<String> done = new ArrayList<>();
    List<String> open = new ArrayList<>();
    List<NotApplicableItem> notApplicable = new ArrayList<>();
    for (ChecklistItem item : items) {
      String text = item.label() == null ? item.itemKey() : item.label();
      if (item.state() == ItemState.DONE) {
        done.add(text);
      } else if (item.state() == ItemState.NOT_APPLICABLE) {
        // Settled, but a judgement someone made: named with who made it and why, never only counted.
        String reason = h == null ? null : notApplicableReason(h, item.id());
        notApplicable.add(new NotApplicableItem(item.id(), text,
            item.confirmedBy() == null ? null : names.staff(item.confirmedBy()), item.confirmedAt(), reason));
      } else if (!SETTLED.contains(item.state())) {
        open.add(text + " (" + label(item.state() == null ? ItemState.UNCHECKED : item.state()) + ")");
      }
    }
    return new ChecklistSummary(items.size(), done, open, notApplicable);
  }

  /**
   * The note sent with the change that last made an item "Ej aktuell", or null. Not the item's
   * current note: a tablet that marks an item not applicable without a note leaves the older one
   * (written when the item was done, or a reopen reason), which is no reason for this judgement.
   */
  private String notApplicableReason(Handle h, String itemId) {
    for (HistoryEntry entry : records.history(h, itemId)) {
      JsonElement state = entry.changes().get("state");
      if (state != null && state.isJsonPrimitive() && ItemState.NOT_APPLICABLE.name().equals(state.getAsString())) {
        JsonElement note = entry.changes().get("note");
        return note != null && note.isJsonPrimitive() && !note.getAsString().isBlank() ? note.getAsString() : null;
      }
    }
    return null;
  }

  private List<DiscrepancyView> openDiscrepancies(
      TeamRecords records, String patientId, java.util.function.Predicate<Discrepancy> which) {
    List<DiscrepancyView> out = new ArrayList<>();
    for (StoredRecord r : records.of(EntityType.DISCREPANCY, patientId)) {
      Discrepancy d = decode(r, Discrepancy.class);
      // Escalated is a step on the way to the prescriber's resolution (DOMAIN rule 1), not one.
      DiscrepancyResolution resolution = d.resolution() == null ? DiscrepancyResolution.OPEN : d.resolution();
      boolean open = resolution == DiscrepancyResolution.OPEN || resolution == DiscrepancyResolution.ESCALATED;
      if (!r.tombstone() && open && which.test(d)) {
        List<MedicationLine> lines = new ArrayList<>();
        for (String lineId : d.lineIds()) {
          StoredRecord line = records.byId(lineId);
          if (line != null && patientId.equals(line.patientId())) {
            lines.add(decode(line, MedicationLine.class));
          }
        }
        List<String> drugs = lineLabels(lines, records::byId);
        out.add(new DiscrepancyView(d.id(), name(d.type()), label(d.type()), label(d.severity()), drugs, d.note(),
            resolution.name(), resolution.label()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Conflicts
  // ---------------------------------------------------------------------------------------------

  /** The team's review queue (needs review), medication first, then oldest, with names. */
  public List<ConflictItem> conflicts(Principal principal, String teamId) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    List<ConflictView> queue = review.list(principal, new ConflictQuery(team, null, null, null, null));
    return db.inReadTransaction(
        h -> {
          Map<String, String> staff = store.staffNames(h);
          Map<String, String> ids = idNames(h, staff);
          Map<String, String> devices = store.deviceNames(h);
          List<ConflictItem> out = new ArrayList<>();
          for (ConflictView view : queue) {
            ConflictRecord c = view.conflict();
            // Only the conflict's own patient's record (a conflict offered back by a tablet names it).
            StoredRecord entity =
                store.find(h, c.entityId()).filter(e -> java.util.Objects.equals(e.patientId(), c.patientId())).orElse(null);
            // A completed medication check is attested as it stands (DOMAIN rule 4): no decision rewrites it.
            boolean attested = entity != null && !entity.tombstone()
                && EntityType.MEDICATION_CHECK.wireName().equals(entity.entityType())
                && entity.data().has("status") && "COMPLETE".equals(entity.data().get("status").getAsString());
            boolean acknowledgeOnly = SignedRecords.acknowledgeOnly(c.rule()) || StaleDecision.RULE.equals(c.rule()) || attested;
            JsonObject current = currentValue(entity, c);
            JsonElement base = parse(c.baseValue());
            JsonElement server = parse(c.serverValue());
            JsonElement sent = parse(c.deviceValue());
            out.add(new ConflictItem(
                c.id(), view.kind().name(), name(c.status()), label(c.status()), view.patientName(), view.createdAt(),
                view.ageHours(), c.entityType(), entityLabel(h, entity, c.entityType()), c.fields(), c.rule(), ruleLabel(c.rule()),
                current, base, server, person(staff, c.serverAuthor()),
                device(devices, c.serverDeviceId()), c.serverDeviceTime(), sent,
                person(staff, c.deviceAuthor()), device(devices, c.deviceId()), c.deviceTime(),
                valueLabels(c, ids, current, base, server, sent), acknowledgeOnly,
                se.nara.server.sync.RestoreRecovery.RULE.equals(c.rule()),
                entity == null ? null : entity.version(), changedParts(h, c),
                se.nara.server.review.ReviewService.needsCounterpart(c.rule()), view.followUp()));
          }
          return out;
        });
  }

  /** Resolves all restore conflicts of the team at once (see {@link ReviewService#resolveRestored}). */
  public ReviewService.BulkResolution resolveRestored(Principal principal, String teamId, Resolution resolution) {
    requireTeamLeader(principal);
    return review.resolveRestored(principal, teamId, resolution);
  }

  /** Resolves a conflict through the review service (which checks scope and audits). */
  public ConflictRecord resolve(Principal principal, String conflictId, Resolution resolution) {
    requireTeamLeader(principal);
    return review.resolve(principal, conflictId, resolution);
  }

  // ---------------------------------------------------------------------------------------------
  // Automatically resolved conflicts
  // ---------------------------------------------------------------------------------------------

  /** How far back the list of automatically resolved conflicts reaches by default, in days. */
  public static final int DEFAULT_AUTO_RESOLVED_DAYS = 30;
  /** The furthest back it reaches in one request, in days. */
  public static final int MAX_AUTO_RESOLVED_DAYS = 366;

  /**
   * The conflicts the rules resolved on their own for the team's patients in the last {@code
   * days} days, newest first: what was kept, what was overridden (the value the conflict record
   * keeps), who wrote each and when, and which rule decided. Acknowledged ones stay listed with who
   * acknowledged them. A team leader acknowledges one with {@link #resolve} and {@code
   * KEEP_SERVER}, as any acknowledge-only conflict. Logged as a read of each patient shown.
   */
  public AutoResolvedList autoResolved(Principal principal, String teamId, int days) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    if (days < 1 || days > MAX_AUTO_RESOLVED_DAYS) {
      throw ApiException.invalid("days", "days måste vara ett heltal från 1 till " + MAX_AUTO_RESOLVED_DAYS + ".");
    }
    long since = clock.instant().minus(Duration.ofDays(days)).toEpochMilli();
    List<AutoResolvedItem> items =
        db.inReadTransaction(
            h -> {
              Names names = new Names(h);
              Map<String, String> staff = store.staffNames(h);
              Map<String, String> ids = idNames(h, staff);
              Map<String, String> devices = store.deviceNames(h);
              TeamRecords teamRecords =
                  new TeamRecords(store.recordsOfTeam(h, team, List.of(EntityType.CONFLICT.wireName(), EntityType.PATIENT.wireName())));
              List<AutoResolvedItem> out = new ArrayList<>();
              for (StoredRecord row : teamRecords.of(EntityType.CONFLICT)) {
                if (row.tombstone() || row.createdAt() < since) {
                  continue;
                }
                ConflictRecord c = se.nara.server.sync.StoredConflicts.readOrNull(row);
                if (c == null || c.status() == null || c.status() == ConflictStatus.NEEDS_REVIEW) {
                  continue;
                }
                boolean acknowledged = c.status() == ConflictStatus.RESOLVED;
                JsonElement kept = parse(c.resultValue());
                if (acknowledged) {
                  JsonObject ruled = ruleVersion(h, row.id());
                  if (ruled == null) {
                    continue; // a person decided it from the review queue: not the rules' doing
                  }
                  // What the rule kept is in the version it wrote; a later decision (a tablet's value
                  // taken through the bearer API) rewrote the record's result.
                  JsonElement ruleResult = ruled.get("resultValue");
                  if (ruleResult != null && ruleResult.isJsonPrimitive()) {
                    kept = parse(ruleResult.getAsString());
                  }
                }
                StoredRecord entity =
                    store.find(h, c.entityId()).filter(e -> java.util.Objects.equals(e.patientId(), c.patientId())).orElse(null);
                JsonElement base = parse(c.baseValue());
                JsonElement server = parse(c.serverValue());
                JsonElement sent = parse(c.deviceValue());
                JsonObject current = currentValue(entity, c);
                JsonElement decision = acknowledged ? parse(c.resolution()) : null;
                String note = decision != null && decision.isJsonObject() ? text(decision.getAsJsonObject(), "note") : null;
                String choice = decision != null && decision.isJsonObject() ? text(decision.getAsJsonObject(), "choice") : null;
                // Kvittera is KEEP_SERVER; another choice replaced what the rule kept, which is a decision.
                String statusLabel = !acknowledged ? label(c.status())
                    : choice == null || "KEEP_SERVER".equals(choice) ? "Kvitterad" : label(c.status());
                out.add(new AutoResolvedItem(
                    c.id(), name(c.status()), statusLabel, c.patientId(),
                    names.patient(teamRecords, c.patientId()), Instant.ofEpochMilli(row.createdAt()), c.entityType(),
                    entityLabel(h, entity, c.entityType()), c.fields(), c.rule(), ruleLabel(c.rule()), kept, current,
                    overridden(c.fields(), kept, server, sent), base, server, person(staff, c.serverAuthor()),
                    device(devices, c.serverDeviceId()), c.serverDeviceTime(), sent, person(staff, c.deviceAuthor()),
                    device(devices, c.deviceId()), c.deviceTime(), valueLabels(c, ids, kept, current, base, server, sent),
                    acknowledged, acknowledged ? person(staff, c.resolvedBy()) : null, acknowledged ? c.resolvedAt() : null,
                    note, entity == null ? null : entity.version()));
              }
              return out;
            });
    items.sort(Comparator.comparing(AutoResolvedItem::createdAt).reversed().thenComparing(AutoResolvedItem::id));
    auditReads(principal, team, items.stream().map(AutoResolvedItem::patientId).toList(), "conflict", "TEAMLEAD_AUTO_RESOLVED");
    int open = (int) items.stream().filter(i -> !i.acknowledged()).count();
    return new AutoResolvedList(team, days, open, items);
  }

  /**
   * The first version of a conflict record (as its history keeps it) when its rule resolved it
   * (that version says AUTO_RESOLVED), else null: then a person decided it from the review queue.
   */
  private JsonObject ruleVersion(Handle h, String conflictId) {
    List<HistoryEntry> history = records.history(h, conflictId);
    if (history.isEmpty()) {
      return null;
    }
    JsonObject first = history.get(history.size() - 1).changes();
    JsonElement status = first.get("status");
    return status != null && status.isJsonPrimitive() && ConflictStatus.AUTO_RESOLVED.name().equals(status.getAsString()) ? first : null;
  }

  /**
   * Which side a rule set aside: DEVICE when it kept the server's values, SERVER when it kept the
   * tablet's, NONE when it kept neither whole (merged notes) or both were the same.
   */
  private static String overridden(List<String> fields, JsonElement kept, JsonElement server, JsonElement device) {
    boolean isServer = sameFields(kept, server, fields);
    boolean isDevice = sameFields(kept, device, fields);
    if (isServer && !isDevice) {
      return "DEVICE";
    }
    if (isDevice && !isServer) {
      return "SERVER";
    }
    return "NONE";
  }

  private static boolean sameFields(JsonElement a, JsonElement b, List<String> fields) {
    if (a == null || b == null || !a.isJsonObject() || !b.isJsonObject() || fields.isEmpty()) {
      return false;
    }
    for (String field : fields) {
      JsonElement x = a.getAsJsonObject().get(field);
      JsonElement y = b.getAsJsonObject().get(field);
      if (!(x == null ? JsonNull.INSTANCE : x).equals(y == null ? JsonNull.INSTANCE : y)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Deviations
  // ---------------------------------------------------------------------------------------------

  /**
   * The deviations (avvikelser) reported for the team's patients: open ones first, then closed
   * ones, newest reported first within each, and those entered in error last. Each with its status
   * and every status change from its history with the reason given with it (DOMAIN rule 11).
   * Logged as a read of each patient shown.
   */
  public DeviationList deviations(Principal principal, String teamId) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    record Shown(DeviationView view, Instant reported) {}
    List<Shown> shown =
        db.inReadTransaction(
            h -> {
              Names names = new Names(h);
              TeamRecords teamRecords =
                  new TeamRecords(
                      store.recordsOfTeam(
                          h, team,
                          List.of(EntityType.DEVIATION.wireName(), EntityType.PATIENT.wireName(),
                              EntityType.CHECKLIST_ITEM.wireName(), EntityType.DISCREPANCY.wireName())));
              List<Shown> out = new ArrayList<>();
              for (StoredRecord row : teamRecords.of(EntityType.DEVIATION)) {
                Deviation d = decode(row, Deviation.class);
                DeviationStatus status = d.status() == null ? DeviationStatus.REGISTERED : d.status();
                boolean open = !row.tombstone() && status != DeviationStatus.CLOSED;
                out.add(new Shown(new DeviationView(
                    d.id(), row.version(), row.patientId(), names.patient(teamRecords, row.patientId()), name(d.category()),
                    label(d.category()), d.description(), name(d.severity()), label(d.severity()), status.name(),
                    status.label(), open, d.reportedBy() == null ? null : names.staff(d.reportedBy()), d.reportedAt(),
                    d.detectedAt(), d.immediateAction(), name(d.lexMaria()), label(d.lexMaria()), d.statusReason(),
                    statusChanges(records.history(h, row.id()), names), linkedTo(h, teamRecords, d, row.patientId()),
                    row.tombstone()),
                    d.reportedAt() != null ? d.reportedAt() : Instant.ofEpochMilli(row.createdAt())));
              }
              return out;
            });
    shown.sort(
        Comparator.comparing((Shown s) -> s.view().enteredInError())
            .thenComparing(s -> !s.view().open())
            .thenComparing(Shown::reported, Comparator.reverseOrder())
            .thenComparing(s -> s.view().id()));
    List<DeviationView> views = shown.stream().map(Shown::view).toList();
    auditReads(principal, team, views.stream().map(DeviationView::patientId).toList(), "deviation", "TEAMLEAD_DEVIATIONS");
    return new DeviationList(team, (int) views.stream().filter(DeviationView::open).count(), views);
  }

  /**
   * A deviation's status changes, oldest first, from its history (newest first): every version that
   * set the status or gave a reason for it, with the reason given in that very change.
   */
  private static List<StatusChange> statusChanges(List<HistoryEntry> history, Names names) {
    List<StatusChange> out = new ArrayList<>();
    String status = null;
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry e = history.get(i);
      JsonElement set = e.changes().get("status");
      JsonElement reason = e.changes().get("statusReason");
      boolean setsStatus = set != null && set.isJsonPrimitive();
      boolean givesReason = reason != null && reason.isJsonPrimitive() && !reason.getAsString().isBlank();
      if (setsStatus) {
        status = set.getAsString();
      }
      if (!setsStatus && !givesReason) {
        continue;
      }
      DeviationStatus known = null;
      for (DeviationStatus s : DeviationStatus.values()) {
        if (s.name().equals(status)) {
          known = s;
        }
      }
      out.add(new StatusChange(
          e.version(), status, known == null ? status : known.label(), givesReason ? reason.getAsString() : null,
          e.changedBy() == null ? null : names.staff(e.changedBy()), Instant.ofEpochMilli(e.changedAt()),
          e.deviceTime() == null ? null : Instant.ofEpochMilli(e.deviceTime())));
    }
    return out;
  }

  /** What raised a deviation (its checklist item or medication discrepancy), by name; only the same patient's records. */
  private String linkedTo(Handle h, TeamRecords teamRecords, Deviation d, String patientId) {
    for (String id : new String[] {d.checklistItemId(), d.discrepancyId()}) {
      StoredRecord linked = id == null ? null : teamRecords.byId(id);
      if (linked != null && java.util.Objects.equals(linked.patientId(), patientId)) {
        return entityLabel(h, linked, linked.entityType());
      }
    }
    return null;
  }

  /**
   * For each of the conflict's fields, a readable form of every value shown that has one: the
   * Swedish label of a coded value (an enum such as a checklist item's state: "Saknas", not
   * "MISSING") and the name of a staff member or team a field names by id (who confirmed an item).
   */
  private static Map<String, Map<String, String>> valueLabels(
      ConflictRecord c, Map<String, String> staff, JsonElement... shown) {
    EntityType type = EntityType.fromWireName(c.entityType());
    Map<String, Map<String, String>> labels = new java.util.TreeMap<>();
    for (String field : c.fields()) {
      Class<?> fieldType = modelFieldType(type, field);
      for (JsonElement side : shown) {
        JsonElement value = side != null && side.isJsonObject() ? side.getAsJsonObject().get(field) : null;
        addLabel(labels, field, value, fieldType, staff);
      }
    }
    return labels;
  }

  /**
   * Ids a value may carry that staff know by name, with those names: staff ({@code staff}: who
   * confirmed, a visit's staff) and teams (a visit's or a deviation's teamId, an episode's
   * responsible team).
   */
  private Map<String, String> idNames(Handle h, Map<String, String> staff) {
    Map<String, String> readable = new HashMap<>(staff);
    store.directory(h, EntityType.TEAM.wireName()).forEach((id, team) -> readable.put(id, decode(team, Team.class).name()));
    return readable;
  }

  /** The type of a record type's model field, or null when the field is not one (nothing coded to label). */
  private static Class<?> modelFieldType(EntityType type, String field) {
    try {
      return type == null ? null : type.modelClass().getDeclaredField(field).getType();
    } catch (NoSuchFieldException notAModelField) {
      return null;
    }
  }

  /**
   * Adds the readable form of one shown value of {@code field}, if it has one: the name of the
   * staff member or team its id names ({@code names}), else the Swedish label of a coded value.
   */
  private static void addLabel(
      Map<String, Map<String, String>> labels, String field, JsonElement value, Class<?> fieldType, Map<String, String> names) {
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      return;
    }
    String text = value.getAsString();
    String readable = names.get(text);
    if (readable == null && fieldType != null && fieldType.isEnum()) {
      for (Object constant : fieldType.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(text)) {
          readable = label((Enum<?>) constant);
        }
      }
    }
    if (readable != null) {
      labels.computeIfAbsent(field, f -> new java.util.TreeMap<>()).put(text, readable);
    }
  }

  /** The record's values for the conflict's fields as they stand now (JSON null for an unset field). */
  private static JsonObject currentValue(StoredRecord entity, ConflictRecord c) {
    if (entity == null) {
      return null;
    }
    JsonObject now = new JsonObject();
    for (String field : c.fields()) {
      JsonElement value = entity.data().get(field);
      now.add(field, value == null ? JsonNull.INSTANCE : value.deepCopy());
    }
    return now;
  }

  /**
   * The parts a conflict names in its result ("type id", rules 14 and 15c) by what staff call them;
   * only the conflict's own patient's records are looked up.
   */
  private List<String> changedParts(org.jdbi.v3.core.Handle h, ConflictRecord c) {
    JsonElement result = parse(c.resultValue());
    if (result == null || !result.isJsonObject() || !result.getAsJsonObject().has("changedParts")
        || !result.getAsJsonObject().get("changedParts").isJsonArray()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (JsonElement part : result.getAsJsonObject().getAsJsonArray("changedParts")) {
      String[] typeAndId = part.isJsonPrimitive() ? part.getAsString().split(" ", 2) : new String[0];
      if (typeAndId.length != 2) {
        continue;
      }
      StoredRecord record =
          store.find(h, typeAndId[1]).filter(r -> java.util.Objects.equals(r.patientId(), c.patientId())).orElse(null);
      names.add(record == null
          ? typeLabel(typeAndId[0])
          : entityLabel(h, record, record.entityType()));
    }
    return names;
  }

  private String entityLabel(Handle h, StoredRecord entity, String entityType) {
    String what = typeLabel(entityType);
    if (entity == null) {
      return what;
    }
    JsonObject d = entity.data();
    String detail = null;
    switch (entityType) {
      case "medication_line":
        detail = lineLabel(decode(entity, MedicationLine.class));
        break;
      case "discrepancy": {
        // Which discrepancy is decided: its type and the drugs it is about, as the visit list shows it.
        Discrepancy discrepancy = decode(entity, Discrepancy.class);
        List<String> drugs = drugsOf(h, entity.patientId(), discrepancy.lineIds());
        String type = label(discrepancy.type());
        detail = type == null ? (drugs.isEmpty() ? null : String.join(", ", drugs))
            : drugs.isEmpty() ? type : type + " – " + String.join(", ", drugs);
        break;
      }
      case "medication_line_check": {
        String lineId = text(d, "lineId");
        List<String> drugs = lineId == null ? List.of() : drugsOf(h, entity.patientId(), List.of(lineId));
        detail = drugs.isEmpty() ? null : drugs.get(0);
        break;
      }
      case "checklist_item":
        detail = text(d, "label");
        break;
      case "visit":
        // Staff read times in Swedish local time everywhere else; a stored instant is UTC.
        detail = localTime(text(d, "plannedStart") != null ? text(d, "plannedStart") : text(d, "actualStart"));
        break;
      default:
        detail = text(d, "description");
        break;
    }
    return detail == null ? what : what + ": " + detail;
  }

  private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** A stored instant as a date and time in the team's local time; the text as it is when it is no instant. */
  private String localTime(String instant) {
    if (instant == null) {
      return null;
    }
    try {
      Instant at = Instant.parse(instant);
      return TimeBounds.contains(at) ? MINUTE.format(at.atZone(figures.zone())) : instant;
    } catch (java.time.format.DateTimeParseException notAnInstant) {
      return instant;
    }
  }

  /** The labels of the patient's medication lines with these ids (only the patient's own records are looked up). */
  private List<String> drugsOf(Handle h, String patientId, List<String> lineIds) {
    List<MedicationLine> lines = new ArrayList<>();
    for (String lineId : lineIds == null ? List.<String>of() : lineIds) {
      store.find(h, lineId)
          .filter(r -> EntityType.MEDICATION_LINE.wireName().equals(r.entityType())
              && java.util.Objects.equals(r.patientId(), patientId))
          .ifPresent(r -> lines.add(decode(r, MedicationLine.class)));
    }
    return lineLabels(lines, id -> store.find(h, id).orElse(null));
  }

  /**
   * The labels of medication lines, each line once. Lines that read the same are told apart by
   * their list: a discrepancy between the discharge list and the home list is about one line of
   * each, of the same drug, which read "Trombyl 75 mg, Trombyl 75 mg" before; now "Trombyl 75 mg
   * (utskrivningslista/epikris), Trombyl 75 mg (hemmalista)". {@code byId} finds the lists.
   */
  private static List<String> lineLabels(List<MedicationLine> lines, java.util.function.Function<String, StoredRecord> byId) {
    List<MedicationLine> once = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (MedicationLine line : lines) {
      if (line.id() == null || seen.add(line.id())) {
        once.add(line);
      }
    }
    List<String> plain = new ArrayList<>();
    once.forEach(line -> plain.add(lineLabel(line)));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < once.size(); i++) {
      String label = plain.get(i);
      String list = java.util.Collections.frequency(plain, label) > 1 ? listLabel(once.get(i), byId) : null;
      out.add(list == null ? label : label + " (" + list + ")");
    }
    return out;
  }

  /** The kind of list a line is on ("hemmalista"), from the same patient's list record; null when unknown. */
  private static String listLabel(MedicationLine line, java.util.function.Function<String, StoredRecord> byId) {
    StoredRecord list = line.listId() == null ? null : byId.apply(line.listId());
    if (list == null || !EntityType.MEDICATION_LIST.wireName().equals(list.entityType())
        || !java.util.Objects.equals(list.patientId(), line.patientId())) {
      return null;
    }
    se.nara.sdk.model.ListSource source = decode(list, se.nara.sdk.model.MedicationList.class).source();
    if (source == null) {
      return null;
    }
    String label = source.label();
    return label.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + label.substring(1);
  }

  private static String typeLabel(String entityType) {
    switch (entityType) {
      case "medication_line": return "Läkemedelsrad";
      case "medication_list": return "Läkemedelslista";
      case "medication_check": return "Läkemedelsavstämning";
      case "medication_line_check": return "Kontroll av läkemedelsrad";
      case "discrepancy": return "Avvikelse i läkemedelslista";
      case "checklist_item": return "Checklistpunkt";
      case "discharge_checklist": return "Utskrivningschecklista";
      case "plan": return "Plan (SIP)";
      case "plan_goal": return "Mål i plan";
      case "plan_action": return "Insats i plan";
      case "visit": return "Besök";
      case "deviation": return "Avvikelse";
      case "care_episode": return "Vårdepisod";
      default: return entityType;
    }
  }

  private static String ruleLabel(String rule) {
    return se.nara.server.sync.RuleLabels.swedish(rule);
  }

  private static JsonElement parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JsonParser.parseString(json);
    } catch (RuntimeException notJson) {
      return new JsonPrimitive(json);
    }
  }

  private static String person(Map<String, String> staff, String staffId) {
    return staffId == null ? null : staff.getOrDefault(staffId, staffId);
  }

  private static String device(Map<String, String> devices, String deviceId) {
    if (deviceId == null) {
      return null;
    }
    String name = devices.get(deviceId);
    return name == null ? "Enhet " + deviceId.substring(0, Math.min(8, deviceId.length())) : name;
  }

  // ---------------------------------------------------------------------------------------------
  // Discharge board
  // ---------------------------------------------------------------------------------------------

  /** The team's patients in the SVU process, with the deadlines and the team's average. */
  public Board board(Principal principal, String teamId) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    Instant now = clock.instant();
    record Result(List<EpisodeView> episodes, List<Integer> dischargeDays) {}
    Result result =
        db.inReadTransaction(
            h -> {
              Names names = new Names(h);
              TeamRecords records =
                  new TeamRecords(
                      store.recordsOfTeam(
                          h, team,
                          List.of(EntityType.CARE_EPISODE.wireName(), EntityType.DISCHARGE_CHECKLIST.wireName(),
                              EntityType.CHECKLIST_ITEM.wireName(), EntityType.DISCREPANCY.wireName(),
                              EntityType.MEDICATION_LINE.wireName(), EntityType.MEDICATION_LIST.wireName(),
                              EntityType.PATIENT.wireName())));
              List<EpisodeView> episodes = new ArrayList<>();
              List<Integer> days = new ArrayList<>();
              for (StoredRecord row : records.of(EntityType.CARE_EPISODE)) {
                if (row.tombstone()) {
                  continue;
                }
                CareEpisode stored = decode(row, CareEpisode.class);
                List<String> invalid = EpisodeTimes.outsideCalendar(stored);
                if (!invalid.isEmpty()) {
                  // stored before times were bounded: shown as invalid, counted nowhere, and no reason to fail the board
                  LOG.warn("care episode {} has times that are no dates ({}); shown as invalid on the discharge board", row.id(), invalid);
                }
                CareEpisode e = EpisodeTimes.withoutInvalid(stored);
                // a withdrawn readiness counts for nothing; with its withdrawal no date, no one can tell
                Instant standing =
                    invalid.contains(EpisodeTimes.EJ_LANGRE_UTSKRIVNINGSKLAR)
                        ? null
                        : SvuTimeline.standingReadiness(e.utskrivningsklarAt(), e.ejLangreUtskrivningsklarAt());
                Integer toDischarge = figures.days(standing, e.utskrivenAt());
                if (toDischarge != null) {
                  days.add(toDischarge);
                }
                if (e.status() == SvuStatus.CLOSED) {
                  continue;
                }
                List<SvuTimeline.ReadinessPeriod> periods = invalid.isEmpty() ? SvuTimeline.periods(row.data()) : List.of();
                episodes.add(episodeView(e, records, names, standing, toDischarge, now, invalid, periods));
              }
              return new Result(episodes, days);
            });
    List<EpisodeView> episodes = new ArrayList<>(result.episodes());
    episodes.sort(
        Comparator.comparing((EpisodeView e) -> e.daysToDischarge() != null)
            .thenComparing(e -> -(e.daysWaiting() == null ? -1 : e.daysWaiting()))
            .thenComparing(EpisodeView::patientName, Comparator.nullsLast(Comparator.naturalOrder())));
    auditReads(principal, team, episodes.stream().map(EpisodeView::patientId).toList(), "care_episode", "TEAMLEAD_DISCHARGE_BOARD");
    Double average = DischargeFigures.average(result.dischargeDays());
    PaymentResponsibility payment = figures.payment();
    return new Board(team, figures.targetDays(), figures.sipDeadlineDays(), average, result.dischargeDays().size(),
        figures.meetsTarget(average), episodes, payment.days(), payment.dayKind().name(), payment.describe());
  }

  /**
   * One patient on the board.
   *
   * @param standing the utskrivningsklar that stands ({@link SvuTimeline#standingReadiness}), or
   *     null: a withdrawn readiness starts no SIP deadline and no day count, also after discharge
   */
  private EpisodeView episodeView(
      CareEpisode e, TeamRecords records, Names names, Instant standing, Integer toDischarge, Instant now,
      List<String> invalid, List<SvuTimeline.ReadinessPeriod> periods) {
    boolean ready = e.status() == SvuStatus.READY_FOR_DISCHARGE || e.status() == SvuStatus.DISCHARGED;
    Instant klar = ready ? standing : null;
    // With a time that is no date, nothing derived from the episode's times can be trusted: a missing
    // utskriven would read as still waiting, a missing kallelse as overdue. Nothing is counted then.
    boolean trusted = invalid.isEmpty();
    String notCounted = null;
    if (trusted && e.utskrivenAt() != null && standing == null) {
      notCounted = e.utskrivningsklarAt() == null
          ? "Utskriven utan underrättelse om utskrivningsklar: inga dagar räknas och patienten ingår inte i snittet."
          : "Utskriven efter att utskrivningsklar återtagits (ej längre utskrivningsklar): inga dagar räknas och"
              + " patienten ingår inte i snittet.";
    }
    Integer waiting = trusted && e.utskrivenAt() == null && klar != null ? figures.days(klar, now) : null;
    SipAssessment assessment = e.sipAssessment();
    // A withdrawn readiness runs no deadline now, but what happened while it stood stays: a deadline
    // that ran out with no kallelse is missed, a kallelse sent after it is late (periodSipStatus).
    boolean withdrawn = standing == null && e.utskrivningsklarAt() != null && e.ejLangreUtskrivningsklarAt() != null;
    SvuTimeline.ReadinessPeriod latest = periods.isEmpty() ? null : periods.get(periods.size() - 1);
    DischargeFigures.SipStatus sip =
        !trusted || (withdrawn && latest == null) ? DischargeFigures.SipStatus.UNKNOWN
            : withdrawn
                ? figures.periodSipStatus(latest, now, assessment)
                : figures.sipStatus(klar, e.sipKallelseAt(), now, assessment);
    List<ReadinessView> earlier = new ArrayList<>();
    for (SvuTimeline.ReadinessPeriod p : periods.subList(0, Math.max(0, periods.size() - 1))) {
      DischargeFigures.SipStatus verdict = figures.periodSipStatus(p, now, assessment);
      earlier.add(new ReadinessView(p.start(), p.withdrawnAt(), p.kallelseAt(), figures.sipDeadline(p.start()),
          verdict.name(), verdict.label()));
    }
    Instant assessedAt = assessment == SipAssessment.NOT_NEEDED ? e.sipNotNeededAt() : e.sipNeededAt();
    InskrivningsmeddelandeDeadline.Status meddelande =
        trusted ? InskrivningsmeddelandeDeadline.status(e.inskrivenAt(), e.insatsbehovBedomtAt(), e.inskrivningsmeddelandeAt(), now)
            : InskrivningsmeddelandeDeadline.Status.UNKNOWN;
    PaymentResponsibility.Status payment =
        trusted ? figures.payment().status(standing, e.inskrivningsmeddelandeAt(), e.utskrivenAt(), now)
            : PaymentResponsibility.Status.UNKNOWN;
    List<Step> steps =
        List.of(
            step("INSKRIVEN", EpisodeTimes.INSKRIVEN, e.inskrivenAt(), invalid),
            step("INSATSBEHOV_BEDOMT", EpisodeTimes.INSATSBEHOV_BEDOMT, e.insatsbehovBedomtAt(), invalid),
            step("INSKRIVNINGSMEDDELANDE", EpisodeTimes.INSKRIVNINGSMEDDELANDE, e.inskrivningsmeddelandeAt(), invalid),
            step("UTSKRIVNINGSKLAR", EpisodeTimes.UTSKRIVNINGSKLAR, e.utskrivningsklarAt(), invalid),
            step("EJ_LANGRE_UTSKRIVNINGSKLAR", EpisodeTimes.EJ_LANGRE_UTSKRIVNINGSKLAR, e.ejLangreUtskrivningsklarAt(), invalid),
            new Step("SIP_STALLNINGSTAGANDE", "Ställningstagande till SIP"
                + (assessment == SipAssessment.NOT_ASSESSED ? "" : ": " + assessment.label()), assessedAt,
                assessedAt == null && (invalid.contains(EpisodeTimes.SIP_BEHOVS) || invalid.contains(EpisodeTimes.SIP_BEHOVS_INTE))),
            step("SIP_KALLELSE", EpisodeTimes.SIP_KALLELSE, e.sipKallelseAt(), invalid),
            step("UTSKRIVEN", EpisodeTimes.UTSKRIVEN, e.utskrivenAt(), invalid),
            step("SIP_HALLEN", EpisodeTimes.SIP_HALLEN, e.sipHeldAt(), invalid));
    List<String> openItems = new ArrayList<>();
    for (StoredRecord c : records.of(EntityType.DISCHARGE_CHECKLIST, e.patientId())) {
      if (!c.tombstone() && e.id().equals(decode(c, DischargeChecklist.class).episodeId())) {
        openItems.addAll(checklistSummary(null, c.id(), e.patientId(), records, names).open());
      }
    }
    List<DiscrepancyView> discrepancies = openDiscrepancies(records, e.patientId(), d -> true);
    Integer counted = toDischarge != null ? toDischarge : waiting;
    return new EpisodeView(
        e.id(), e.patientId(), names.patient(records, e.patientId()), name(e.status()), label(e.status()),
        e.hospital(), e.ward(), e.fastVardkontakt() == null ? null : names.staff(e.fastVardkontakt()), steps,
        toDischarge, waiting, counted != null && counted > figures.targetDays(), sip.name(), sip.label(),
        trusted ? figures.sipDeadline(klar, assessment) : null, openItems, discrepancies, invalid, notCounted,
        meddelande.name(), meddelande.label(),
        trusted ? InskrivningsmeddelandeDeadline.due(e.inskrivenAt(), e.insatsbehovBedomtAt()) : null,
        payment.name(), payment.label(),
        trusted ? figures.payment().startDate(standing, e.inskrivningsmeddelandeAt()) : null, earlier);
  }

  private static Step step(String key, String label, Instant at, List<String> invalid) {
    return new Step(key, label, at, at == null && invalid.contains(label));
  }

  // ---------------------------------------------------------------------------------------------
  // Fleet
  // ---------------------------------------------------------------------------------------------

  /** The devices last used by the team's members, with the sync health they last reported. */
  public Fleet fleet(Principal principal, String teamId) {
    requireTeamLeader(principal);
    String team = team(principal, teamId);
    Instant now = clock.instant();
    List<DeviceView> devices =
        db.inReadTransaction(
            h -> {
              Map<String, Integer> open = new HashMap<>();
              for (StoredRecord row : store.recordsOfTeam(h, team, List.of(EntityType.CONFLICT.wireName()))) {
                ConflictRecord c = se.nara.server.sync.StoredConflicts.readOrNull(row);
                if (c != null && c.status() == ConflictStatus.NEEDS_REVIEW && c.deviceId() != null) {
                  open.merge(c.deviceId(), 1, Integer::sum);
                }
              }
              List<DeviceView> out = new ArrayList<>();
              for (TeamLeadStore.TeamDevice td : store.devicesOfTeam(h, team)) {
                var d = td.device();
                Long pendingMinutes =
                    d.oldestPendingAt() == null || d.outboxDepth() == null || d.outboxDepth() == 0
                        ? null
                        : Math.max(0, (now.toEpochMilli() - d.oldestPendingAt()) / 60_000L);
                out.add(new DeviceView(
                    d.deviceId(), d.name(), td.staffName(), instant(d.registeredAt()), instant(d.lastSyncAt()),
                    instant(d.lastSeenAt()), d.outboxDepth(), instant(d.oldestPendingAt()), pendingMinutes,
                    open.getOrDefault(d.deviceId(), 0), d.revokedAt() != null, instant(d.revokedAt())));
              }
              return out;
            });
    return new Fleet(team, now, devices);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  private String team(Principal principal, String teamId) {
    if (teamId == null) {
      if (principal.teamIds().isEmpty()) {
        throw new ApiException(ErrorCode.FORBIDDEN, "Du hör inte till något team.");
      }
      return me(principal).teams().get(0).id();
    }
    if (!principal.teamIds().contains(teamId)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "Du är inte teamledare för det teamet.");
    }
    return teamId;
  }

  // ---------------------------------------------------------------------------------------------
  // A record's history
  // ---------------------------------------------------------------------------------------------

  /**
   * Every version of one patient record, newest first: what changed, who changed it, on which
   * device and when (the device's clock and the server's). Read by walking the record's history
   * chain; the read is logged as access to the patient's data.
   */
  public RecordHistory history(Principal principal, String recordId) {
    requireTeamLeader(principal);
    String notFound = "Journalposten finns inte i dina team.";
    record Read(StoredRecord row, String team, String patientName, List<HistoryEntry> entries, Names names,
        Map<String, String> readable) {}
    Read read = db.inReadTransaction(h -> {
      StoredRecord row = store.find(h, recordId)
          // Care records only: the patient record itself (identity, address, which a protected
          // identity hides) is the register's, not a record of care with a history to review.
          .filter(r -> r.patientId() != null && !r.entityType().equals(EntityType.AUDIT_ENTRY.wireName())
              && !r.entityType().equals(EntityType.PATIENT.wireName()))
          .filter(r -> scopes.inScope(h, r.patientId(), principal.teamIds()))
          .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, notFound));
      String patientName = store.find(h, row.patientId()).map(p -> decode(p, Patient.class).name()).orElse(null);
      Names names = new Names(h);
      Map<String, String> readable = idNames(h, names.staff);
      return new Read(row, scopes.careTeam(h, row.patientId(), principal.teamIds()), patientName,
          records.history(h, recordId), names, readable);
    });
    List<HistoryChange> changes = new ArrayList<>();
    EntityType type = EntityType.fromWireName(read.row().entityType());
    for (HistoryEntry e : read.entries()) {
      changes.add(new HistoryChange(
          e.version(), e.op(), e.changes(), historyLabels(type, e.changes(), read.readable()),
          Instant.ofEpochMilli(e.changedAt()), e.changedBy(),
          e.changedBy() == null ? null : read.names().staff(e.changedBy()), e.deviceId(),
          e.deviceTime() == null ? null : Instant.ofEpochMilli(e.deviceTime()), e.baseVersion(), e.reason()));
    }
    StoredRecord row = read.row();
    db.inWriteTransaction(h -> {
      audit.batch(principal)
          .add(row.patientId(), read.team(), AuditAction.READ, row.entityType(), row.id(), null, "HISTORY")
          .write(h);
      return null;
    });
    return new RecordHistory(row.id(), row.entityType(), row.patientId(), read.patientName(), row.version(), changes);
  }

  /**
   * For each field a version of a record set, the readable form of its coded values: the Swedish
   * label of an enum value and the name of a staff member or team named by id ({@code names}), one
   * by one inside a list (a visit's staff). Fields with nothing to label are left out.
   */
  private static Map<String, Map<String, String>> historyLabels(
      EntityType type, JsonElement values, Map<String, String> staff) {
    Map<String, Map<String, String>> labels = new java.util.TreeMap<>();
    if (values == null || !values.isJsonObject()) {
      return labels;
    }
    for (Map.Entry<String, JsonElement> field : values.getAsJsonObject().entrySet()) {
      Class<?> fieldType = modelFieldType(type, field.getKey());
      List<JsonElement> shown = new ArrayList<>();
      if (field.getValue().isJsonArray()) {
        field.getValue().getAsJsonArray().forEach(shown::add);
      } else {
        shown.add(field.getValue());
      }
      for (JsonElement value : shown) {
        addLabel(labels, field.getKey(), value, fieldType, staff);
      }
    }
    return labels;
  }

  private void auditReads(Principal principal, String team, List<String> patientIds, String resourceType, String outcome) {
    Set<String> patients = new LinkedHashSet<>(patientIds);
    if (patients.isEmpty()) {
      return;
    }
    db.inWriteTransaction(
        h -> {
          AuditService.Batch batch = audit.batch(principal);
          for (String patient : patients) {
            batch.add(patient, team, AuditAction.READ, resourceType, null, null, outcome);
          }
          batch.write(h);
          return null;
        });
  }

  /** The local date of {@code t}, or null when it has none (a year beyond the calendar's). */
  private LocalDate day(Instant t) {
    return TimeBounds.contains(t) ? LocalDate.ofInstant(t, figures.zone()) : null;
  }

  private static Instant when(Visit v, StoredRecord row) {
    if (v.plannedStart() != null) {
      return v.plannedStart();
    }
    if (v.actualStart() != null) {
      return v.actualStart();
    }
    return Instant.ofEpochMilli(row.createdAt());
  }

  private static String lineLabel(MedicationLine line) {
    String name = line.drugName() == null ? "Läkemedel" : line.drugName();
    return line.strength() == null ? name : name + " " + line.strength();
  }

  private static String text(JsonObject data, String field) {
    JsonElement v = data.get(field);
    return v == null || !v.isJsonPrimitive() ? null : v.getAsString();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  /** The Swedish label of one of the model's enums (each has {@code label()}), or null. */
  private static String label(Enum<?> value) {
    if (value == null) {
      return null;
    }
    try {
      return (String) value.getClass().getMethod("label").invoke(value);
    } catch (ReflectiveOperationException e) {
      return value.name();
    }
  }

  static <T> T decode(StoredRecord row, Class<T> type) {
    JsonObject data = row.data().deepCopy();
    data.addProperty("version", row.version());
    return Json.fromData(data, type);
  }

  /** A team's records of several types, by type and by id. */
  private static final class TeamRecords {
    private final Map<String, List<StoredRecord>> byType = new HashMap<>();
    private final Map<String, StoredRecord> byId = new HashMap<>();

    TeamRecords(List<StoredRecord> rows) {
      for (StoredRecord r : rows) {
        byType.computeIfAbsent(r.entityType(), t -> new ArrayList<>()).add(r);
        byId.put(r.id(), r);
      }
    }

    List<StoredRecord> of(EntityType type) {
      return byType.getOrDefault(type.wireName(), List.of());
    }

    /** The records of one type that belong to one patient. */
    List<StoredRecord> of(EntityType type, String patientId) {
      return of(type).stream().filter(r -> java.util.Objects.equals(patientId, r.patientId())).toList();
    }

    StoredRecord byId(String id) {
      return byId.get(id);
    }
  }

  /** Staff and patient names, looked up once per request. */
  private final class Names {
    private final Map<String, String> staff;
    private final Map<String, String> patients = new HashMap<>();

    Names(Handle h) {
      this.staff = store.staffNames(h);
    }

    String staff(String id) {
      return staff.getOrDefault(id, id);
    }

    String patient(TeamRecords records, String patientId) {
      return patients.computeIfAbsent(
          patientId,
          id -> {
            StoredRecord row = records.byId(id);
            return row == null ? null : decode(row, Patient.class).name();
          });
    }
  }
}
