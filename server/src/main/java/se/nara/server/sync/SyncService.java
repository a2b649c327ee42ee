package se.nara.server.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.MutationStatus;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.PushResponse;
import se.nara.sdk.protocol.SyncRecord;
import se.nara.server.ApiException;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Principal;
import se.nara.server.rules.FieldMerge;
import se.nara.server.rules.MergeOutcome;
import se.nara.server.store.Database;
import se.nara.server.store.DeviceStore;
import se.nara.server.store.HistoryEntry;
import se.nara.server.store.MutationLogStore;
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

  /** Applies a batch of mutations exactly once and answers each. */
  public PushResponse push(Principal principal, PushRequest request) {
    checkShape(principal, request);
    List<Mutation> mutations = request.mutations();
    PushResponse response =
        db.inWriteTransaction(
            h -> {
              long now = clock.millis();
              long last = devices.lastMutationId(h, principal.deviceId());
              if (!mutations.isEmpty() && mutations.get(0).mutationId() > last + 1) {
                JsonObject details = new JsonObject();
                details.addProperty("expected", last + 1);
                details.addProperty("received", mutations.get(0).mutationId());
                throw new ApiException(
                    ErrorCode.MUTATION_GAP,
                    "mutation " + (last + 1) + " of this device never arrived; the batch starts at "
                        + mutations.get(0).mutationId(),
                    details);
              }
              Batch batch = new Batch(h, principal, now, records.maxSeq(h));
              List<MutationResult> results = new ArrayList<>(mutations.size());
              for (Mutation m : mutations) {
                if (m.mutationId() <= last) {
                  results.add(replayed(h, principal, m));
                } else {
                  MutationResult result = batch.apply(m);
                  mutationLog.insert(h, principal.deviceId(), principal.staffId(), result, now);
                  results.add(result);
                  last = m.mutationId();
                }
              }
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

  /** One page of the changes visible to the caller after {@code cursor}. */
  public PullResponse pull(Principal principal, String cursor, int limit) {
    long after = parseCursor(cursor);
    if (limit < 1 || limit > PullResponse.MAX_LIMIT) {
      throw ApiException.invalid(
          "limit", "limit must be between 1 and " + PullResponse.MAX_LIMIT);
    }
    Page page =
        db.inReadTransaction(
            h -> {
              List<StoredRecord> rows = records.pageVisible(h, after, limit + 1, principal.teamIds());
              long lastMutation = devices.lastMutationId(h, principal.deviceId());
              return new Page(rows, lastMutation);
            });
    boolean hasMore = page.rows.size() > limit;
    List<StoredRecord> rows = hasMore ? page.rows.subList(0, limit) : page.rows;
    List<SyncRecord> out = new ArrayList<>(rows.size());
    Map<String, String> patientsRead = new LinkedHashMap<>();
    for (StoredRecord row : rows) {
      out.add(row.toSyncRecord());
      if (row.patientId() != null) {
        patientsRead.putIfAbsent(row.patientId(), row.entityType());
      }
    }
    long next = rows.isEmpty() ? after : rows.get(rows.size() - 1).seq();
    long now = clock.millis();
    if (!patientsRead.isEmpty() || !hasMore) {
      db.inWriteTransaction(
          h -> {
            AuditService.Batch entries = audit.batch(principal);
            for (String patientId : patientsRead.keySet()) {
              entries.add(
                  patientId,
                  scopes.careTeam(h, patientId, principal.teamIds()),
                  AuditAction.SYNC_PULL,
                  null,
                  null,
                  null,
                  "OK");
            }
            entries.write(h);
            if (!hasMore) {
              devices.recordSync(h, principal.deviceId(), now);
            }
            return null;
          });
    }
    return new PullResponse(
        out, Long.toString(next), hasMore, page.lastMutation, Instant.ofEpochMilli(now));
  }

  private record Page(List<StoredRecord> rows, long lastMutation) {}

  private static long parseCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      long value = Long.parseLong(cursor);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.invalid("cursor", "cursor is not one this server handed out");
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
      if (m.mutationId() < 1) {
        throw ApiException.invalid(where + ".mutationId", "mutation numbers start at 1");
      }
      if (previous >= 0 && m.mutationId() != previous + 1) {
        throw ApiException.invalid(
            where + ".mutationId", "mutation numbers in a batch must be consecutive");
      }
      previous = m.mutationId();
    }
  }

  private MutationResult replayed(Handle h, Principal principal, Mutation m) {
    Optional<MutationResult> earlier = mutationLog.find(h, principal.deviceId(), m.mutationId());
    // A device's counter only moves past numbers that have a log row, so this is always found.
    return earlier.orElseThrow(
        () -> new IllegalStateException("mutation log lost " + principal.deviceId() + "#" + m.mutationId()));
  }

  /** The state of one push transaction. */
  private final class Batch {
    private final Handle h;
    private final Principal principal;
    private final long now;
    private final AuditService.Batch audit;
    private final Map<String, Boolean> scopeCache = new HashMap<>();
    private final Map<String, String> careTeamCache = new HashMap<>();
    private long seq;

    Batch(Handle h, Principal principal, long now, long seq) {
      this.h = h;
      this.principal = principal;
      this.now = now;
      this.seq = seq;
      this.audit = SyncService.this.audit.batch(principal);
    }

    /**
     * Applies one mutation inside its own savepoint. A rejection, or a fault in our own code,
     * undoes only this mutation: it becomes a recorded answer and the batch goes on, so one
     * poison mutation can never wedge a device's queue.
     */
    MutationResult apply(Mutation m) {
      String savepoint = "m" + m.mutationId();
      h.savepoint(savepoint);
      try {
        MutationResult result = applyOrReject(m);
        h.release(savepoint);
        return result;
      } catch (Rejection r) {
        h.rollbackToSavepoint(savepoint);
        audit.add(null, null, auditAction(m.op()), m.entityType(), null, deviceMillis(m), "REJECTED " + r.code());
        return rejected(m, r.code(), r.getMessage());
      } catch (RuntimeException e) {
        h.rollbackToSavepoint(savepoint);
        String incident = UUID.randomUUID().toString();
        LOG.error("incident {}: mutation {}#{} failed and was quarantined", incident, principal.deviceId(), m.mutationId(), e);
        return rejected(
            m,
            ErrorCode.INTERNAL_ERROR,
            "the server could not apply this change (incident " + incident + "); it was set aside and the rest of"
                + " your changes went through");
      }
    }

    private MutationResult rejected(Mutation m, ErrorCode code, String message) {
      return new MutationResult(
          m.mutationId(), MutationStatus.REJECTED, m.entityType(), m.entityId(), 0, code.name(), message, null);
    }

    private MutationResult applyOrReject(Mutation m) throws Rejection {
      EntityType type = EntityType.fromWireName(m.entityType());
      if (type == null || type.access() == EntityType.Access.SERVER_ONLY) {
        throw new Rejection(
            ErrorCode.ENTITY_NOT_WRITABLE,
            type == null
                ? "unknown entity type '" + m.entityType() + "'"
                : "devices may not write " + type.wireName() + " records");
      }
      if (m.op() == null) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "op must be one of CREATE, UPDATE, ENTERED_IN_ERROR");
      }
      if (!RecordValidator.isUuid(m.entityId())) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "entityId must be a UUID");
      }
      if (m.hasMalformedFields()) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "fields must be a JSON object");
      }
      JsonObject fields = m.fields() == null ? new JsonObject() : m.fields();
      RecordValidator.checkFields(type, fields);
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

    private MutationResult create(EntityType type, Mutation m, JsonObject fields) throws Rejection {
      if (records.find(h, m.entityId()).isPresent()) {
        throw new Rejection(ErrorCode.ENTITY_EXISTS, "an entity with id " + m.entityId() + " already exists");
      }
      String patientId = null;
      if (type.isPatientScoped()) {
        JsonElement p = fields.get("patientId");
        if (p == null || !p.isJsonPrimitive() || !RecordValidator.isUuid(p.getAsString())) {
          throw new Rejection(ErrorCode.INVALID_FIELD, "patientId is required and must be a UUID");
        }
        patientId = p.getAsString();
        requireScope(patientId);
      }
      JsonObject data = fields.deepCopy();
      data.addProperty("id", m.entityId());
      RecordValidator.checkDecodes(type, withVersion(data, 1));
      stripNulls(data);
      StoredRecord record =
          new StoredRecord(
              m.entityId(), type.wireName(), patientId, 1, ++seq, false, data, now, now,
              principal.staffId(), principal.deviceId());
      records.insert(h, record);
      history(record, "CREATE", data, m, null);
      audit.add(patientId, careTeam(patientId), AuditAction.CREATE, type.wireName(), m.entityId(), deviceMillis(m), "APPLIED");
      return result(m, MutationStatus.APPLIED, 1, null);
    }

    private MutationResult update(EntityType type, Mutation m, JsonObject fields) throws Rejection {
      if (type.access() == EntityType.Access.APPEND_ONLY) {
        throw new Rejection(ErrorCode.ENTITY_NOT_WRITABLE, type.wireName() + " records are append-only");
      }
      StoredRecord current = existing(type, m);
      if (fields.has("patientId")
          && !fields.get("patientId").equals(new com.google.gson.JsonPrimitive(String.valueOf(current.patientId())))) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "an entity cannot move to another patient");
      }
      if (m.baseVersion() < 0) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "baseVersion cannot be negative");
      }
      // Base 0 is an entity this device created and changed again before hearing back: it has
      // seen only its own changes, so everything others changed counts as concurrent.
      Set<String> changedByOthers =
          m.baseVersion() == current.version()
              ? Set.of()
              : records.fieldsChangedSince(h, current.id(), m.baseVersion(), principal.deviceId());
      MergeOutcome outcome = FieldMerge.merge(current.data(), changedByOthers, fields);
      long version = current.version();
      if (outcome.apply().size() > 0) {
        JsonObject data = current.data().deepCopy();
        for (Map.Entry<String, JsonElement> e : outcome.apply().entrySet()) {
          data.add(e.getKey(), e.getValue());
        }
        RecordValidator.checkDecodes(type, withVersion(data, version + 1));
        stripNulls(data);
        version++;
        StoredRecord updated =
            new StoredRecord(
                current.id(), current.entityType(), current.patientId(), version, ++seq, false,
                data, current.createdAt(), now, principal.staffId(), principal.deviceId());
        records.update(h, updated);
        history(updated, "UPDATE", outcome.apply(), m, null);
      }
      List<String> conflictIds = new ArrayList<>();
      if (outcome.hasConflict()) {
        conflictIds.add(recordConflict(type, current, m, outcome));
      }
      audit.add(current.patientId(), careTeam(current.patientId()), AuditAction.UPDATE, type.wireName(), current.id(), deviceMillis(m),
          outcome.hasConflict() ? "CONFLICT" : "APPLIED");
      MutationStatus status =
          outcome.hasConflict()
              ? MutationStatus.CONFLICT
              : outcome.mergedWithOthers() ? MutationStatus.MERGED : MutationStatus.APPLIED;
      return result(m, status, version, conflictIds);
    }

    private MutationResult retract(EntityType type, Mutation m) throws Rejection {
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
      long version = current.version() + 1;
      StoredRecord retracted =
          new StoredRecord(
              current.id(), current.entityType(), current.patientId(), version, ++seq, true,
              current.data(), current.createdAt(), now, principal.staffId(), principal.deviceId());
      records.update(h, retracted);
      history(retracted, "ENTERED_IN_ERROR", new JsonObject(), m, m.reason());
      audit.add(current.patientId(), careTeam(current.patientId()), AuditAction.ENTERED_IN_ERROR, type.wireName(), current.id(), deviceMillis(m), "APPLIED");
      boolean othersChanged =
          m.baseVersion() < current.version()
              && !records.fieldsChangedSince(h, current.id(), m.baseVersion(), principal.deviceId()).isEmpty();
      return result(m, othersChanged ? MutationStatus.MERGED : MutationStatus.APPLIED, version, null);
    }

    private StoredRecord existing(EntityType type, Mutation m) throws Rejection {
      Optional<StoredRecord> found = records.find(h, m.entityId());
      if (found.isEmpty() || !found.get().entityType().equals(type.wireName())) {
        throw new Rejection(ErrorCode.ENTITY_NOT_FOUND, "no " + type.wireName() + " with id " + m.entityId());
      }
      StoredRecord current = found.get();
      if (current.patientId() != null) {
        requireScope(current.patientId());
      }
      if (current.tombstone()) {
        throw new Rejection(
            ErrorCode.ENTITY_RETRACTED, "this " + type.wireName() + " was marked entered-in-error");
      }
      if (m.baseVersion() > current.version()) {
        throw new Rejection(
            ErrorCode.BASE_VERSION_AHEAD,
            "base version " + m.baseVersion() + " is newer than the server's " + current.version());
      }
      return current;
    }

    private String recordConflict(
        EntityType type, StoredRecord current, Mutation m, MergeOutcome outcome) {
      String id = UUID.randomUUID().toString();
      JsonObject base = records.valuesAt(h, current.id(), m.baseVersion(), outcome.conflicting());
      String serverAuthor =
          records.lastAuthorOf(h, current.id(), outcome.conflicting(), m.baseVersion(), principal.deviceId());
      ConflictRecord conflict =
          ConflictRecord.builder()
              .id(id)
              .patientId(current.patientId())
              .entityType(type.wireName())
              .entityId(current.id())
              .fields(new ArrayList<>(outcome.conflicting()))
              .baseVersion(m.baseVersion())
              .serverVersion(current.version())
              .baseValue(base.toString())
              .serverValue(outcome.keptValues().toString())
              .deviceValue(outcome.overriddenValues().toString())
              .deviceAuthor(principal.staffId())
              .deviceId(principal.deviceId())
              .deviceTime(m.deviceTime())
              .serverAuthor(serverAuthor)
              .rule(outcome.rule())
              .resultValue(outcome.keptValues().toString())
              .status(ConflictStatus.NEEDS_REVIEW)
              .build();
      JsonObject data = Json.toData(conflict);
      data.remove("version");
      StoredRecord record =
          new StoredRecord(
              id, EntityType.CONFLICT.wireName(), current.patientId(), 1, ++seq, false, data, now,
              now, null, null);
      records.insert(h, record);
      history(record, "CREATE", data, null, null);
      LOG.info(
          "conflict {} on {}/{} fields={} (device {} vs server)",
          id,
          type.wireName(),
          current.id(),
          outcome.conflicting(),
          principal.deviceId());
      return id;
    }

    private void history(StoredRecord r, String op, JsonObject changes, Mutation m, String reason) {
      records.insertHistory(
          h,
          new HistoryEntry(
              r.id(), r.version(), r.entityType(), op, changes, now,
              m == null ? null : principal.staffId(),
              m == null ? null : principal.deviceId(),
              m == null ? null : m.mutationId(),
              reason));
    }

    private void requireScope(String patientId) throws Rejection {
      boolean allowed =
          scopeCache.computeIfAbsent(patientId, p -> scopes.inScope(h, p, principal.teamIds()));
      if (!allowed) {
        throw new Rejection(ErrorCode.NOT_IN_SCOPE, "the patient is not in the care of your teams");
      }
    }

    private String careTeam(String patientId) {
      return patientId == null
          ? null
          : careTeamCache.computeIfAbsent(
              patientId, p -> scopes.careTeam(h, p, principal.teamIds()));
    }

    private MutationResult result(Mutation m, MutationStatus status, long version, List<String> conflicts) {
      String message =
          status == MutationStatus.CONFLICT
              ? "a concurrent change kept the server's value; yours is kept for review"
              : null;
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

  private static Long deviceMillis(Mutation m) {
    return m.deviceTime() == null ? null : m.deviceTime().toEpochMilli();
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
