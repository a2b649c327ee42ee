package se.nara.server.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.model.AuditAction;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.RecordDigest;
import se.nara.sdk.protocol.VerifyResponse;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.MutationStatus;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.PushResponse;
import se.nara.server.ApiException;
import se.nara.server.TimeBounds;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Capabilities;
import se.nara.server.auth.Principal;
import se.nara.server.rules.ConflictDraft;
import se.nara.server.rules.ConflictRules;
import se.nara.server.rules.FieldPolicy;
import se.nara.server.rules.MergeInput;
import se.nara.server.rules.MergeOutcome;
import se.nara.server.rules.ReviewBinding;
import se.nara.server.rules.SignedRecords;
import se.nara.server.rules.StaleDecision;
import se.nara.server.rules.Transitions;
import se.nara.server.store.Database;
import se.nara.server.store.DeviceStore;
import se.nara.server.store.HistoryEntry;
import se.nara.server.store.MutationLogStore;
import se.nara.server.store.PageRow;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.store.StoredRecord;

/**
 * Push and pull. A push batch is one write transaction: every mutation, its result in the
 * mutation log, its history, its conflict records and its audit entries commit together or not
 * at all, which is what makes delivery exactly-once. A rejected mutation is a recorded result,
 * not an error: the rest of the batch goes on.
 */
public final class SyncService {
  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
  /** The rule name for a retraction that meets a concurrent change. */
  static final String RULE_RETRACTION =
      "no hard deletes: entered-in-error against a concurrent change needs review";
  /** The rule name for a write from someone who has lost access to the patient. */
  public static final String RULE_ACCESS_LOST =
      "access lost: the change is kept for review, neither applied nor dropped";
  /** How far back a device is told to purge patients its teams lost. */
  static final long PURGE_WINDOW_MILLIS = 180L * 24 * 3600 * 1000;

  private final Database db;
  private final RecordStore records;
  private final MutationLogStore mutationLog;
  private final DeviceStore devices;
  private final ScopeStore scopes;
  private final AuditService audit;
  private final Clock clock;

  /** Creates the service. */
  public SyncService(
      Database db,
      RecordStore records,
      MutationLogStore mutationLog,
      DeviceStore devices,
      ScopeStore scopes,
      AuditService audit,
      Clock clock) {
    this.db = db;
    this.records = records;
    this.mutationLog = mutationLog;
    this.devices = devices;
    this.scopes = scopes;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The largest mutation number accepted (2^53, the largest integer a JSON number holds exactly in
   * every client). A number beyond it is a client's mistake, never a device's real count, and the
   * arithmetic on the next expected number stays far from overflow.
   */
  public static final long MAX_MUTATION_ID = 1L << 53;

  /** Applies a batch of mutations exactly once and answers each. */
  public PushResponse push(Principal principal, PushRequest request) {
    checkShape(principal, request);
    List<Mutation> mutations = request.mutations();
    // What needs no database is checked before the write lock, so it runs in parallel with
    // other devices' pushes instead of inside the one serial section.
    Rejection[] invalid = new Rejection[mutations.size()];
    for (int i = 0; i < mutations.size(); i++) {
      invalid[i] = staticRejection(principal, mutations.get(i));
    }
    PushResponse response =
        db.inWriteTransaction(
            h -> {
              long now = clock.millis();
              long last = devices.lastMutationId(h, principal.deviceId());
              // mutationId - 1 cannot overflow (numbers start at 1), last + 1 cannot either once
              // it is below a mutation number (at most MAX_MUTATION_ID).
              if (!mutations.isEmpty() && mutations.get(0).mutationId() - 1 > last) {
                JsonObject details = new JsonObject();
                details.addProperty("expected", last + 1);
                details.addProperty("received", mutations.get(0).mutationId());
                throw new ApiException(
                    ErrorCode.MUTATION_GAP,
                    "mutation " + (last + 1) + " of this device never arrived; the batch starts at "
                        + mutations.get(0).mutationId(),
                    details);
              }
              // First without a savepoint per mutation (they cost a fifth of the push throughput:
              // SQLite copies every page a mutation touches into its sub-journal). Should a
              // mutation fail after it has written, the whole attempt is undone and the push runs
              // again with one savepoint per mutation, so only that mutation is set aside.
              h.savepoint(ATTEMPT);
              Attempt attempt;
              try {
                attempt = applyAll(h, principal, now, mutations, invalid, last, false);
                h.release(ATTEMPT);
              } catch (NeedsSavepoints fault) {
                LOG.info("push device={} runs again with a savepoint per mutation: {}", principal.deviceId(), fault.getMessage());
                h.rollbackToSavepoint(ATTEMPT);
                attempt = applyAll(h, principal, now, mutations, invalid, last, true);
              }
              Batch batch = attempt.batch();
              List<MutationResult> results = attempt.results();
              last = attempt.last();
              batch.audit.write(h);
              Instant oldest = request.oldestPendingAt();
              devices.recordPush(
                  h,
                  principal.deviceId(),
                  last,
                  Math.max(0, request.outboxDepth()),
                  oldest == null ? null : oldest.toEpochMilli(),
                  now);
              return new PushResponse(results, last, Instant.ofEpochMilli(now));
            });
    LOG.debug(
        "push device={} staff={} mutations={}",
        principal.deviceId(),
        principal.staffId(),
        mutations.size());
    return response;
  }

  /** The time zone that decides which visits are "today" for the priority bootstrap. */
  static final java.time.ZoneId ZONE = java.time.ZoneId.of("Europe/Stockholm");

  /**
   * The first-sync bootstrap: every record of the patients the caller's teams visit today, so a
   * tablet can show today's work before the full download finishes. Outside the cursor stream:
   * the cursor is not advanced and the records come again (harmlessly) in the normal pull.
   */
  public Pulled pullToday(Principal principal) {
    java.time.LocalDate today = Instant.ofEpochMilli(clock.millis()).atZone(ZONE).toLocalDate();
    Map<String, String> careTeams = new LinkedHashMap<>();
    List<PageRow> rows =
        db.inReadTransaction(
            h -> {
              Set<String> patients = new java.util.TreeSet<>();
              for (StoredRecord visit : records.visibleOfType(h, EntityType.VISIT.wireName(), principal.teamIds())) {
                if (today.equals(plannedDay(visit))) {
                  patients.add(visit.patientId());
                }
              }
              List<PageRow> out = new ArrayList<>();
              for (String patient : patients) {
                out.addAll(records.rowsOfPatient(h, patient));
              }
              careTeams.putAll(scopes.careTeams(h, patients, principal.teamIds()));
              return out;
            });
    List<PageRow> out = new ArrayList<>(rows.size());
    for (PageRow row : rows) {
      out.add(ProtectedIdentity.forDevice(row));
    }
    return new Pulled(new PullPage(out, null, false, 0, Instant.ofEpochMilli(clock.millis()), List.of(), -1), careTeams, null);
  }

  /**
   * The Europe/Stockholm date of a visit's {@code plannedStart}, or null when it has none or none
   * that is a date (a value stored before times were bounded must not fail everyone's pull).
   */
  private static java.time.LocalDate plannedDay(StoredRecord visit) {
    JsonElement start = visit.data().get("plannedStart");
    if (start == null || start.isJsonNull()) {
      return null;
    }
    try {
      Instant at = Instant.parse(start.getAsString());
      if (TimeBounds.contains(at)) {
        return at.atZone(ZONE).toLocalDate();
      }
    } catch (java.time.DateTimeException | IllegalStateException | UnsupportedOperationException unreadable) {
      // reported below
    }
    LOG.warn("visit {} has a plannedStart that is no date; it is left out of the priority pull", visit.id());
    return null;
  }

  /**
   * What the caller may pull, at or before {@code cursor}, per patient (and for the directory) as
   * counts and {@link RecordDigest} sums, and which of those records changed after it. A device
   * compares them with its own copies to find drift (a record missing or at another version)
   * without pulling everything again. Reveals no field values.
   */
  public VerifyResponse verify(Principal principal, String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      throw ApiException.invalid("cursor", "verify needs the cursor of a completed pull");
    }
    PullCursor at = PullCursor.parse(cursor);
    return db.inReadTransaction(
        h -> {
          // Checked as a pull checks it: digests against a position this server lacks would
          // report drift where the server is what lost data.
          RecordStore.ChangeAnchor newest = records.newestAnchor(h);
          requireHeld(h, principal, at, newest);
          if (at.seq() > newest.seq()) {
            throw serverLostChanges(principal, at.seq(), newest.seq(), "this server's newest change is " + newest.seq());
          }
          Map<String, long[]> sums = new java.util.TreeMap<>();
          List<String> changed = new ArrayList<>();
          for (RecordStore.Summary s : records.visibleSummaries(h, principal.teamIds())) {
            if (s.seq() > at.seq()) {
              changed.add(s.id());
              continue;
            }
            long[] sum = sums.computeIfAbsent(s.patientId() == null ? "" : s.patientId(), k -> new long[2]);
            sum[0]++;
            sum[1] += RecordDigest.of(s.id(), s.version(), s.tombstone());
          }
          List<VerifyResponse.ScopeDigest> scopes = new ArrayList<>(sums.size());
          sums.forEach((patient, sum) ->
              scopes.add(new VerifyResponse.ScopeDigest(patient.isEmpty() ? null : patient, sum[0], RecordDigest.hex(sum[1]))));
          return new VerifyResponse(scopes, changed);
        });
  }

  /**
   * One page of the changes visible to the caller after {@code cursor}. The records' fields go out
   * as the JSON text they are stored as (see {@link PullPage}).
   */
  public Pulled pull(Principal principal, String cursor, int limit) {
    PullCursor from = PullCursor.parse(cursor);
    long after = from.seq();
    if (limit < 1 || limit > PullResponse.MAX_LIMIT) {
      throw ApiException.invalid(
          "limit", "limit must be between 1 and " + PullResponse.MAX_LIMIT);
    }
    long started = clock.millis();
    Page page =
        db.inReadTransaction(
            h -> {
              RecordStore.ChangeAnchor newest = records.newestAnchor(h);
              requireHeld(h, principal, from, newest);
              List<RecordStore.VisibleRow> fetched = records.pageVisible(h, after, limit + 1, principal.teamIds());
              boolean more = fetched.size() > limit;
              List<PageRow> rows = new ArrayList<>(Math.min(fetched.size(), limit));
              // The patients in the page, each with the care team that allowed it (for the log).
              Map<String, String> careTeams = new LinkedHashMap<>();
              for (RecordStore.VisibleRow v : more ? fetched.subList(0, limit) : fetched) {
                rows.add(v.row());
                if (v.row().patientId() != null) {
                  careTeams.putIfAbsent(v.row().patientId(), v.careTeam());
                }
              }
              long lastMutation = devices.lastMutationId(h, principal.deviceId());
              List<String> purge =
                  more ? List.of() : scopes.lostSince(h, principal.teamIds(), started - PURGE_WINDOW_MILLIS);
              long total = after == 0 ? records.countVisible(h, principal.teamIds()) : -1;
              // The last page moves the cursor past everything in this snapshot, the other teams'
              // records included. Otherwise every later pull would walk again over all the
              // invisible records after the caller's last visible one, and a no-change pull would
              // grow with the whole region's data instead of staying flat.
              if (!more && after > newest.seq()) {
                // Cursors are only ever handed out up to the newest change, and changes are never
                // deleted: this server lacks changes it already sent. Answering "nothing new"
                // would let the tablet skip everything written here until the sequence passes it.
                throw serverLostChanges(principal, after, newest.seq(), "this server's newest change is " + newest.seq());
              }
              PullCursor next =
                  PullCursor.at(more ? records.anchorAt(h, rows.get(rows.size() - 1).seq()) : newest);
              return new Page(rows, more, next.text(), lastMutation, purge, total, careTeams);
            });
    List<PageRow> out = new ArrayList<>(page.rows.size());
    for (PageRow row : page.rows) {
      out.add(ProtectedIdentity.forDevice(row));
    }
    long now = clock.millis();
    boolean recordSync = !page.hasMore && syncRecordDue(principal.deviceId(), now);
    return new Pulled(
        new PullPage(
            out, page.next, page.hasMore, page.lastMutation, Instant.ofEpochMilli(now), page.purge, page.total),
        page.careTeams,
        recordSync ? now : null);
  }

  /**
   * A page read for a device, not yet sent: {@link #logPulled} must record the read before any of
   * it leaves the server (PDL). Split so the HTTP edge can build the page's bytes in its turn at the
   * pull gate and wait for the access-log commit after giving the turn back.
   *
   * @param careTeams the patients whose records are in the page, each with the care team that allowed it
   * @param syncedAt the device's completed sync to record, or null
   */
  public record Pulled(PullPage page, Map<String, String> careTeams, Long syncedAt) {}

  /**
   * Logs the read of each patient whose records are in {@code pulled} (with the care team that
   * allowed it) and, when due, the device's last completed sync; returns once that is durable.
   * Nothing to write, no write.
   */
  public void logPulled(Principal principal, Pulled pulled) {
    Map<String, String> careTeams = pulled.careTeams();
    Long syncedAt = pulled.syncedAt();
    if (careTeams.isEmpty() && syncedAt == null) {
      return;
    }
    db.inWriteTransaction(
        h -> {
          AuditService.Batch entries = audit.batch(principal);
          careTeams.forEach((patientId, team) -> entries.add(patientId, team, AuditAction.SYNC_PULL, null, null, null, "OK"));
          entries.write(h);
          if (syncedAt != null) {
            devices.recordSync(h, principal.deviceId(), syncedAt);
          }
          return null;
        });
  }

  private record Page(
      List<PageRow> rows, boolean hasMore, String next, long lastMutation, List<String> purge, long total, Map<String, String> careTeams) {}

  /** How often a device's "last successful sync" is written; the fleet view needs no finer grain. */
  static final long SYNC_RECORD_INTERVAL_MILLIS = 60_000;
  private final java.util.concurrent.ConcurrentHashMap<String, Long> syncRecorded = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Whether to write the device's last-sync time now: the first time, then at most once a minute,
   * so a no-change pull (the commonest request) does no write and waits for no push.
   */
  private boolean syncRecordDue(String deviceId, long now) {
    Long last = syncRecorded.get(deviceId);
    if (last != null && now - last < SYNC_RECORD_INTERVAL_MILLIS) {
      return false;
    }
    syncRecorded.put(deviceId, now);
    return true;
  }

  /**
   * This server lacks changes a device has already pulled: it was restored from an older backup
   * (or it is another server). Nothing is pulled, so the device neither skips what is written
   * here from now on nor takes the lost values for the server's.
   */
  private ApiException serverLostChanges(Principal principal, long cursorSeq, long serverSeq, String why) {
    JsonObject details = new JsonObject();
    details.addProperty("cursor", cursorSeq);
    details.addProperty("serverSeq", serverSeq);
    alarm(principal.deviceId(), "device {} pulls from cursor {} but {}: restored from an older backup?", principal.deviceId(), cursorSeq, why);
    return new ApiException(ErrorCode.CURSOR_AHEAD,
        "this device has seen changes up to " + cursorSeq + " that this server does not have (" + why
            + "); the server may have been restored from an older backup. Sync is"
            + " stopped so nothing is skipped: ask an administrator.",
        details);
  }

  /** How often one device's sign of lost changes is logged at ERROR; in between it is a WARN. */
  static final long ALARM_INTERVAL_MILLIS = 3_600_000L;
  private final java.util.concurrent.ConcurrentHashMap<String, Long> alarmed = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Logs a sign that this server lost changes a device holds: at ERROR the first time for the
   * device in an hour (someone must look: a restore from an older backup, or another server), at
   * WARN while it goes on. A device retries every sync, and an invented cursor must not let any
   * device flood the ERROR log that alerts the operators.
   */
  private void alarm(String deviceId, String format, Object... args) {
    long now = clock.millis();
    boolean[] first = new boolean[1];
    alarmed.compute(deviceId, (d, last) -> {
      if (last == null || now - last >= ALARM_INTERVAL_MILLIS) {
        first[0] = true;
        return now;
      }
      return last;
    });
    if (first[0]) {
      LOG.error(format + " (logged at ERROR once an hour per device; repeats are WARN)", args);
    } else {
      LOG.warn(format, args);
    }
  }

  /** Refuses a cursor naming a change this server does not hold (see {@link PullCursor}). */
  private void requireHeld(Handle h, Principal principal, PullCursor from, RecordStore.ChangeAnchor newest) {
    // A caught-up device (the commonest pull) names the newest change itself: no lookup.
    if (from.anchored() && !from.equals(PullCursor.at(newest))
        && !records.holdsChange(h, from.historyId(), from.changedAt())) {
      throw serverLostChanges(principal, from.seq(), newest.seq(),
          "the change at this device's cursor is not on this server, whose newest change is " + newest.seq());
    }
  }

  private void checkShape(Principal principal, PushRequest request) {
    if (request.deviceId() == null || !request.deviceId().equals(principal.deviceId())) {
      throw new ApiException(
          ErrorCode.FORBIDDEN, "the push names a device other than the one this token was issued to");
    }
    List<Mutation> mutations = request.mutations();
    if (mutations.size() > PushRequest.MAX_BATCH) {
      throw ApiException.invalid(
          "mutations", "a push carries at most " + PushRequest.MAX_BATCH + " mutations");
    }
    long previous = -1;
    for (int i = 0; i < mutations.size(); i++) {
      Mutation m = mutations.get(i);
      String where = "mutations[" + i + "]";
      if (m == null) {
        throw ApiException.invalid(where, where + " is null");
      }
      if (!principal.deviceId().equals(m.deviceId())) {
        throw ApiException.invalid(where + ".deviceId", "every mutation must carry the pushing device's id");
      }
      if (m.mutationId() < 1 || m.mutationId() > MAX_MUTATION_ID) {
        throw ApiException.invalid(where + ".mutationId", "mutation numbers run from 1 to " + MAX_MUTATION_ID);
      }
      if (previous >= 0 && m.mutationId() != previous + 1) {
        throw ApiException.invalid(
            where + ".mutationId", "mutation numbers in a batch must be consecutive");
      }
      previous = m.mutationId();
    }
    // A device's clock, read where the push is read: stored as epoch milliseconds for the fleet view.
    TimeBounds.require("oldestPendingAt", request.oldestPendingAt());
  }

  /**
   * The reasons to reject a mutation that need no database: type, profession, op, id and field
   * shapes. Null when the mutation may go on to the rules.
   */
  private static Rejection staticRejection(Principal principal, Mutation m) {
    EntityType type = EntityType.fromWireName(m.entityType());
    if (type == null || type.access() == EntityType.Access.SERVER_ONLY) {
      return new Rejection(
          ErrorCode.ENTITY_NOT_WRITABLE,
          type == null
              ? "unknown entity type '" + (m.entityType() != null && m.entityType().length() > 60
                  ? m.entityType().substring(0, 60) + "…" : m.entityType()) + "'"
              : "devices may not write " + type.wireName() + " records");
    }
    if (!Capabilities.canWrite(principal, type)) {
      return new Rejection(
          ErrorCode.FORBIDDEN,
          "your profession (" + principal.profession() + ") may not write " + type.wireName() + " records");
    }
    if (m.op() == null) {
      return new Rejection(ErrorCode.INVALID_FIELD, "op must be one of CREATE, UPDATE, ENTERED_IN_ERROR");
    }
    if (m.op() == MutationOp.CREATE && m.baseVersion() != 0) {
      // A new record is based on no version; another base means the device thinks it exists.
      return new Rejection(ErrorCode.INVALID_FIELD, "a CREATE is based on no version: baseVersion must be 0, not " + m.baseVersion());
    }
    if (m.deviceTime() != null && !TimeBounds.contains(m.deviceTime())) {
      // Kept in history, conflicts and the access log as epoch milliseconds: a device clock
      // outside these years is a client mistake, refused like any invalid field.
      return new Rejection(ErrorCode.INVALID_FIELD, "deviceTime must be a time " + TimeBounds.RANGE);
    }
    if (!RecordValidator.isUuid(m.entityId())) {
      return new Rejection(ErrorCode.INVALID_FIELD, "entityId must be a UUID in lower case");
    }
    if (m.hasMalformedFields()) {
      return new Rejection(ErrorCode.INVALID_FIELD, "fields must be a JSON object");
    }
    if (m.op() == MutationOp.ENTERED_IN_ERROR && m.fields() != null && m.fields().size() > 0) {
      // A retraction writes no values: applying it would drop the fields without a word.
      return new Rejection(ErrorCode.INVALID_FIELD, "entered-in-error takes a reason, not fields");
    }
    JsonObject fields = m.fields() == null ? new JsonObject() : m.fields();
    try {
      RecordValidator.checkFields(type, fields);
      checkServerOnly(type, m.op(), fields);
    } catch (Rejection r) {
      return r;
    }
    return null;
  }

  private static void checkServerOnly(EntityType type, MutationOp op, JsonObject fields) throws Rejection {
    for (Map.Entry<String, JsonElement> e : fields.entrySet()) {
      String reason = FieldPolicy.serverOnlyReason(type, e.getKey());
      if (reason == null) {
        continue;
      }
      if (!(op == MutationOp.CREATE && isUnsetDefault(e.getValue()))) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + e.getKey() + "' cannot be set from a device: " + reason);
      }
    }
  }

  /** A new record may carry a server-only field only at its "not yet set" value. */
  private static boolean isUnsetDefault(JsonElement value) {
    if (value.isJsonNull()) {
      return true;
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
      return value.getAsLong() == 0;
    }
    return value.isJsonPrimitive() && "NOT_REVIEWED".equals(value.getAsString());
  }

  private static final String ATTEMPT = "push_attempt";

  /** The answers of one pass over a push batch, and the state it leaves. */
  private record Attempt(Batch batch, List<MutationResult> results, long last) {}

  /** A mutation failed after it had written: the pass must be undone and run with savepoints. */
  private static final class NeedsSavepoints extends RuntimeException {
    NeedsSavepoints(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private Attempt applyAll(
      Handle h, Principal principal, long now, List<Mutation> mutations, Rejection[] invalid, long last,
      boolean savepoints) {
    Batch batch = new Batch(h, principal, now, records.maxSeq(h), savepoints);
    batch.prefetch(mutations, last);
    List<MutationResult> results = new ArrayList<>(mutations.size());
    for (int i = 0; i < mutations.size(); i++) {
      Mutation m = mutations.get(i);
      if (m.mutationId() <= last) {
        results.add(replayed(h, principal, batch, m, last, now));
      } else {
        MutationResult result = invalid[i] != null ? batch.reject(m, invalid[i]) : batch.apply(m);
        mutationLog.insert(h, principal.deviceId(), principal.staffId(), result, fingerprint(m), now);
        results.add(result);
        last = m.mutationId();
      }
    }
    return new Attempt(batch, results, last);
  }

  /**
   * The answer already given to a mutation number at or below the device's counter. Pushes move
   * the counter only past numbers they log; a recovery ({@link RestoreRecovery}) moves it past
   * numbers whose answers a restored server lost. Such a number sent again is refused, once and
   * for good (the refusal is logged, so a replay gets the same answer): what it did before the
   * restore came back with the recovered records, and a new change needs a new number.
   */
  private MutationResult replayed(Handle h, Principal principal, Batch batch, Mutation m, long last, long now) {
    Optional<MutationLogStore.Logged> earlier = mutationLog.find(h, principal.deviceId(), m.mutationId());
    if (earlier.isPresent()) {
      Long was = earlier.get().fingerprint();
      if (was != null && was != fingerprint(m)) {
        // Not the mutation this number answered: a reused number. Neither applied nor given the
        // earlier answer (which would tell the device its new change was done); not logged, so
        // the same reused number sent again gets the same answer.
        LOG.warn("device {} sent mutation {} with other content than before: a reused number", principal.deviceId(), m.mutationId());
        return new MutationResult(m.mutationId(), MutationStatus.REJECTED, m.entityType(), m.entityId(), 0,
            ErrorCode.MUTATION_REUSED.name(),
            "mutation number " + m.mutationId() + " was used before by this device for another change; number the"
                + " queued changes again after " + last + " and send them as new",
            null);
      }
      return earlier.get().result();
    }
    LOG.warn("device {} sent mutation {} again, but its answer is not on this server (numbering moved on to {} by a recovery)",
        principal.deviceId(), m.mutationId(), last);
    MutationResult refused =
        batch.reject(
            m,
            new Rejection(
                ErrorCode.INVALID_FIELD,
                "mutation number " + m.mutationId() + " was used before this server was restored from an older backup,"
                    + " and its answer was lost; this device's numbering continues after " + last
                    + ": send a new change with a new number"));
    mutationLog.insert(h, principal.deviceId(), principal.staffId(), refused, fingerprint(m), now);
    return refused;
  }

  /**
   * What a mutation is, as a number: its record, operation and device time (the moment the change
   * was made on the tablet, which a change sent again keeps). Not its base version, which a
   * recovery may move on a queued change, nor its fields, which would cost the writer a
   * serialisation per mutation; two changes of one record in the same millisecond are alike here.
   */
  static long fingerprint(Mutation m) {
    long h = 1125899906842597L;
    h = 31 * h + java.util.Objects.hashCode(m.entityType());
    h = 31 * h + java.util.Objects.hashCode(m.entityId());
    h = 31 * h + (m.op() == null ? 0 : m.op().ordinal() + 1);
    h = 31 * h + (m.deviceTime() == null ? 0 : Long.hashCode(m.deviceTime().getEpochSecond()) * 31L + m.deviceTime().getNano());
    return h;
  }

  /** The state of one push transaction. */
  private final class Batch {
    private final Handle h;
    private final Principal principal;
    private final long now;
    private final AuditService.Batch audit;
    private final Map<String, Boolean> scopeCache = new HashMap<>();
    private final Map<String, String> careTeamCache = new HashMap<>();
    /** Records as this transaction sees them (null: known to be absent). */
    private final Map<String, StoredRecord> known = new HashMap<>();
    /** Ids the current mutation wrote, to forget if its savepoint is rolled back. */
    private final List<String> written = new ArrayList<>();
    /** Where the access log stood when the current mutation began. */
    private int auditMark;
    private long seq;
    /** Whether each mutation runs in its own savepoint (the careful pass). */
    private final boolean savepoints;
    /** Rows written so far: a mutation that fails after writing cannot be answered without a savepoint. */
    private int writes;

    Batch(Handle h, Principal principal, long now, long seq, boolean savepoints) {
      this.h = h;
      this.savepoints = savepoints;
      this.principal = principal;
      this.now = now;
      this.seq = seq;
      this.audit = SyncService.this.audit.batch(principal);
    }

    /**
     * Applies one mutation. A rejection, or a fault in our own code, undoes only this mutation: it
     * becomes a recorded answer and the batch goes on, so one poison mutation can never wedge a
     * device's queue.
     *
     * <p>Without savepoints, a mutation that is rejected before it writes anything is answered
     * as usual; one that fails after writing throws {@link NeedsSavepoints}, and the push runs
     * again with one savepoint per mutation, where the same failure undoes just that mutation.
     */
    MutationResult apply(Mutation m) {
      if (!savepoints) {
        int writesBefore = writes;
        written.clear(); // only the careful pass needs to know what to forget
        auditMark = audit.mark();
        try {
          return applyOrReject(m);
        } catch (ApiException stopsThePush) {
          throw stopsThePush;
        } catch (Rejection r) {
          requireNothingWritten(writesBefore, m, r);
          audit.rollbackTo(auditMark);
          return reject(m, r);
        } catch (LostAccess lost) {
          requireNothingWritten(writesBefore, m, lost);
          audit.rollbackTo(auditMark);
          return quarantine(m, lost.patientId);
        } catch (RuntimeException e) {
          throw new NeedsSavepoints("mutation " + m.mutationId() + " failed: " + e, e);
        }
      }
      String savepoint = "m" + m.mutationId();
      h.savepoint(savepoint);
      written.clear();
      auditMark = audit.mark();
      try {
        MutationResult result = applyOrReject(m);
        h.release(savepoint);
        return result;
      } catch (ApiException stopsThePush) {
        throw stopsThePush;
      } catch (Rejection r) {
        rollback(savepoint);
        return reject(m, r);
      } catch (LostAccess lost) {
        rollback(savepoint);
        return quarantine(m, lost.patientId);
      } catch (RuntimeException e) {
        rollback(savepoint);
        String incident = UUID.randomUUID().toString();
        LOG.error("incident {}: mutation {}#{} failed and was quarantined", incident, principal.deviceId(), m.mutationId(), e);
        return rejected(
            m,
            ErrorCode.INTERNAL_ERROR,
            "the server could not apply this change (incident " + incident + "); it was set aside and the rest of"
                + " your changes went through");
      }
    }

    private void requireNothingWritten(int writesBefore, Mutation m, Exception why) {
      if (writes != writesBefore) {
        throw new NeedsSavepoints("mutation " + m.mutationId() + " was turned down after it had written: " + why, why);
      }
    }

    /** A rejection is an answer, logged like any other change attempt. */
    MutationResult reject(Mutation m, Rejection r) {
      audit.add(null, null, auditAction(m.op()), m.entityType(), null, deviceMillis(m), "REJECTED " + r.code());
      return rejected(m, r.code(), r.getMessage());
    }

    /** Undoes one mutation, and forgets what it wrote: the next read goes to the database. */
    private void rollback(String savepoint) {
      h.rollbackToSavepoint(savepoint);
      audit.rollbackTo(auditMark);
      for (String id : written) {
        known.remove(id);
      }
      written.clear();
    }

    /**
     * Reads every record the batch's new mutations name in one query; what the batch then writes
     * replaces it here, so later mutations of the same batch see it.
     */
    void prefetch(List<Mutation> mutations, long lastApplied) {
      Set<String> ids = new HashSet<>();
      for (Mutation m : mutations) {
        if (m.mutationId() > lastApplied && m.entityId() != null) {
          ids.add(m.entityId());
        }
      }
      Map<String, StoredRecord> found = records.findAll(h, ids);
      for (String id : ids) {
        if (!found.containsKey(id)) {
          known.put(id, null);
        } else if (found.get(id) != null) {
          known.put(id, found.get(id));
        }
      }
      // The scope and care team of every patient the batch names, in two queries instead of two
      // per patient.
      Set<String> patients = new HashSet<>();
      for (StoredRecord r : found.values()) {
        if (r != null && r.patientId() != null) {
          patients.add(r.patientId());
        }
      }
      for (Mutation m : mutations) {
        JsonElement p = m.mutationId() > lastApplied && m.fields() != null ? m.fields().get("patientId") : null;
        if (p != null && p.isJsonPrimitive() && RecordValidator.isUuid(p.getAsString())) {
          patients.add(p.getAsString());
        }
      }
      Set<String> visible = scopes.visibleAmong(h, patients, principal.teamIds());
      for (String p : patients) {
        scopeCache.put(p, visible.contains(p));
      }
      careTeamCache.putAll(scopes.careTeams(h, patients, principal.teamIds()));
    }

    private Optional<StoredRecord> current(String id) {
      if (known.containsKey(id)) {
        return Optional.ofNullable(known.get(id));
      }
      Optional<StoredRecord> found = records.find(h, id);
      known.put(id, found.orElse(null));
      return found;
    }

    /** Writes a new record and the history entry of its first version. */
    private void insert(StoredRecord r, String op, JsonObject changes, Mutation m, String reason) {
      writes++;
      records.insert(h, r, historyEntry(r, op, changes, m, reason));
      known.put(r.id(), r);
      written.add(r.id());
    }

    /** Writes a record's new version and its history entry. */
    private void update(StoredRecord r, String op, JsonObject changes, Mutation m, String reason) {
      writes++;
      records.update(h, r, historyEntry(r, op, changes, m, reason));
      known.put(r.id(), r);
      written.add(r.id());
    }

    /**
     * A team leader reviews a visit together with its discharge checklist and medication checks;
     * a change to those after the review makes the visit's review stale (DOMAIN rule 12), as a
     * change to the visit itself does, so an approval never silently covers content it did not see.
     */
    private void staleLinkedReview(EntityType type, String patientId, JsonObject data, Mutation m) {
      Optional<StoredRecord> visit = LinkedVisit.of(type, patientId, data, this::current);
      if (visit.isEmpty()) {
        return;
      }
      StoredRecord reviewed = visit.get();
      JsonObject stale = ReviewBinding.afterLinkedChange(reviewed.data());
      if (stale == null) {
        return;
      }
      JsonObject next = reviewed.data().deepCopy();
      stale.entrySet().forEach(e -> next.add(e.getKey(), e.getValue()));
      StoredRecord updated =
          new StoredRecord(
              reviewed.id(), reviewed.entityType(), reviewed.patientId(), reviewed.version() + 1, ++seq, false,
              next, reviewed.createdAt(), now, principal.staffId(), principal.deviceId());
      update(updated, "UPDATE", stale, m, "the review no longer covers " + type.wireName() + " " + m.entityId() + ", changed after it");
    }

    private MutationResult rejected(Mutation m, ErrorCode code, String message) {
      return new MutationResult(
          m.mutationId(), MutationStatus.REJECTED, m.entityType(), m.entityId(), 0, code.name(), message, null);
    }

    private MutationResult applyOrReject(Mutation m) throws Rejection, LostAccess {
      EntityType type = EntityType.fromWireName(m.entityType());
      JsonObject fields = m.fields() == null ? new JsonObject() : m.fields();
      switch (m.op()) {
        case CREATE:
          return create(type, m, fields);
        case UPDATE:
          return update(type, m, fields);
        case ENTERED_IN_ERROR:
          return retract(type, m);
        default:
          throw new Rejection(ErrorCode.INVALID_FIELD, "unsupported op " + m.op());
      }
    }

    private MutationResult create(EntityType type, Mutation m, JsonObject fields) throws Rejection, LostAccess {
      if (type == EntityType.AUDIT_ENTRY) {
        return deviceAuditEntry(m, fields);
      }
      if (current(m.entityId()).isPresent()) {
        throw new Rejection(ErrorCode.ENTITY_EXISTS, "an entity with id " + m.entityId() + " already exists");
      }
      String patientId = null;
      if (type.isPatientScoped()) {
        JsonElement p = fields.get("patientId");
        if (p == null || !p.isJsonPrimitive() || !RecordValidator.isUuid(p.getAsString())) {
          throw new Rejection(ErrorCode.INVALID_FIELD, "patientId is required and must be a UUID in lower case");
        }
        patientId = p.getAsString();
        requireScope(patientId);
      }
      JsonObject data = fields.deepCopy();
      data.addProperty("id", m.entityId());
      stripNulls(data);
      String violation = Transitions.violation(type, null, data);
      if (violation != null) {
        throw new Rejection(ErrorCode.INVALID_FIELD, violation);
      }
      RecordValidator.checkDecodes(type, withVersion(data, 1));
      StoredRecord record =
          new StoredRecord(
              m.entityId(), type.wireName(), patientId, 1, ++seq, false, data, now, now,
              principal.staffId(), principal.deviceId());
      insert(record, "CREATE", data, m, null);
      staleLinkedReview(type, patientId, data, m);
      List<String> conflictIds = new ArrayList<>();
      ConflictDraft stale = staleDecision(type, null, record);
      if (stale != null) {
        conflictIds.add(recordConflict(type, record, m, stale, 0));
      }
      String link = SignedRecords.signedWholeLink(type);
      if (link != null && signedWhole(data.get(link))) {
        // A new action or goal under a signed plan replaces nothing that was signed, and planned
        // work must not vanish while it waits; but no signature covers it, so a person checks it.
        conflictIds.add(recordConflict(type, record, m, SignedRecords.addedAfterSigning(data, link), 0));
      }
      audit.add(patientId, careTeam(patientId), AuditAction.CREATE, type.wireName(), m.entityId(), deviceMillis(m),
          conflictIds.isEmpty() ? "APPLIED" : "CONFLICT");
      return result(m, conflictIds.isEmpty() ? MutationStatus.APPLIED : MutationStatus.MERGED, 1, conflictIds, null);
    }

    private MutationResult update(EntityType type, Mutation m, JsonObject fields) throws Rejection, LostAccess {
      if (type.access() == EntityType.Access.APPEND_ONLY) {
        throw new Rejection(ErrorCode.ENTITY_NOT_WRITABLE, type.wireName() + " records are append-only");
      }
      if (m.baseVersion() < 0) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "baseVersion cannot be negative");
      }
      StoredRecord current = existing(type, m);
      if (fields.has("patientId")
          && !fields.get("patientId").equals(new com.google.gson.JsonPrimitive(String.valueOf(current.patientId())))) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "an entity cannot move to another patient");
      }
      if (current.tombstone()) {
        return againstRetraction(type, current, m, fields);
      }
      if (SignedRecords.isSigned(type, current.data())) {
        return amend(type, current, m, fields);
      }
      ConflictDraft signedPart = partOfSigned(type, current, fields);
      String link = SignedRecords.signedWholeLink(type);
      if (signedPart == null && link != null && fields.has(link) && !fields.get(link).equals(current.data().get(link))
          && signedWhole(fields.get(link))) {
        // Moving a part into a signed plan would add it to what was signed without anyone seeing it.
        signedPart = SignedRecords.heldPartChange(current.data(), fields);
      }
      if (signedPart != null) {
        // An action or goal of a signed SIP is signed content: not changed in place.
        String conflictId = recordConflict(type, current, m, signedPart, m.baseVersion());
        audit.add(current.patientId(), careTeam(current.patientId()), AuditAction.UPDATE, type.wireName(), current.id(), deviceMillis(m), "CONFLICT");
        return result(m, MutationStatus.CONFLICT, current.version(), List.of(conflictId),
            "this is part of a signed plan; your change was not applied and waits for review");
      }
      // Base 0 is an entity this device created and changed again before hearing back: it has
      // seen only its own changes, so everything others changed counts as concurrent.
      Set<String> changedByOthers =
          m.baseVersion() == current.version()
              ? Set.of()
              : records.fieldsChangedSince(h, current, m.baseVersion(), principal.deviceId());
      MergeOutcome outcome =
          ConflictRules.merge(
              new MergeInput(type, current.data(), changedByOthers, fields, principal.name(), m.deviceTime()));
      JsonObject apply = outcome.apply().deepCopy();
      JsonObject review = ReviewBinding.afterChange(type, current.data(), apply);
      if (review != null) {
        review.entrySet().forEach(e -> apply.add(e.getKey(), e.getValue()));
      }
      long version = current.version();
      StoredRecord updated = current;
      if (apply.size() > 0) {
        JsonObject data = current.data().deepCopy();
        for (Map.Entry<String, JsonElement> e : apply.entrySet()) {
          data.add(e.getKey(), e.getValue());
        }
        stripNulls(data);
        String violation = Transitions.violation(type, current.data(), data);
        if (violation != null) {
          throw new Rejection(ErrorCode.INVALID_FIELD, violation);
        }
        // The stored record decoded when it was written; only the values this change brings
        // (including any the rules or the review binding set) need decoding now.
        RecordValidator.checkDecodes(type, apply);
        version++;
        updated =
            new StoredRecord(
                current.id(), current.entityType(), current.patientId(), version, ++seq, false,
                data, current.createdAt(), now, principal.staffId(), principal.deviceId());
        update(updated, "UPDATE", apply, m, null);
        staleLinkedReview(type, current.patientId(), data, m);
      }
      List<String> conflictIds = new ArrayList<>();
      for (ConflictDraft draft : outcome.conflicts()) {
        conflictIds.add(recordConflict(type, current, m, draft, m.baseVersion()));
      }
      ConflictDraft stale = staleDecision(type, current, updated);
      if (stale != null) {
        conflictIds.add(recordConflict(type, updated, m, stale, m.baseVersion()));
      }
      // A signature attests only what its signer saw: one given over other devices' changes
      // since the signer's base stands, but those changes are named and wait for review.
      ConflictDraft unseen =
          SignedRecords.isSigned(type, updated.data())
              ? SignedRecords.signedOverUnseen(current.data(), updated.data(), changedByOthers, fields)
              : null;
      if (unseen != null) {
        conflictIds.add(recordConflict(type, current, m, unseen, m.baseVersion()));
      }
      // The same for a plan's actions and goals, which are records of their own.
      List<String> unseenParts = List.of();
      if (type == EntityType.PLAN && SignedRecords.signs(fields) && SignedRecords.isSigned(type, updated.data())) {
        JsonElement seen = fields.get("seenPartVersions");
        // Exact when the tablet says which versions of the parts it saw (Plans.sign does); otherwise
        // judged from the plan version it saw, which errs towards review.
        unseenParts = seen != null && seen.isJsonArray() ? partsChangedSinceSeen(current, seen.getAsJsonArray()) : partsChangedUnseen(type, current, m);
      }
      if (!unseenParts.isEmpty()) {
        conflictIds.add(recordConflict(type, current, m,
            SignedRecords.signedOverUnseenParts(unseenParts, fields, updated.data()), m.baseVersion()));
      }
      audit.add(current.patientId(), careTeam(current.patientId()), AuditAction.UPDATE, type.wireName(), current.id(), deviceMillis(m),
          conflictIds.isEmpty() ? "APPLIED" : "CONFLICT");
      MutationStatus status =
          outcome.deviceOverruled()
              ? MutationStatus.CONFLICT
              : outcome.mergedWithOthers() || !conflictIds.isEmpty() ? MutationStatus.MERGED : MutationStatus.APPLIED;
      String message =
          status == MutationStatus.CONFLICT
              ? "a concurrent change was decided by a clinical rule; your value is kept for review"
              : null;
      return result(m, status, version, conflictIds, message);
    }

    /**
     * A device's record of a local read, uploaded through its outbox. It goes to the access log
     * (append-only, with both device time and server receive time) and is accepted even when the
     * patient has since left the user's scope: the read happened, so it must be logged.
     */
    private MutationResult deviceAuditEntry(Mutation m, JsonObject fields) throws Rejection {
      JsonElement patient = fields.get("patientId");
      JsonElement action = fields.get("action");
      if (patient == null || !RecordValidator.isUuid(patient.getAsString()) || action == null || action.isJsonNull()) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "an audit entry needs patientId and action");
      }
      if (AuditAction.EMERGENCY_ACCESS.name().equals(action.getAsString())) {
        // Only the server grants a nödåtkomst; a device's own entry would be a forged one in the MAS's follow-up.
        throw new Rejection(ErrorCode.INVALID_FIELD, "nödåtkomst is logged by the server, not uploaded from a device");
      }
      JsonElement occurred = fields.get("occurredAtDevice");
      Long deviceTime =
          occurred == null || occurred.isJsonNull() ? deviceMillis(m) : java.time.Instant.parse(occurred.getAsString()).toEpochMilli();
      String resourceType = fields.has("resourceType") && !fields.get("resourceType").isJsonNull() ? fields.get("resourceType").getAsString() : null;
      String resourceId = fields.has("resourceId") && !fields.get("resourceId").isJsonNull() ? fields.get("resourceId").getAsString() : null;
      // The access log's columns are as wide on PostgreSQL as the types and ids that go in them.
      if (resourceType != null && resourceType.length() > 40 || resourceId != null && resourceId.length() > 64) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "an audit entry's resourceType is at most 40 characters, its resourceId at most 64");
      }
      audit.add(patient.getAsString(), careTeam(patient.getAsString()), AuditAction.valueOf(action.getAsString()), resourceType,
          resourceId, deviceTime, "DEVICE");
      return result(m, MutationStatus.APPLIED, 1, null, null);
    }

    /**
     * A change made to a signed record becomes a new version linked to it. A device's changes made
     * on the same base (offline, before it heard of the signature) go to one amendment: the first
     * creates it, with an id named by the device, the signed record and the base, and the later
     * ones update it, so one version holds all of them.
     */
    private MutationResult amend(EntityType type, StoredRecord signed, Mutation m, JsonObject fields)
        throws Rejection, LostAccess {
      String amendmentId = nameUuid("amendment:" + principal.deviceId() + ":" + signed.id() + "@" + m.baseVersion());
      Optional<StoredRecord> earlier = current(amendmentId);
      List<String> conflictIds = new ArrayList<>();
      boolean reused = earlier.isPresent() && earlierAmendmentOpen(type, signed, earlier.get());
      if (reused) {
        JsonObject change = SignedRecords.amendmentChange(fields);
        if (change.size() > 0) {
          // The device created the amendment (version 1) and has seen only its own changes to it
          // since: whatever others changed there meanwhile is concurrent, and merged by the rules.
          Mutation onAmendment =
              new Mutation(m.deviceId(), m.mutationId(), m.entityType(), amendmentId, MutationOp.UPDATE, 1, change,
                  m.reason(), m.deviceTime());
          MutationResult merged = update(type, onAmendment, change);
          if (merged.conflictIds() != null) {
            conflictIds.addAll(merged.conflictIds());
          }
        }
      } else {
        if (earlier.isPresent()) {
          // That amendment was signed or retracted meanwhile: this change is a correction of its own.
          amendmentId = nameUuid("amendment:" + principal.deviceId() + ":" + m.mutationId());
        }
        JsonObject data = SignedRecords.amendment(signed.id(), signed.data(), fields);
        data.addProperty("id", amendmentId);
        stripNulls(data);
        RecordValidator.checkDecodes(type, withVersion(data, 1));
        StoredRecord amendment =
            new StoredRecord(
                amendmentId, type.wireName(), signed.patientId(), 1, ++seq, false, data, now, now,
                principal.staffId(), principal.deviceId());
        insert(amendment, "CREATE", data, m, "amends " + signed.id());
      }
      JsonObject serverValues = new JsonObject();
      JsonObject result = new JsonObject();
      for (String field : fields.keySet()) {
        serverValues.add(field, signed.data().has(field) ? signed.data().get(field) : JsonNull.INSTANCE);
      }
      result.addProperty("amendmentId", amendmentId);
      ConflictDraft draft =
          new ConflictDraft(fields.keySet(), serverValues, fields, result, SignedRecords.RULE, ConflictStatus.AUTO_RESOLVED, false);
      conflictIds.add(0, recordConflict(type, signed, m, draft, m.baseVersion()));
      if (!reused) {
        // (an update of the earlier amendment was logged as one)
        audit.add(signed.patientId(), careTeam(signed.patientId()), AuditAction.CREATE, type.wireName(), amendmentId, deviceMillis(m), "AMENDMENT");
      }
      return result(
          m, MutationStatus.CONFLICT, signed.version(), conflictIds,
          "the record is signed; your change was saved as a new version (" + amendmentId + ") linked to it");
    }

    /** Whether a device's earlier amendment of the signed record can take its next change. */
    private boolean earlierAmendmentOpen(EntityType type, StoredRecord signed, StoredRecord earlier) {
      JsonElement link = earlier.data().get("amendsId");
      return earlier.entityType().equals(type.wireName())
          && !earlier.tombstone()
          && link != null && link.isJsonPrimitive() && link.getAsString().equals(signed.id())
          && !SignedRecords.isSigned(type, earlier.data());
    }

    private static String nameUuid(String name) {
      return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** The held change when the record is a part of a signed record (an action of a signed plan), else null. */
    private ConflictDraft partOfSigned(EntityType type, StoredRecord current, JsonObject fields) {
      return isPartOfSigned(type, current) ? SignedRecords.heldPartChange(current.data(), fields) : null;
    }

    /** Whether the record is an action or goal of a signed plan. */
    private boolean isPartOfSigned(EntityType type, StoredRecord current) {
      String link = SignedRecords.signedWholeLink(type);
      return link != null && signedWhole(current.data().get(link));
    }

    /** Whether the link names a signed record that is not marked entered-in-error. */
    private boolean signedWhole(JsonElement wholeId) {
      if (wholeId == null || !wholeId.isJsonPrimitive()) {
        return false;
      }
      Optional<StoredRecord> whole = current(wholeId.getAsString());
      return whole.isPresent() && !whole.get().tombstone()
          && SignedRecords.isSigned(EntityType.fromWireName(whole.get().entityType()), whole.get().data());
    }

    /** An update that meets a retraction: if the device had not seen it, a person decides. */
    private MutationResult againstRetraction(EntityType type, StoredRecord current, Mutation m, JsonObject fields)
        throws Rejection {
      if (m.baseVersion() >= current.version()) {
        throw new Rejection(ErrorCode.ENTITY_RETRACTED, "this " + type.wireName() + " was marked entered-in-error");
      }
      JsonObject serverValues = new JsonObject();
      for (String field : fields.keySet()) {
        serverValues.add(field, current.data().has(field) ? current.data().get(field) : JsonNull.INSTANCE);
      }
      ConflictDraft draft =
          new ConflictDraft(fields.keySet(), serverValues, fields, serverValues, RULE_RETRACTION, ConflictStatus.NEEDS_REVIEW, false);
      String conflictId = recordConflict(type, current, m, draft, m.baseVersion());
      audit.add(current.patientId(), careTeam(current.patientId()), AuditAction.UPDATE, type.wireName(), current.id(), deviceMillis(m), "CONFLICT");
      return result(m, MutationStatus.CONFLICT, current.version(), List.of(conflictId),
          "someone marked this entered-in-error while you changed it; your values are kept for review");
    }

    private MutationResult retract(EntityType type, Mutation m) throws Rejection, LostAccess {
      if (type.access() == EntityType.Access.APPEND_ONLY) {
        throw new Rejection(ErrorCode.ENTITY_NOT_WRITABLE, type.wireName() + " records are append-only");
      }
      if (m.reason() == null || m.reason().trim().isEmpty()) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "marking an entity entered-in-error needs a reason");
      }
      if (m.reason().length() > 2000) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "the reason is longer than 2000 characters");
      }
      StoredRecord current = existing(type, m);
      if (current.tombstone()) {
        throw new Rejection(ErrorCode.ENTITY_RETRACTED, "this " + type.wireName() + " was already marked entered-in-error");
      }
      Set<String> changedByOthers =
          m.baseVersion() >= current.version()
              ? Set.of()
              : records.fieldsChangedSince(h, current, m.baseVersion(), principal.deviceId());
      if (!changedByOthers.isEmpty()) {
        // No hard deletes: a retraction must not hide a change its author never saw.
        return heldRetraction(type, current, m, se.nara.server.rules.Retractions.held(m.reason(), RULE_RETRACTION),
            "the record changed after you saw it; the retraction waits for review");
      }
      List<String> unseenParts = partsChangedUnseen(type, current, m);
      if (!unseenParts.isEmpty()) {
        // Retracting a checklist (a check, a plan) hides its items: not while one of them holds
        // a change the retracting device never saw.
        ConflictDraft draft = se.nara.server.rules.Retractions.heldForParts(unseenParts, m.reason());
        return heldRetraction(type, current, m, draft,
            "parts of this " + type.wireName() + " changed after you saw it; the retraction waits for review");
      }
      if (type == EntityType.PLAN && SignedRecords.isSigned(type, current.data())) {
        return heldRetraction(type, current, m, SignedRecords.heldPlanRetraction(m.reason()),
            "this plan is signed; the retraction was not applied and waits for review");
      }
      if (isPartOfSigned(type, current)) {
        // Marking an action or goal of a signed plan entered-in-error removes signed content: like
        // an edit of it (rule 15b), it is not applied and waits for review.
        return heldRetraction(type, current, m, SignedRecords.heldPartRetraction(m.reason()),
            "this is part of a signed plan; the retraction was not applied and waits for review");
      }
      long version = current.version() + 1;
      StoredRecord retracted =
          new StoredRecord(
              current.id(), current.entityType(), current.patientId(), version, ++seq, true,
              current.data(), current.createdAt(), now, principal.staffId(), principal.deviceId());
      update(retracted, "ENTERED_IN_ERROR", new JsonObject(), m, m.reason());
      staleLinkedReview(type, current.patientId(), current.data(), m);
      audit.add(current.patientId(), careTeam(current.patientId()), AuditAction.ENTERED_IN_ERROR, type.wireName(), current.id(), deviceMillis(m), "APPLIED");
      return result(m, MutationStatus.APPLIED, version, null, null);
    }

    /** A retraction not applied: kept in a conflict record for review, and logged as the attempt it was. */
    private MutationResult heldRetraction(EntityType type, StoredRecord current, Mutation m, ConflictDraft draft, String message) {
      String conflictId = recordConflict(type, current, m, draft, m.baseVersion());
      audit.add(current.patientId(), careTeam(current.patientId()), AuditAction.ENTERED_IN_ERROR, type.wireName(), current.id(),
          deviceMillis(m), "CONFLICT");
      return result(m, MutationStatus.CONFLICT, current.version(), List.of(conflictId), message);
    }

    /**
     * The actions and goals of a plan ("type id") that another device (or a team leader's
     * resolution) changed after the version the signer saw ("id@version" in {@code seen}; a part
     * missing there was not seen at all), or marked entered-in-error since.
     */
    private List<String> partsChangedSinceSeen(StoredRecord plan, com.google.gson.JsonArray seen) {
      Map<String, Long> seenVersions = new HashMap<>();
      for (JsonElement e : seen) {
        String entry = e.isJsonPrimitive() ? e.getAsString() : "";
        int at = entry.lastIndexOf('@');
        if (at > 0 && entry.length() - at - 1 <= 18 && entry.substring(at + 1).matches("[0-9]+")) {
          seenVersions.put(entry.substring(0, at), Long.parseLong(entry.substring(at + 1)));
        }
      }
      List<String> changed = new ArrayList<>();
      List<StoredRecord> parts = partsOf(EntityType.PLAN, plan);
      Set<String> partIds = new HashSet<>();
      for (StoredRecord part : parts) {
        partIds.add(part.id());
      }
      // A part the signer saw that another device has since moved to another plan: what the
      // signer attested no longer holds for this plan, so it is named like any other change.
      for (Map.Entry<String, Long> entry : seenVersions.entrySet()) {
        if (partIds.contains(entry.getKey())) {
          continue;
        }
        Optional<StoredRecord> moved = current(entry.getKey());
        if (moved.isPresent()
            && plan.patientId() != null
            && plan.patientId().equals(moved.get().patientId())
            && moved.get().version() > entry.getValue()
            && !records.fieldsChangedSince(h, moved.get(), entry.getValue(), principal.deviceId()).isEmpty()) {
          changed.add(moved.get().entityType() + " " + moved.get().id());
        }
      }
      for (StoredRecord part : parts) {
        Long seenVersion = seenVersions.get(part.id());
        if (part.tombstone() && seenVersion == null || seenVersion != null && seenVersion >= part.version()) {
          continue; // retracted before the signer could see it, or seen as it is
        }
        boolean byOthers =
            part.tombstone()
                ? !principal.deviceId().equals(part.deviceId())
                : !records.fieldsChangedSince(h, part, seenVersion == null ? 0 : seenVersion, principal.deviceId()).isEmpty();
        if (byOthers) {
          changed.add(part.entityType() + " " + part.id());
        }
      }
      return changed;
    }

    /**
     * The parts of a record ("type id") that another device (or a team leader's resolution)
     * created or changed after the version of the record the retracting device saw: history ids
     * order changes across records, so a part's entry newer than (and written later than) the one
     * that wrote the base version is a change made after it. Parts created in the same push as
     * the base version do not count; a part change the device did pull after its base version
     * does, so the rule errs towards review.
     */
    private List<String> partsChangedUnseen(EntityType type, StoredRecord current, Mutation m) {
      if (se.nara.server.rules.Retractions.partsOf(type).isEmpty() || current.patientId() == null) {
        return List.of();
      }
      // base 0: the device created the record and has seen nothing after its first version
      RecordStore.HistoryPoint base = records.historyPointAt(h, current.id(), Math.max(1, m.baseVersion()));
      if (base == null) {
        return List.of();
      }
      List<String> changed = new ArrayList<>();
      for (StoredRecord part : partsOf(type, current)) {
        if (records.changedByOthersAfter(h, part.id(), base, principal.deviceId())) {
          changed.add(part.entityType() + " " + part.id());
        }
      }
      return changed;
    }

    /** The records that belong to {@code whole} (a plan's goals and actions, a checklist's items…), retracted ones included. */
    private List<StoredRecord> partsOf(EntityType type, StoredRecord whole) {
      List<StoredRecord> parts = new ArrayList<>();
      if (whole.patientId() == null || se.nara.server.rules.Retractions.partsOf(type).isEmpty()) {
        return parts;
      }
      for (StoredRecord part : records.findByPatient(h, whole.patientId())) {
        if (se.nara.server.rules.Retractions.isPartOf(EntityType.fromWireName(part.entityType()), part.data(), type, whole.id())) {
          parts.add(part);
        }
      }
      return parts;
    }

    private StoredRecord existing(EntityType type, Mutation m) throws Rejection, LostAccess {
      Optional<StoredRecord> found = current(m.entityId());
      if (found.isEmpty() || !found.get().entityType().equals(type.wireName())) {
        throw new Rejection(ErrorCode.ENTITY_NOT_FOUND, "no " + type.wireName() + " with id " + m.entityId());
      }
      StoredRecord current = found.get();
      if (current.patientId() != null) {
        try {
          requireScope(current.patientId());
        } catch (Rejection outOfScope) {
          // another team's record answers exactly like a missing one: no existence leak
          throw new Rejection(ErrorCode.ENTITY_NOT_FOUND, "no " + type.wireName() + " with id " + m.entityId());
        }
      }
      if (m.baseVersion() > current.version()) {
        // The device has seen a version this server does not have: the server lost changes (a
        // restore from an older backup). A final "rejected" would decide the change against
        // state the server lacks; the whole push is stopped instead, nothing applied, so the
        // change stays queued until the device has recovered and rebased it.
        JsonObject details = new JsonObject();
        details.addProperty("entityId", m.entityId());
        details.addProperty("baseVersion", m.baseVersion());
        details.addProperty("serverVersion", current.version());
        alarm(principal.deviceId(), "device {} sent a change on version {} of {} but this server has {}: restored from an older backup?",
            principal.deviceId(), m.baseVersion(), m.entityId(), current.version());
        throw new ApiException(ErrorCode.CURSOR_AHEAD,
            "this device has seen version " + m.baseVersion() + " of " + m.entityType() + " " + m.entityId()
                + " but the server has only " + current.version() + "; the server may have been restored from an older"
                + " backup. Nothing in this push was applied: recover, then push again.",
            details);
      }
      return current;
    }

    /**
     * A completed medication check or checklist carries the versions the nurse saw; if the
     * server's lines or items differ, the decision is flagged for review (it still stands).
     */
    private ConflictDraft staleDecision(EntityType type, StoredRecord before, StoredRecord after) {
      String seenField;
      Map<String, Long> currentVersions = new HashMap<>();
      if (type == EntityType.MEDICATION_CHECK) {
        seenField = "seenLineVersions";
        Set<String> lists = new HashSet<>();
        if (after.data().has("comparedListIds")) {
          after.data().getAsJsonArray("comparedListIds").forEach(e -> lists.add(e.getAsString()));
        }
        for (StoredRecord line : records.findByPatient(h, after.patientId())) {
          if (line.entityType().equals(EntityType.MEDICATION_LINE.wireName()) && !line.tombstone()
              && line.data().has("listId") && lists.contains(line.data().get("listId").getAsString())) {
            currentVersions.put(line.id(), line.version());
          }
        }
      } else if (type == EntityType.DISCHARGE_CHECKLIST) {
        seenField = "seenItemVersions";
        for (StoredRecord item : records.findByPatient(h, after.patientId())) {
          if (item.entityType().equals(EntityType.CHECKLIST_ITEM.wireName()) && !item.tombstone()
              && item.data().has("checklistId") && item.data().get("checklistId").getAsString().equals(after.id())) {
            currentVersions.put(item.id(), item.version());
          }
        }
      } else {
        return null;
      }
      JsonElement seen = after.data().get(seenField);
      JsonElement status = after.data().get("status");
      boolean completed =
          status != null && !status.isJsonNull()
              && Set.of("COMPLETE", "OPEN_DISCREPANCIES").contains(status.getAsString());
      boolean newlySeen = seen != null && (before == null || !seen.equals(before.data().get(seenField)));
      if (!completed || !newlySeen || !seen.isJsonArray() || seen.getAsJsonArray().isEmpty()) {
        return null;
      }
      List<String> entries = new ArrayList<>();
      seen.getAsJsonArray().forEach(e -> entries.add(e.getAsString()));
      List<String> changes = StaleDecision.changes(entries, currentVersions);
      if (changes.isEmpty()) {
        return null;
      }
      JsonObject serverValues = new JsonObject();
      com.google.gson.JsonArray now = new com.google.gson.JsonArray();
      currentVersions.forEach((id, v) -> now.add(id + "@" + v));
      serverValues.add(seenField, now);
      JsonObject deviceValues = new JsonObject();
      deviceValues.add(seenField, seen);
      JsonObject explanation = new JsonObject();
      com.google.gson.JsonArray list = new com.google.gson.JsonArray();
      changes.forEach(list::add);
      explanation.add("changes", list);
      return new ConflictDraft(Set.of(seenField), serverValues, deviceValues, explanation, StaleDecision.RULE,
          ConflictStatus.NEEDS_REVIEW, true);
    }

    private String recordConflict(EntityType type, StoredRecord current, Mutation m, ConflictDraft draft, long baseVersion) {
      String id = UUID.randomUUID().toString();
      JsonObject base = records.valuesAt(h, current.id(), baseVersion, draft.fields());
      RecordStore.Author serverSide =
          records.lastAuthorOf(h, current.id(), draft.fields(), baseVersion, principal.deviceId());
      ConflictRecord conflict =
          ConflictRecord.builder()
              .id(id)
              .patientId(current.patientId())
              .entityType(type.wireName())
              .entityId(current.id())
              .fields(new ArrayList<>(new java.util.TreeSet<>(draft.fields())))
              .baseVersion(baseVersion)
              .serverVersion(current.version())
              .baseValue(base.toString())
              .serverValue(draft.serverValues().toString())
              .deviceValue(draft.deviceValues().toString())
              .deviceAuthor(principal.staffId())
              .deviceId(principal.deviceId())
              .deviceTime(m.deviceTime())
              .serverAuthor(serverSide == null ? null : serverSide.staffId())
              .serverDeviceId(serverSide == null ? null : serverSide.deviceId())
              .serverDeviceTime(
                  serverSide == null || serverSide.deviceTime() == null
                      ? null
                      : java.time.Instant.ofEpochMilli(serverSide.deviceTime()))
              .rule(draft.rule())
              .ruleLabel(RuleLabels.swedish(draft.rule()))
              .resultValue(draft.resultValues().toString())
              .status(draft.status())
              .build();
      JsonObject data = Json.toData(conflict);
      data.remove("version");
      StoredRecord record =
          new StoredRecord(
              id, EntityType.CONFLICT.wireName(), current.patientId(), 1, ++seq, false, data, now,
              now, null, null);
      insert(record, "CREATE", data, null, null);
      // The team the writer wrote under (for a quarantined write, the relationship that was lost):
      // its leader follows the conflict up if no team cares for the patient any more.
      String writerTeam = careTeam(current.patientId());
      if (writerTeam != null) {
        scopes.recordConflictTeam(h, id, writerTeam);
      }
      LOG.info(
          "conflict {} ({}) on {}/{} fields={} rule={}",
          id,
          draft.status(),
          type.wireName(),
          current.id(),
          draft.fields(),
          draft.rule());
      return id;
    }

    private HistoryEntry historyEntry(StoredRecord r, String op, JsonObject changes, Mutation m, String reason) {
      return new HistoryEntry(
          r.id(), r.version(), r.entityType(), op, changes, now,
          m == null ? null : principal.staffId(),
          m == null ? null : principal.deviceId(),
          m == null ? null : m.mutationId(),
          m == null ? null : m.baseVersion(),
          m == null ? null : deviceMillis(m),
          reason);
    }

    private void requireScope(String patientId) throws Rejection, LostAccess {
      boolean allowed =
          scopeCache.computeIfAbsent(patientId, p -> scopes.inScope(h, p, principal.teamIds()));
      if (!allowed) {
        if (scopes.lostAccess(h, patientId, principal.teamIds())) {
          throw new LostAccess(patientId);
        }
        throw new Rejection(ErrorCode.NOT_IN_SCOPE, "the patient is not in the care of your teams");
      }
    }

    /**
     * A write from someone whose team has since lost the patient (relationship ended, spärr) is
     * neither applied nor dropped: it is kept in a conflict record for the patient's current
     * team leaders to review, or, when no team cares for the patient any more, for the leader of
     * the team it was written under and the MAS to follow up (docs/conflicts.md). The writer's
     * devices never see it again.
     */
    private MutationResult quarantine(Mutation m, String patientId) {
      JsonObject fields = m.fields() == null ? new JsonObject() : m.fields().deepCopy();
      if (m.op() == MutationOp.ENTERED_IN_ERROR) {
        fields.addProperty("enteredInError", true);
        fields.addProperty("reason", m.reason());
      }
      StoredRecord target =
          current(m.entityId())
              .orElse(new StoredRecord(m.entityId(), m.entityType(), patientId, 0, 0, false, new JsonObject(), now, now, null, null));
      JsonObject serverValues = new JsonObject();
      for (String field : fields.keySet()) {
        serverValues.add(field, target.data().has(field) ? target.data().get(field) : JsonNull.INSTANCE);
      }
      ConflictDraft draft =
          new ConflictDraft(fields.keySet(), serverValues, fields, serverValues, RULE_ACCESS_LOST, ConflictStatus.NEEDS_REVIEW, false);
      EntityType type = EntityType.fromWireName(m.entityType());
      String conflictId = recordConflict(type, target, m, draft, m.baseVersion());
      audit.add(patientId, careTeam(patientId), auditAction(m.op()), m.entityType(), m.entityId(), deviceMillis(m), "QUARANTINED");
      return result(m, MutationStatus.CONFLICT, target.version(), List.of(conflictId),
          "you no longer have access to this patient; your change is kept for the care team to review");
    }

    private String careTeam(String patientId) {
      return patientId == null
          ? null
          : careTeamCache.computeIfAbsent(
              patientId, p -> scopes.careTeam(h, p, principal.teamIds()));
    }

    private MutationResult result(
        Mutation m, MutationStatus status, long version, List<String> conflicts, String message) {
      return new MutationResult(
          m.mutationId(), status, m.entityType(), m.entityId(), version, null, message, conflicts);
    }
  }

  private static AuditAction auditAction(MutationOp op) {
    if (op == MutationOp.CREATE) {
      return AuditAction.CREATE;
    }
    return op == MutationOp.ENTERED_IN_ERROR ? AuditAction.ENTERED_IN_ERROR : AuditAction.UPDATE;
  }

  /**
   * The device's clock in epoch milliseconds, or null. Null too for a time outside {@link
   * TimeBounds}: such a mutation is refused, and its refusal must not fail on it.
   */
  private static Long deviceMillis(Mutation m) {
    return TimeBounds.millisOrNull(m.deviceTime());
  }

  private static JsonObject withVersion(JsonObject data, long version) {
    JsonObject copy = data.deepCopy();
    copy.addProperty("version", version);
    return copy;
  }

  private static void stripNulls(JsonObject data) {
    data.entrySet().removeIf(e -> e.getValue().isJsonNull());
  }
}
