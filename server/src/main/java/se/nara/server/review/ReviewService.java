package se.nara.server.review;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.model.AuditAction;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.model.Patient;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.server.ApiException;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Capabilities;
import se.nara.server.auth.Principal;
import se.nara.server.rules.ConflictRules;
import se.nara.server.rules.FollowUpScope;
import se.nara.server.rules.ReviewBinding;
import se.nara.server.rules.SignedRecords;
import se.nara.server.rules.StaleDecision;
import se.nara.server.rules.Transitions;
import se.nara.server.store.Database;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.store.StoredRecord;
import se.nara.server.sync.FieldCheck;
import se.nara.server.sync.RestoreRecovery;
import se.nara.server.sync.ServerRecords;
import se.nara.server.sync.StoredConflicts;

/**
 * The review queue. Team leaders see the conflicts of their teams' patients and resolve them;
 * a resolution writes a new version of the entity and of the conflict record, so it syncs to
 * every device, and it is audited.
 *
 * <p>A patient no team cares for any more (discharged from all home care, died) has no team
 * leader in the ordinary sense, yet its open conflicts (a quarantined dose change, say) must not
 * wait for ever: they are followed up by the leader of the team the writer wrote under and by the
 * MAS of that team, only through a team that cared for the patient and that no spärr blocks,
 * showing the conflict's values only, and logged as a follow-up without an active care relationship.
 */
public final class ReviewService {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewService.class);

  private final Database db;
  private final RecordStore records;
  private final ScopeStore scopes;
  private final ServerRecords serverRecords;
  private final AuditService audit;
  private final Clock clock;

  /** Creates the service. */
  public ReviewService(
      Database db, RecordStore records, ScopeStore scopes, ServerRecords serverRecords, AuditService audit, Clock clock) {
    this.db = db;
    this.records = records;
    this.scopes = scopes;
    this.serverRecords = serverRecords;
    this.audit = audit;
    this.clock = clock;
  }

  /** The conflicts matching {@code query} in the caller's teams: medication first, then oldest. */
  public List<ConflictView> list(Principal principal, ConflictQuery query) {
    requireReviewer(principal);
    List<String> teams = teams(principal, query.teamId());
    String status = query.status() == null ? ConflictStatus.NEEDS_REVIEW.name() : query.status();
    if (!status.equals("ALL")) {
      try {
        ConflictStatus.valueOf(status);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("status", "status must be NEEDS_REVIEW, AUTO_RESOLVED, RESOLVED or ALL");
      }
    }
    long now = clock.millis();
    List<ConflictView> views =
        db.inReadTransaction(
            h -> {
              Map<String, String> teamOfPatient = new HashMap<>();
              if (Capabilities.canReview(principal)) {
                for (String team : teams) {
                  for (String patient : scopes.patientsOf(h, team)) {
                    teamOfPatient.putIfAbsent(patient, team);
                  }
                }
              }
              FollowUps followUps = followUps(h, principal, teams);
              Map<String, String> names = new HashMap<>();
              List<ConflictView> out = new ArrayList<>();
              for (StoredRecord row : records.findByType(h, EntityType.CONFLICT.wireName())) {
                if (query.patientId() != null && !query.patientId().equals(row.patientId())) {
                  continue;
                }
                String team = teamOfPatient.get(row.patientId());
                boolean followUp = false;
                if (team == null) {
                  team = followUps.teamOf(h, row);
                  followUp = team != null;
                }
                if (team == null) {
                  continue;
                }
                ConflictRecord conflict = StoredConflicts.readOrNull(row);
                if (conflict == null) {
                  continue; // unreadable: logged, and never the whole queue's failure
                }
                if (followUp && conflict.status() != ConflictStatus.NEEDS_REVIEW) {
                  // Only an open conflict is followed up without a care relationship: a rule's
                  // resolution, or a decided one, stays with the care relationship.
                  continue;
                }
                ConflictKind kind = ConflictKind.of(conflict.entityType());
                long ageHours = (now - row.createdAt()) / 3_600_000L;
                if ((query.kind() != null && query.kind() != kind)
                    || (!status.equals("ALL") && !status.equals(String.valueOf(conflict.status())))
                    || (query.minAgeHours() != null && ageHours < query.minAgeHours())) {
                  continue;
                }
                String name = names.computeIfAbsent(row.patientId(), p -> patientName(h, p));
                out.add(new ConflictView(conflict, kind, name, team, Instant.ofEpochMilli(row.createdAt()), ageHours, followUp));
              }
              return out;
            });
    views.sort(
        Comparator.comparing((ConflictView v) -> v.kind() != ConflictKind.MEDICATION)
            .thenComparing(ConflictView::createdAt));
    // One access-log entry per patient shown; a follow-up names the writer's team it was shown
    // through and says that it was seen without an active care relationship.
    Map<String, ConflictView> shown = new java.util.LinkedHashMap<>();
    views.forEach(v -> shown.putIfAbsent(v.conflict().patientId(), v));
    if (!shown.isEmpty()) {
      db.inWriteTransaction(
          h -> {
            AuditService.Batch entries = audit.batch(principal);
            for (ConflictView v : shown.values()) {
              String patient = v.conflict().patientId();
              if (v.followUp()) {
                entries.add(patient, v.teamId(), AuditAction.READ, "conflict", null, null, FOLLOW_UP_QUEUE, FOLLOW_UP_DETAIL);
              } else {
                entries.add(patient, scopes.careTeam(h, patient, principal.teamIds()), AuditAction.READ, "conflict", null, null, "REVIEW_QUEUE");
              }
            }
            entries.write(h);
            return null;
          });
    }
    return views;
  }

  /** Resolves a conflict; returns the updated conflict record. */
  public ConflictRecord resolve(Principal principal, String conflictId, Resolution resolution) {
    requireReviewer(principal);
    Choice choice = Choice.parse(resolution.choice());
    checkNote(resolution);
    if (resolution.seenVersion() != null && resolution.seenVersion() < 1) {
      throw ApiException.invalid("seenVersion", "seenVersion is the record version the decision was made on: at least 1");
    }
    ConflictRecord resolved =
        db.inWriteTransaction(
            h -> {
              StoredRecord row =
                  records.find(h, conflictId)
                      .filter(r -> r.entityType().equals(EntityType.CONFLICT.wireName()))
                      .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such conflict in your teams"));
              // Decided by a team leader of a team caring for the patient now, or, when no team
              // does, as a follow-up by the writer's team's leader or the MAS; otherwise it does not
              // exist for the caller.
              String followUpTeam = null;
              if (!(Capabilities.canReview(principal) && scopes.inScope(h, row.patientId(), principal.teamIds()))) {
                followUpTeam = followUps(h, principal, principal.teamIds()).teamOf(h, row);
                if (followUpTeam == null) {
                  throw new ApiException(ErrorCode.NOT_FOUND, "no such conflict in your teams");
                }
              }
              ConflictRecord conflict = StoredConflicts.readOrNull(row);
              if (conflict == null) {
                throw new ApiException(ErrorCode.NOT_FOUND,
                    "this conflict record cannot be read (it is damaged) and is left out of the review; the server log names it");
              }
              if (conflict.status() == ConflictStatus.RESOLVED) {
                throw new ApiException(ErrorCode.ALREADY_RESOLVED, "this conflict was already resolved by " + conflict.resolvedBy());
              }
              if (followUpTeam != null && conflict.status() != ConflictStatus.NEEDS_REVIEW) {
                // A rule resolved it: nothing waits, so nothing is followed up without a care
                // relationship; deciding it otherwise is for a team that cares for the patient.
                throw new ApiException(ErrorCode.NOT_FOUND, "no such conflict in your teams");
              }
              boolean acknowledgeOnly =
                  SignedRecords.acknowledgeOnly(conflict.rule()) || StaleDecision.RULE.equals(conflict.rule());
              if (acknowledgeOnly && choice != Choice.KEEP_SERVER) {
                throw ApiException.invalid("choice", "this conflict can only be acknowledged (KEEP_SERVER)");
              }
              String counterpart = counterpartOf(conflict, choice, resolution);
              // The record must be the conflict's own patient's: a conflict record offered back by a
              // tablet names its entity, and that must never reach into another patient's records.
              StoredRecord entity =
                  records.find(h, conflict.entityId())
                      .filter(e -> java.util.Objects.equals(e.patientId(), conflict.patientId()))
                      .orElse(null);
              boolean lostWhole = entity == null && RestoreRecovery.RULE.equals(conflict.rule());
              if (entity == null && !lostWhole) {
                throw new ApiException(ErrorCode.NOT_FOUND, "the entity of this conflict is gone");
              }
              if (entity != null && resolution.seenVersion() != null && resolution.seenVersion() > entity.version()) {
                // A version the record never had would pass for "saw everything" and write over
                // changes nobody has seen.
                throw ApiException.invalid("seenVersion", "seenVersion " + resolution.seenVersion()
                    + " is newer than the record (version " + entity.version() + "): send the version the decision was made on");
              }
              EntityType type = EntityType.fromWireName(lostWhole ? conflict.entityType() : entity.entityType());
              JsonObject changes = changesFor(choice, conflict, resolution, type);
              if (entity != null && changes.size() > 0) {
                refuseOverUnseenChanges(h, type, entity, row.createdAt(), resolution, changes);
              }
              StoredRecord after = entity;
              if (lostWhole) {
                // The restored server lacks the record altogether: taking the tablet's values (or
                // edited ones) brings it back as a new record written by this team leader.
                after = changes.size() == 0
                    ? new StoredRecord(conflict.entityId(), type.wireName(), conflict.patientId(), 0, 0, false, new JsonObject(), 0, 0, null, null)
                    : recreate(h, principal, conflict, type, changes, conflictId);
              } else if (changes.has("enteredInError")) {
                after = serverRecords.update(h, entity, new JsonObject(), true, principal.staffId(), "RESOLVE",
                    "conflict " + conflictId + ": entered-in-error accepted");
              } else if (changes.size() > 0 && !entity.tombstone()) {
                JsonObject data = entity.data().deepCopy();
                changes.entrySet().forEach(e -> data.add(e.getKey(), e.getValue()));
                String violation = Transitions.violationOnReview(type, entity.data(), data);
                if (violation != null) {
                  throw ApiException.invalid("value", violation);
                }
                FieldCheck.decodes(type, data, entity.version() + 1);
                JsonObject review = ReviewBinding.afterChange(type, entity.data(), changes);
                if (review != null) {
                  review.entrySet().forEach(e -> changes.add(e.getKey(), e.getValue()));
                }
                after = serverRecords.update(h, entity, changes, false, principal.staffId(), "RESOLVE", "conflict " + conflictId);
              }
              if (after != entity && after.version() > 0) {
                // The decision changed content a visit's review shows with it: that review no longer covers it.
                serverRecords.staleLinkedReview(h, type, after.patientId(), after.data(), principal.staffId(),
                    "the review no longer covers " + type.wireName() + " " + after.id() + ", changed by conflict " + conflictId);
              }
              JsonObject decision = new JsonObject();
              decision.addProperty("choice", choice.name());
              if (choice == Choice.EDIT) {
                decision.add("value", resolution.edited());
              }
              decision.addProperty("note", resolution.note());
              if (counterpart != null) {
                decision.addProperty("counterpart", counterpart);
              }
              decision.addProperty("entityVersion", after.version());
              JsonObject conflictChanges = new JsonObject();
              conflictChanges.addProperty("status", ConflictStatus.RESOLVED.name());
              conflictChanges.addProperty("resolvedBy", principal.staffId());
              conflictChanges.addProperty("resolvedAt", Instant.ofEpochMilli(clock.millis()).toString());
              conflictChanges.addProperty("resolution", decision.toString());
              // Acknowledging a rule's own resolution (Kvittera) decides nothing: the conflict record
              // keeps the rule's result, which the team leader page and the tablets show as what the
              // rule kept, not whatever the record holds by the time someone acknowledges it.
              boolean acknowledgesRule = conflict.status() == ConflictStatus.AUTO_RESOLVED && choice == Choice.KEEP_SERVER;
              if (!acknowledgesRule) {
                conflictChanges.addProperty("resultValue", resultOf(after, conflict).toString());
              }
              StoredRecord updatedConflict =
                  serverRecords.update(h, row, conflictChanges, false, principal.staffId(), "RESOLVE", choice.name());
              audit.batch(principal)
                  .add(row.patientId(),
                      followUpTeam != null ? followUpTeam : scopes.careTeam(h, row.patientId(), principal.teamIds()),
                      AuditAction.UPDATE, type.wireName(), conflict.entityId(), null,
                      "RESOLVED " + choice + (followUpTeam == null ? "" : " FOLLOW_UP"),
                      "conflict " + conflictId + (counterpart == null ? "" : "; godkänt av " + counterpart)
                          + (followUpTeam == null ? "" : "; " + FOLLOW_UP_DETAIL))
                  .write(h);
              return decode(updatedConflict);
            });
    LOG.info("conflict {} resolved by {} ({})", conflictId, principal.staffId(), choice);
    return resolved;
  }

  /**
   * Refuses a decision that would write over what its maker has not seen: the conflict's fields
   * changed again after the version the decision was made on (a newer order, say), or that would
   * change a record that is signed (it changes only by amendment) or marked entered-in-error
   * (taking a value would silently do nothing), whenever that happened. The rule is that a decision never silently
   * replaces a clinical value; the reviewer sees the current one and decides again.
   */
  private void refuseOverUnseenChanges(
      org.jdbi.v3.core.Handle h, EntityType type, StoredRecord entity, long recordedAt, Resolution resolution, JsonObject changes) {
    JsonObject details = new JsonObject();
    details.addProperty("entityVersion", entity.version());
    if (entity.tombstone() && !changes.has("enteredInError")) {
      throw new ApiException(ErrorCode.ENTITY_CHANGED,
          "Posten är makulerad; dess värden kan inte tas tillbaka genom ett beslut. Kvittera"
              + " konflikten och registrera värdet på nytt om det fortfarande gäller.", details);
    }
    if (SignedRecords.isSigned(type, entity.data()) && !changes.has("enteredInError")) {
      throw new ApiException(ErrorCode.ENTITY_CHANGED,
          "Posten är signerad, och en signerad post ändras bara genom tillägg från en surfplatta."
              + " Kvittera konflikten och gör ändringen som ett tillägg.", details);
    }
    // Unseen: what was written after the conflict was recorded (the push that made it wrote in the
    // same instant), unless the reviewer saw a later version (the page sends the version it showed).
    long seen = resolution.seenVersion() == null ? 0 : resolution.seenVersion();
    Set<String> changedSince = new java.util.TreeSet<>();
    for (se.nara.server.store.HistoryEntry e : records.history(h, entity.id())) {
      if (e.version() <= seen || e.changedAt() <= recordedAt) {
        break; // newest first
      }
      changedSince.addAll(e.changes().keySet());
    }
    changedSince.retainAll(changes.keySet());
    if (!changedSince.isEmpty()) {
      JsonObject now = new JsonObject();
      for (String field : changedSince) {
        JsonElement value = entity.data().get(field);
        now.add(field, value == null ? JsonNull.INSTANCE : value.deepCopy());
      }
      details.add("current", now);
      throw new ApiException(ErrorCode.ENTITY_CHANGED,
          "Posten har ändrats efter konflikten (" + String.join(", ", changedSince) + " är nu " + now
              + ", version " + entity.version() + "). Se vad som gäller nu och besluta igen.", details);
    }
  }

  /** The access log's outcome for a review queue that showed a follow-up. */
  static final String FOLLOW_UP_QUEUE = "REVIEW_QUEUE FOLLOW_UP";

  /** The access log's detail for a follow-up's view or decision. */
  static final String FOLLOW_UP_DETAIL =
      "uppföljning utan aktiv vårdrelation: ingen vårdrelation finns längre, konflikten följs upp via skrivarens team";

  /**
   * Which conflicts the caller follows up although no team cares for the patient any more: those
   * of the caller's teams' former patients (not blocked toward that team by a spärr) that were
   * written under one of those teams. Only team leaders and the MAS follow up.
   */
  private FollowUps followUps(org.jdbi.v3.core.Handle h, Principal principal, List<String> teams) {
    if (!Capabilities.canFollowUpUncared(principal)) {
      return new FollowUps(Map.of());
    }
    return new FollowUps(scopes.uncaredFormerPatients(h, teams));
  }

  /** The caller's former patients no team cares for, with the caller's teams that cared for each. */
  private final class FollowUps {
    private final Map<String, Set<String>> formerTeams;
    private final Reaches reaches = new Reaches();

    FollowUps(Map<String, Set<String>> formerTeams) {
      this.formerTeams = formerTeams;
    }

    /**
     * The team through which the caller follows up this conflict record, or null: one of the
     * teams {@link FollowUpScope} says follow it up (the team its writer wrote under; when that
     * is unknown, the teams that had the patient), if it is one of the caller's that cared for the
     * patient, and no team cares for the patient now.
     */
    String teamOf(org.jdbi.v3.core.Handle h, StoredRecord row) {
      Set<String> former = row.patientId() == null ? null : formerTeams.get(row.patientId());
      if (former == null || former.isEmpty()) {
        return null;
      }
      FollowUpScope.Reach reach = reaches.of(h, row);
      if (reach.kind() != FollowUpScope.Kind.FOLLOW_UP) {
        return null;
      }
      for (String team : reach.teams()) {
        if (former.contains(team)) {
          return team;
        }
      }
      return null;
    }
  }

  /** {@link FollowUpScope} for conflict records one by one, with what it reads kept for the next. */
  private final class Reaches {
    private final Map<String, List<FollowUpScope.Relationship>> relationships = new HashMap<>();
    private final Map<String, List<String>> memberTeams = new HashMap<>();

    FollowUpScope.Reach of(org.jdbi.v3.core.Handle h, StoredRecord row) {
      List<FollowUpScope.Relationship> rels = relationships.computeIfAbsent(
          row.patientId(), p -> rules(scopes.relationshipsOf(h, List.of(p)).get(p)));
      String recorded = scopes.conflictTeam(h, row.id());
      List<String> writerTeams = List.of();
      if (recorded == null) {
        JsonElement author = row.data().get("deviceAuthor");
        if (author != null && author.isJsonPrimitive()) {
          writerTeams = memberTeams.computeIfAbsent(author.getAsString(), a -> scopes.memberTeams(h, a));
        }
      }
      return FollowUpScope.ofConflict(rels, recorded, writerTeams);
    }
  }

  /** The store's relationships as the follow-up rule takes them. */
  private static List<FollowUpScope.Relationship> rules(List<ScopeStore.Relationship> relationships) {
    return relationships.stream().map(r -> new FollowUpScope.Relationship(r.teamId(), r.active(), r.blocked())).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // What waits without an active care relationship: counts, and what a spärr hides
  // ---------------------------------------------------------------------------------------------

  /** An open conflict of a patient no team cares for, with who can reach it and the patient's teams. */
  private record Uncared(StoredRecord row, FollowUpScope.Reach reach, Set<String> patientTeams) {}

  /**
   * Every open conflict (NEEDS_REVIEW) of a patient no team cares for now, with its {@link
   * FollowUpScope.Reach}: in bulk (three queries besides the conflicts themselves).
   */
  private List<Uncared> openConflictsWithoutCare(org.jdbi.v3.core.Handle h) {
    List<StoredRecord> open = new ArrayList<>();
    for (StoredRecord row : records.findByType(h, EntityType.CONFLICT.wireName())) {
      JsonElement status = row.data().get("status");
      if (row.patientId() != null && status != null && status.isJsonPrimitive()
          && ConflictStatus.NEEDS_REVIEW.name().equals(status.getAsString())) {
        open.add(row);
      }
    }
    Set<String> patients = new HashSet<>();
    open.forEach(r -> patients.add(r.patientId()));
    Map<String, List<ScopeStore.Relationship>> rels = scopes.relationshipsOf(h, patients);
    Map<String, String> recorded = scopes.conflictTeams(h, open.stream().map(StoredRecord::id).toList());
    Set<String> authors = new HashSet<>();
    for (StoredRecord row : open) {
      JsonElement author = row.data().get("deviceAuthor");
      if (!recorded.containsKey(row.id()) && author != null && author.isJsonPrimitive()) {
        authors.add(author.getAsString());
      }
    }
    Map<String, List<String>> members = scopes.memberTeamsOf(h, authors);
    List<Uncared> out = new ArrayList<>();
    for (StoredRecord row : open) {
      JsonElement author = row.data().get("deviceAuthor");
      List<String> writerTeams = author != null && author.isJsonPrimitive() ? members.get(author.getAsString()) : null;
      List<FollowUpScope.Relationship> patientRels = rules(rels.get(row.patientId()));
      FollowUpScope.Reach reach = FollowUpScope.ofConflict(patientRels, recorded.get(row.id()), writerTeams);
      if (reach.kind() != FollowUpScope.Kind.CARED) {
        Set<String> teams = new java.util.TreeSet<>();
        patientRels.forEach(r -> teams.add(r.teamId()));
        out.add(new Uncared(row, reach, teams));
      }
    }
    return out;
  }

  /**
   * How many open follow-ups wait for the caller's teams, counted without showing any patient
   * (so nothing of a patient is read out, and nothing is logged).
   *
   * @param conflicts open conflicts the caller follows up through these teams (listed with {@code
   *     followUp: true} in the queue)
   * @param hiddenConflicts open conflicts that would be followed up through these teams but that
   *     the patient's spärr toward them hides: waiting, and told to the MAS
   */
  public record FollowUpCounts(int conflicts, int hiddenConflicts) {}

  /** {@link FollowUpCounts} for {@code teamIds} (the caller's, or one of them). */
  public FollowUpCounts followUpCounts(Principal principal, String teamId) {
    requireReviewer(principal);
    List<String> teams = teams(principal, teamId);
    boolean follows = Capabilities.canFollowUpUncared(principal);
    return db.inReadTransaction(
        h -> {
          int conflicts = 0;
          int hidden = 0;
          for (Uncared u : openConflictsWithoutCare(h)) {
            boolean ours = u.reach().teams().stream().anyMatch(teams::contains);
            if (ours && u.reach().kind() == FollowUpScope.Kind.FOLLOW_UP && follows) {
              conflicts++;
            } else if (ours && u.reach().kind() == FollowUpScope.Kind.HIDDEN) {
              hidden++;
            }
          }
          return new FollowUpCounts(conflicts, hidden);
        });
  }

  /**
   * A patient whose open follow-ups nobody may see, because the patient's spärr blocks every team
   * they would be followed up through (or the patient has no team at all): only that they exist.
   *
   * @param teamIds the teams whose spärr hides them (empty: the patient never had a team)
   * @param conflicts open conflict records waiting
   * @param visits the teams' own visits waiting for their leader's review
   * @param waitingSince when the oldest of them was recorded
   */
  public record HiddenFollowUp(
      String patientId, String patientName, List<String> teamIds, int conflicts, int visits, Instant waitingSince) {}

  /**
   * What waits without an active care relationship, for the MAS and administrators: the number of
   * follow-up conflicts the caller decides, and the patients whose follow-ups a spärr hides.
   * Team leaders get the counts only ({@code hidden} stays empty for them: the page names no
   * patient a spärr hides from the team).
   *
   * @param conflicts open conflicts the caller follows up (in the queue with {@code followUp: true})
   * @param hiddenBySparr open follow-ups (conflicts and visits) concerning the caller's teams that a
   *     spärr hides; for administrators, all of them
   */
  public record FollowUpOverview(int conflicts, int hiddenBySparr, List<HiddenFollowUp> hidden) {}

  /** The access log's outcome when the existence of follow-ups a spärr hides is shown. */
  static final String HIDDEN_OUTCOME = "FOLLOW_UP_HIDDEN";

  /** The access log's detail for it. */
  static final String HIDDEN_DETAIL =
      "uppföljning dold av spärr: endast att den finns visas (antal, team, sedan när), inget innehåll";

  /** {@link FollowUpOverview} for the caller (team leaders, the MAS, administrators). */
  public FollowUpOverview overview(Principal principal) {
    boolean admin = Capabilities.isAdmin(principal);
    boolean mas = Capabilities.canSeeHiddenFollowUps(principal);
    if (!admin && !mas && !Capabilities.canFollowUpUncared(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "only team leaders, the MAS and administrators follow up");
    }
    List<String> teams = principal.teamIds();
    boolean follows = Capabilities.canFollowUpUncared(principal);
    record Built(int conflicts, int hiddenCount, List<HiddenFollowUp> hidden, Map<String, String> teamOf) {}
    Built built =
        db.inReadTransaction(
            h -> {
              int conflicts = 0;
              int hiddenCount = 0;
              Map<String, int[]> counts = new java.util.TreeMap<>();
              Map<String, Set<String>> hiddenTeams = new HashMap<>();
              Map<String, Long> since = new HashMap<>();
              for (Uncared u : openConflictsWithoutCare(h)) {
                boolean viaTeam = u.reach().teams().stream().anyMatch(teams::contains);
                if (u.reach().kind() == FollowUpScope.Kind.FOLLOW_UP) {
                  conflicts += viaTeam && follows ? 1 : 0;
                  continue;
                }
                // Hidden: a team leader counts those of her teams; the MAS those of patients her
                // teams had; an administrator all (also of a patient who never had a team).
                boolean concerns = admin || viaTeam || (mas && u.patientTeams().stream().anyMatch(teams::contains));
                if (!concerns) {
                  continue;
                }
                hiddenCount++;
                String p = u.row().patientId();
                counts.computeIfAbsent(p, k -> new int[2])[0]++;
                hiddenTeams.computeIfAbsent(p, k -> new java.util.TreeSet<>()).addAll(u.reach().teams());
                since.merge(p, u.row().createdAt(), Math::min);
              }
              List<String[]> visits = admin ? se.nara.server.store.OpenVisitReviews.blocked(h)
                  : se.nara.server.store.OpenVisitReviews.blockedOfTeams(h, teams);
              Map<String, StoredRecord> visitRows = records.findAll(h, visits.stream().map(v -> v[0]).toList());
              for (String[] v : visits) {
                hiddenCount++;
                counts.computeIfAbsent(v[1], k -> new int[2])[1]++;
                hiddenTeams.computeIfAbsent(v[1], k -> new java.util.TreeSet<>()).add(v[2]);
                StoredRecord row = visitRows.get(v[0]);
                if (row != null) {
                  since.merge(v[1], row.createdAt(), Math::min);
                }
              }
              List<HiddenFollowUp> hidden = new ArrayList<>();
              Map<String, String> teamOf = new HashMap<>();
              if (admin || mas) {
                for (Map.Entry<String, int[]> e : counts.entrySet()) {
                  String p = e.getKey();
                  List<String> hiddenFrom = List.copyOf(hiddenTeams.get(p));
                  Long at = since.get(p);
                  hidden.add(new HiddenFollowUp(p, patientName(h, p), hiddenFrom, e.getValue()[0], e.getValue()[1],
                      at == null ? null : Instant.ofEpochMilli(at)));
                  teamOf.put(p, hiddenFrom.stream().filter(teams::contains).findFirst()
                      .orElse(hiddenFrom.isEmpty() ? null : hiddenFrom.get(0)));
                }
              }
              return new Built(conflicts, hiddenCount, hidden, teamOf);
            });
    List<HiddenFollowUp> hidden = new ArrayList<>(built.hidden());
    hidden.sort(Comparator.comparing(HiddenFollowUp::waitingSince, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(HiddenFollowUp::patientId));
    if (!hidden.isEmpty()) {
      // The patient is named (so the MAS can act), nothing of the content: logged per patient.
      db.inWriteTransaction(
          h -> {
            AuditService.Batch entries = audit.batch(principal);
            for (HiddenFollowUp f : hidden) {
              entries.add(f.patientId(), built.teamOf().get(f.patientId()), AuditAction.READ, "follow_up", null, null,
                  HIDDEN_OUTCOME, HIDDEN_DETAIL);
            }
            entries.write(h);
            return null;
          });
    }
    return new FollowUpOverview(built.conflicts(), built.hiddenCount(), hidden);
  }

  /**
   * The outcome of resolving all restore conflicts at once.
   *
   * @param resolved how many were resolved
   * @param left the ones that could not be (each waits for review on its own), with the reason
   */
  public record BulkResolution(int resolved, List<Map<String, String>> left) {}

  /**
   * Resolves every restore conflict waiting in the caller's teams (or in {@code teamId}) the same
   * way, KEEP_SERVER or TAKE_DEVICE: after a restore from an older backup a day's work can come
   * back as thousands of them, one per record, each holding the newest version a tablet still had.
   * Each is resolved on its own, as by {@link #resolve}; one that cannot be (a transition the
   * record no longer allows) stays for review and is listed in {@code left}.
   */
  public BulkResolution resolveRestored(Principal principal, String teamId, Resolution resolution) {
    if (!Capabilities.canReview(principal)) {
      // A restore's aftermath is the team leaders'; the MAS follows up conflicts one by one.
      throw new ApiException(ErrorCode.FORBIDDEN, "only team leaders resolve restore conflicts all at once");
    }
    Choice choice = Choice.parse(resolution.choice());
    if (choice == Choice.EDIT) {
      throw ApiException.invalid("choice", "EDIT is made conflict by conflict; all at once is KEEP_SERVER or TAKE_DEVICE");
    }
    checkNote(resolution);
    int resolved = 0;
    List<Map<String, String>> left = new ArrayList<>();
    for (ConflictView view : list(principal, new ConflictQuery(teamId, null, null, null, null))) {
      if (!RestoreRecovery.RULE.equals(view.conflict().rule())) {
        continue;
      }
      try {
        resolve(principal, view.conflict().id(), resolution);
        resolved++;
      } catch (ApiException e) {
        left.add(Map.of("id", view.conflict().id(), "code", e.code().name(), "message", e.getMessage()));
      }
    }
    LOG.info("{} resolved {} restore conflicts ({}), {} left for review one by one", principal.staffId(), resolved, choice, left.size());
    return new BulkResolution(resolved, left);
  }

  /** The note is kept with every decision; refused up front, before anything is resolved. */
  private static void checkNote(Resolution resolution) {
    resolution.edited(); // a value of the wrong kind is refused whatever the choice
    if (resolution.note() != null && resolution.note().length() > MAX_NOTE) {
      throw ApiException.invalid("note", "note is longer than " + MAX_NOTE + " characters");
    }
  }

  /** The longest note a decision keeps. */
  static final int MAX_NOTE = 2000;

  /** The three ways to resolve. */
  enum Choice {
    KEEP_SERVER,
    TAKE_DEVICE,
    EDIT;

    static Choice parse(String value) {
      try {
        return Choice.valueOf(value);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw ApiException.invalid("choice", "choice must be KEEP_SERVER, TAKE_DEVICE or EDIT");
      }
    }
  }

  private static JsonObject changesFor(Choice choice, ConflictRecord conflict, Resolution resolution, EntityType type) {
    switch (choice) {
      case KEEP_SERVER:
        return new JsonObject();
      case TAKE_DEVICE:
        return deviceValue(conflict, type);
      default:
        JsonObject value = resolution.edited();
        if (value == null || value.size() == 0) {
          throw ApiException.invalid("value", "EDIT needs the new values of the conflict's fields");
        }
        for (String field : value.keySet()) {
          if (!conflict.fields().contains(field)) {
            throw ApiException.invalid("value", "'" + field + "' is not one of the conflict's fields " + conflict.fields());
          }
        }
        if (value.has("enteredInError")) {
          throw ApiException.invalid("value", "choose KEEP_SERVER or TAKE_DEVICE for a retraction");
        }
        FieldCheck.fields(type, value);
        return value.deepCopy();
    }
  }

  /**
   * The tablet's value a TAKE_DEVICE writes, checked as a push would check it: a conflict offered
   * back after a restore (or written before values were checked) may hold what no push could write.
   * Such a value is refused as the stored value's fault, not the reviewer's input.
   */
  private static JsonObject deviceValue(ConflictRecord conflict, EntityType type) {
    JsonElement value;
    try {
      value = JsonParser.parseString(conflict.deviceValue());
    } catch (RuntimeException notJson) {
      value = null;
    }
    String problem = FieldCheck.deviceValueProblem(type, value, conflict.patientId());
    if (problem != null) {
      throw ApiException.invalid("deviceValue", "the tablet's value kept in this conflict (deviceValue) is invalid and cannot be"
          + " written: " + problem + ". Choose KEEP_SERVER, or EDIT with the values that should hold.");
    }
    return value.getAsJsonObject();
  }

  private StoredRecord recreate(
      org.jdbi.v3.core.Handle h, Principal principal, ConflictRecord conflict, EntityType type, JsonObject changes, String conflictId) {
    JsonObject data = deviceValue(conflict, type);
    changes.entrySet().forEach(e -> data.add(e.getKey(), e.getValue()));
    for (String field : List.copyOf(data.keySet())) {
      if (data.get(field).isJsonNull()) {
        data.remove(field);
      }
    }
    data.addProperty("id", conflict.entityId());
    FieldCheck.decodes(type, data, 1);
    return serverRecords.insert(h, type.wireName(), conflict.entityId(), conflict.patientId(), data, principal.staffId(),
        "restored from conflict " + conflictId + " after a restore from an older backup");
  }

  private static JsonObject resultOf(StoredRecord entity, ConflictRecord conflict) {
    JsonObject result = new JsonObject();
    for (String field : conflict.fields()) {
      JsonElement value = entity.data().get(field);
      result.add(field, value == null ? com.google.gson.JsonNull.INSTANCE : value);
    }
    if (entity.tombstone()) {
      result.addProperty("enteredInError", true);
    }
    return result;
  }

  private List<String> teams(Principal principal, String teamId) {
    if (teamId == null) {
      return principal.teamIds();
    }
    if (!principal.teamIds().contains(teamId)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "you do not lead that team");
    }
    return List.of(teamId);
  }

  /** Longest name of a counterpart, as for a person and unit. */
  static final int MAX_COUNTERPART = 200;

  /** Whether deciding this conflict other than by keeping what holds needs the other huvudman's consent. */
  public static boolean needsCounterpart(String rule) {
    return ConflictRules.RULE_SIP.equals(rule);
  }

  /**
   * DOMAIN rule 13: who is responsible in a SIP is agreed by region and kommun together, so one
   * team leader does not move it alone. Keeping what holds changes nothing that was agreed; taking
   * the tablet's value or an edited one needs the name of the other huvudman's person who agreed,
   * recorded with the decision and in the access log. Returns that name, or null when none is needed.
   */
  private static String counterpartOf(ConflictRecord conflict, Choice choice, Resolution resolution) {
    if (!needsCounterpart(conflict.rule()) || choice == Choice.KEEP_SERVER) {
      return null;
    }
    String counterpart = resolution.counterpart() == null ? "" : resolution.counterpart().strip();
    if (counterpart.isEmpty()) {
      throw ApiException.invalid("counterpart",
          "Vem som är ansvarig i en SIP beslutas av region och kommun tillsammans: ange vem hos den andra huvudmannen"
              + " som godkänt ändringen (counterpart), eller behåll det som gäller nu.");
    }
    if (counterpart.length() > MAX_COUNTERPART || counterpart.codePoints().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid("counterpart", "counterpart is a name and unit on one line of at most " + MAX_COUNTERPART + " characters");
    }
    return counterpart;
  }

  private static void requireReviewer(Principal principal) {
    if (!Capabilities.canReview(principal) && !Capabilities.canFollowUpUncared(principal)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "only team leaders review and resolve conflicts");
    }
  }

  private String patientName(org.jdbi.v3.core.Handle h, String patientId) {
    return records.find(h, patientId)
        .map(r -> Json.fromData(withVersion(r), Patient.class).name())
        .orElse(null);
  }

  private static ConflictRecord decode(StoredRecord row) {
    return Json.fromData(withVersion(row), ConflictRecord.class);
  }

  private static JsonObject withVersion(StoredRecord row) {
    JsonObject data = row.data().deepCopy();
    data.addProperty("version", row.version());
    return data;
  }
}
