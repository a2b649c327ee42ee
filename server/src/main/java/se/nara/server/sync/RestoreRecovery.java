package se.nara.server.sync;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
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
import se.nara.sdk.protocol.RecoveryRequest;
import se.nara.sdk.protocol.RecoveryResponse;
import se.nara.sdk.protocol.SyncRecord;
import se.nara.server.ApiException;
import se.nara.server.TimeBounds;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Principal;
import se.nara.server.store.Database;
import se.nara.server.store.DeviceStore;
import se.nara.server.store.RecordStore;
import se.nara.server.store.ScopeStore;
import se.nara.server.store.StoredRecord;

/**
 * What a server restored from an older backup lost, offered back by the tablets that still hold
 * it, and kept for review.
 *
 * <p>After a restore, the changes made since the backup exist only on tablets, which the pull
 * stops ({@code CURSOR_AHEAD}, {@code MUTATION_GAP}). A tablet sends its copies of the server's
 * records; each one newer than the server's becomes a conflict record holding both values, for
 * the patient's team leader to review, exactly like a value a conflict rule set aside. Nothing is
 * applied here: the values were written by many people on many tablets, and the tablet offering
 * them is not their author, so a person decides (and a record the server lacks altogether is
 * created only by that decision). The same lost version offered by several tablets is kept once.
 * The device's mutation numbering continues after the last one the server had answered it, since
 * what those mutations did comes back with the records.
 */
public final class RestoreRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreRecovery.class);
  /** The rule named in the conflict records this makes (see docs/conflicts.md). */
  public static final String RULE =
      "server restored from an older backup: a tablet held a newer version; kept for review, nothing applied";

  /** The conflict field that stands for the record's retraction, as rule 14's conflicts use it. */
  private static final String RETRACTED = "enteredInError";

  private final Database db;
  private final RecordStore records;
  private final DeviceStore devices;
  private final ScopeStore scopes;
  private final ServerRecords serverRecords;
  private final AuditService audit;
  private final Clock clock;

  /** Creates the service. */
  public RestoreRecovery(
      Database db, RecordStore records, DeviceStore devices, ScopeStore scopes, ServerRecords serverRecords, AuditService audit,
      Clock clock) {
    this.db = db;
    this.records = records;
    this.devices = devices;
    this.scopes = scopes;
    this.serverRecords = serverRecords;
    this.audit = audit;
    this.clock = clock;
  }

  /** Keeps every offered record newer than the server's for review; see the class comment. */
  public RecoveryResponse offer(Principal principal, RecoveryRequest request) {
    if (request.deviceId() == null || !request.deviceId().equals(principal.deviceId())) {
      throw new ApiException(ErrorCode.FORBIDDEN, "the request names a device other than the one this token was issued to");
    }
    List<SyncRecord> offered = request.records();
    if (offered.size() > RecoveryRequest.MAX_RECORDS) {
      throw ApiException.invalid("records", "a request carries at most " + RecoveryRequest.MAX_RECORDS + " records");
    }
    if (request.lastMutationId() < 0 || request.lastMutationId() > SyncService.MAX_MUTATION_ID) {
      // Beyond the bound, the device's counter would leave no number for its next change.
      throw ApiException.invalid("lastMutationId", "lastMutationId must be between 0 and " + SyncService.MAX_MUTATION_ID);
    }
    for (int i = 0; i < offered.size(); i++) {
      check(offered.get(i), "records[" + i + "]");
    }
    int[] counts = new int[2];
    long last =
        db.inWriteTransaction(
            h -> {
              long before = devices.lastMutationId(h, principal.deviceId());
              if (request.lastMutationId() > before) {
                devices.advanceMutationId(h, principal.deviceId(), request.lastMutationId());
                LOG.warn("device {} continues after mutation {}: the server had only {} (restored from an older backup)",
                    principal.deviceId(), request.lastMutationId(), before);
              }
              AuditService.Batch entries = audit.batch(principal);
              Map<String, List<StoredRecord>> openRestoreConflicts = new HashMap<>();
              for (SyncRecord r : offered) {
                Optional<StoredRecord> current = records.find(h, r.id());
                if (EntityType.CONFLICT.wireName().equals(r.type())) {
                  if (current.isEmpty() && scopes.inScope(h, r.patientId(), principal.teamIds())) {
                    reopenLostConflict(h, principal, r, entries);
                    counts[0]++;
                  }
                  continue; // one the server has is not lost, whatever became of its decision
                }
                String patientId = current.map(StoredRecord::patientId).orElse(r.patientId());
                if (patientId == null // the team and staff directory: the server's own data, not clinical
                    || !scopes.inScope(h, patientId, principal.teamIds())
                    || current.isPresent() && current.get().version() >= r.version() && heldHere(h, current.get(), r)) {
                  continue; // not this device's to offer, or not lost
                }
                String conflictId = conflictId(r);
                if (records.find(h, conflictId).isPresent()) {
                  counts[1]++;
                  continue;
                }
                // Versions of a record are one line of history: the newest lost version holds the
                // older ones' changes, so only it waits for review. An older offer is already kept
                // by it; a newer one takes its place.
                List<StoredRecord> open = openRestoreConflicts.computeIfAbsent(patientId, p -> openRestoreConflicts(h, p));
                List<StoredRecord> sameRecord = new ArrayList<>();
                long newestKept = 0;
                for (StoredRecord c : open) {
                  ConflictRecord kept = decode(c);
                  if (kept.entityId().equals(r.id())) {
                    sameRecord.add(c);
                    newestKept = Math.max(newestKept, kept.deviceVersion());
                  }
                }
                if (newestKept >= r.version()) {
                  counts[1]++;
                  continue;
                }
                for (StoredRecord older : sameRecord) {
                  supersede(h, older, r.version());
                  open.remove(older);
                }
                JsonObject serverData = current.map(StoredRecord::data).orElse(new JsonObject());
                JsonObject deviceData = r.data() == null ? new JsonObject() : r.data();
                TreeSet<String> fields = new TreeSet<>();
                for (String f : deviceData.keySet()) {
                  if (!f.equals("id") && !deviceData.get(f).equals(serverData.get(f))) {
                    fields.add(f);
                  }
                }
                for (String f : serverData.keySet()) {
                  if (!deviceData.has(f)) {
                    fields.add(f);
                  }
                }
                // Retractions are final, so only one direction can have been lost.
                boolean lostRetraction = r.tombstone() && !current.map(StoredRecord::tombstone).orElse(false);
                if (fields.isEmpty() && !lostRetraction) {
                  continue;
                }
                JsonObject serverValues = new JsonObject();
                JsonObject deviceValues = new JsonObject();
                for (String f : fields) {
                  serverValues.add(f, valueOrNull(serverData, f));
                  deviceValues.add(f, valueOrNull(deviceData, f));
                }
                if (lostRetraction) {
                  // A lost retraction (makulering) is a value too: taking the tablet's side retracts.
                  fields.add(RETRACTED);
                  serverValues.addProperty(RETRACTED, false);
                  deviceValues.addProperty(RETRACTED, true);
                }
                long serverVersion = current.map(StoredRecord::version).orElse(0L);
                ConflictRecord conflict =
                    ConflictRecord.builder()
                        .id(conflictId)
                        .patientId(patientId)
                        .entityType(r.type())
                        .entityId(r.id())
                        .fields(List.copyOf(fields))
                        .baseVersion(serverVersion)
                        .serverVersion(serverVersion)
                        .baseValue(serverValues.toString())
                        .serverValue(serverValues.toString())
                        .deviceValue(deviceValues.toString())
                        .deviceAuthor(r.updatedBy())
                        .deviceVersion(r.version())
                        .deviceId(principal.deviceId())
                        .deviceTime(r.updatedAt())
                        .rule(RULE)
                        .ruleLabel(RuleLabels.swedish(RULE))
                        .resultValue(serverValues.toString())
                        .status(ConflictStatus.NEEDS_REVIEW)
                        .build();
                JsonObject data = Json.toData(conflict);
                data.remove("version");
                open.add(serverRecords.insert(h, EntityType.CONFLICT.wireName(), conflictId, patientId, data, principal.staffId(),
                    "offered back after a restore: version " + r.version() + " of " + r.id()));
                if (patientId != null) {
                  entries.add(patientId, scopes.careTeam(h, patientId, principal.teamIds()), AuditAction.CREATE,
                      EntityType.CONFLICT.wireName(), conflictId, null, "RESTORE_OFFERED", r.type() + " " + r.id());
                }
                counts[0]++;
              }
              entries.write(h);
              return Math.max(before, request.lastMutationId());
            });
    if (counts[0] > 0) {
      LOG.warn("device {} offered {} records the server lost: {} kept for review, {} kept before",
          principal.deviceId(), offered.size(), counts[0], counts[1]);
    }
    return new RecoveryResponse(offered.size(), counts[0], counts[1], last);
  }

  /**
   * Brings back a conflict record the restored server lacks. It held a value a rule set aside (or
   * a restore conflict's tablet value), which exists nowhere else once the server lost it. It comes
   * back under its own id, waiting for review: a decision made on it before the restore is named in
   * its history, not trusted, because what that decision wrote was lost with it and comes back
   * only through the records' own offers.
   */
  private void reopenLostConflict(Handle h, Principal principal, SyncRecord r, AuditService.Batch entries) {
    String entityId = stringOr(r.data(), "entityId");
    Optional<StoredRecord> entity = records.find(h, entityId);
    if (entity.isPresent() && !java.util.Objects.equals(entity.get().patientId(), r.patientId())) {
      // The same answer as for any malformed offer: nothing says whose the record is.
      throw ApiException.invalid("records.data.entityId", "a conflict record names a record of its own patient");
    }
    JsonObject data = r.data().deepCopy();
    data.remove("version");
    data.addProperty("id", r.id());
    // The label is the server's words for the rule, never a tablet's: it syncs to every tablet of the team.
    data.remove("ruleLabel");
    String label = RuleLabels.swedish(data.get("rule").getAsString());
    if (RuleLabels.hasLabel(data.get("rule").getAsString())) {
      data.addProperty("ruleLabel", label);
    }
    String reason = "offered back after a restore: conflict " + r.id() + " (" + data.get("rule").getAsString() + ")";
    if (ConflictStatus.RESOLVED.name().equals(data.get("status").getAsString())) {
      reason += "; decided " + choiceOf(stringOr(data, "resolution")) + " before the restore by " + stringOr(data, "resolvedBy")
          + " at " + stringOr(data, "resolvedAt") + ", a decision the backup lacks, so it waits for review again";
      data.addProperty("status", ConflictStatus.NEEDS_REVIEW.name());
      data.remove("resolvedBy");
      data.remove("resolvedAt");
      data.remove("resolution");
    }
    serverRecords.insert(h, EntityType.CONFLICT.wireName(), r.id(), r.patientId(), data, principal.staffId(), reason);
    entries.add(r.patientId(), scopes.careTeam(h, r.patientId(), principal.teamIds()), AuditAction.CREATE,
        EntityType.CONFLICT.wireName(), r.id(), null, "RESTORE_OFFERED", "conflict " + r.id());
  }

  /** The choice named in a decision's JSON, without its note (which may be long), or "?". */
  private static String choiceOf(String resolution) {
    try {
      JsonObject decision = com.google.gson.JsonParser.parseString(resolution).getAsJsonObject();
      return stringOr(decision, "choice");
    } catch (RuntimeException notADecision) {
      return "?";
    }
  }

  private static String stringOr(JsonObject data, String field) {
    return data.has(field) && data.get(field).isJsonPrimitive() ? data.get(field).getAsString() : "?";
  }

  /**
   * Whether this server's version {@code r.version()} of the record is the one offered. After a
   * restore, new changes take version numbers again: a lost version can share its number with
   * another change here, and then it is lost all the same.
   */
  private boolean heldHere(Handle h, StoredRecord current, SyncRecord r) {
    JsonObject offered = r.data() == null ? new JsonObject() : r.data();
    java.util.Set<String> fields = new java.util.HashSet<>(offered.keySet());
    fields.remove("id");
    // Most offered records are simply current here: no need to rebuild them from history.
    JsonObject then = current.version() == r.version() ? current.data() : records.valuesAt(h, r.id(), r.version(), fields);
    for (String f : fields) {
      if (!offered.get(f).equals(then.get(f))) {
        return false;
      }
    }
    return true;
  }

  /** The patient's restore conflicts still waiting for review. */
  private List<StoredRecord> openRestoreConflicts(Handle h, String patientId) {
    List<StoredRecord> out = new ArrayList<>();
    for (StoredRecord r : records.findByPatient(h, patientId)) {
      if (EntityType.CONFLICT.wireName().equals(r.entityType())) {
        ConflictRecord c = StoredConflicts.readOrNull(r);
        if (c != null && RULE.equals(c.rule()) && c.status() == ConflictStatus.NEEDS_REVIEW) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** Closes a restore conflict that a newer lost version of the same record replaces. */
  private void supersede(Handle h, StoredRecord conflict, long newerVersion) {
    JsonObject decision = new JsonObject();
    decision.addProperty("choice", "SUPERSEDED");
    decision.addProperty("note", "a tablet offered version " + newerVersion + " of the same record, which holds this one's changes");
    JsonObject changes = new JsonObject();
    changes.addProperty("status", ConflictStatus.RESOLVED.name());
    changes.addProperty("resolvedAt", Instant.ofEpochMilli(clock.millis()).toString());
    changes.addProperty("resolution", decision.toString());
    serverRecords.update(h, conflict, changes, false, null, "RESOLVE", "superseded by version " + newerVersion);
  }

  private static ConflictRecord decode(StoredRecord row) {
    JsonObject data = row.data().deepCopy();
    data.addProperty("version", row.version());
    return Json.fromData(data, ConflictRecord.class);
  }

  /** The same lost version with the same values, from whichever tablet, is one conflict record. */
  static String conflictId(SyncRecord r) {
    String key = "restored:" + r.id() + ":" + r.version() + ":" + (r.data() == null ? "{}" : r.data().toString());
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static JsonElement valueOrNull(JsonObject data, String field) {
    return data.has(field) ? data.get(field) : JsonNull.INSTANCE;
  }

  private static void check(SyncRecord r, String where) {
    if (r == null) {
      throw ApiException.invalid(where, where + " is null");
    }
    EntityType type = EntityType.fromWireName(r.type());
    if (type == null || type == EntityType.AUDIT_ENTRY) {
      throw ApiException.invalid(where + ".type", "not a record type a device can offer back: " + r.type());
    }
    if (r.id() == null || !RecordValidator.isUuid(r.id())) {
      throw ApiException.invalid(where + ".id", "id must be a UUID in lower case");
    }
    if (r.patientId() != null && !RecordValidator.isUuid(r.patientId())) {
      throw ApiException.invalid(where + ".patientId", "patientId must be a UUID in lower case");
    }
    if (r.version() < 1) {
      throw ApiException.invalid(where + ".version", "version must be at least 1: only server versions are offered back");
    }
    if (r.data() == null) {
      throw ApiException.invalid(where + ".data", "data must be an object");
    }
    if (r.updatedAt() != null && !TimeBounds.contains(r.updatedAt())) {
      throw ApiException.invalid(where + ".updatedAt", "updatedAt must be a time " + TimeBounds.RANGE);
    }
    if (r.updatedBy() != null && !RecordValidator.isUuid(r.updatedBy())) {
      // The version's author as the server named it: a staff id, shown in the review as its author.
      throw ApiException.invalid(where + ".updatedBy", "updatedBy must be the staff id (a UUID) the server named as the version's author");
    }
    if (type == EntityType.CONFLICT) {
      checkConflict(r, where + ".data");
    } else {
      checkValues(type, r, where + ".data");
    }
  }

  /**
   * An offered record's values meet the rules a device's push meets: a team leader may take them
   * as they are (TAKE_DEVICE), so a value no push could write must not wait in the review queue.
   */
  private static void checkValues(EntityType type, SyncRecord r, String where) {
    JsonObject values = r.data().deepCopy();
    // The record's own id (and a version, had the tablet kept it) are the server's, not values.
    EntityType.SERVER_MANAGED_FIELDS.forEach(values::remove);
    if (type.isPatientScoped() && values.has("patientId")
        && !values.get("patientId").equals(new com.google.gson.JsonPrimitive(String.valueOf(r.patientId())))) {
      // Taking the tablet's side would move the record to another patient (or to none).
      throw ApiException.invalid(where + ".patientId",
          type.wireName() + " " + r.id() + " version " + r.version() + ": data.patientId differs from the record's patientId");
    }
    try {
      RecordValidator.checkFields(type, values);
    } catch (Rejection invalid) {
      throw ApiException.invalid(where, type.wireName() + " " + r.id() + " version " + r.version() + ": " + invalid.getMessage());
    }
  }

  /**
   * A conflict record comes back as the server wrote it, so it must be one a team leader can
   * review: for a patient, on a record of a type that has conflicts, with its values readable.
   */
  private static void checkConflict(SyncRecord r, String where) {
    JsonObject d = r.data();
    if (r.patientId() == null || !r.patientId().equals(stringOr(d, "patientId"))) {
      throw ApiException.invalid(where + ".patientId", "a conflict record names the patient it was offered for");
    }
    EntityType of = EntityType.fromWireName(stringOr(d, "entityType"));
    // Only what devices write can be in a device's conflict: the patient, team and staff records are
    // the server's own, and a conflict about one would let a tablet reach them through a review.
    if (of == null || of == EntityType.CONFLICT || of == EntityType.AUDIT_ENTRY || of.access() == EntityType.Access.SERVER_ONLY
        || !RecordValidator.isUuid(stringOr(d, "entityId"))) {
      throw ApiException.invalid(where + ".entityId", "a conflict record names the record it is about (entityType, entityId)");
    }
    if (!d.has("fields") || !d.get("fields").isJsonArray() || d.getAsJsonArray("fields").size() == 0) {
      throw ApiException.invalid(where + ".fields", "a conflict record names the fields in conflict");
    }
    if (stringOr(d, "rule").equals("?") || stringOr(d, "rule").length() > 1000) {
      throw ApiException.invalid(where + ".rule", "a conflict record names the rule that made it (at most 1000 characters)");
    }
    try {
      ConflictStatus.valueOf(stringOr(d, "status"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(where + ".status", "not a conflict status: " + stringOr(d, "status"));
    }
    // Every field as a push checks a record's: known names, JSON kinds, times within TimeBounds,
    // sizes. A stored conflict every reader decodes must never hold what the model cannot read.
    for (Map.Entry<String, JsonElement> e : d.entrySet()) {
      if (EntityType.SERVER_MANAGED_FIELDS.contains(e.getKey())) {
        continue; // its own id and version are the server's
      }
      JsonObject one = new JsonObject();
      one.add(e.getKey(), e.getValue());
      try {
        RecordValidator.checkFields(EntityType.CONFLICT, one);
      } catch (Rejection invalid) {
        throw ApiException.invalid(where + "." + e.getKey(), "conflict " + r.id() + ": " + invalid.getMessage());
      }
    }
    for (String field : new String[] {"baseVersion", "serverVersion", "deviceVersion"}) {
      if (d.has(field) && !d.get(field).isJsonNull() && d.get(field).getAsLong() < 0) {
        throw ApiException.invalid(where + "." + field, "conflict " + r.id() + ": " + field + " cannot be negative");
      }
    }
    for (String field : new String[] {"deviceAuthor", "deviceId", "serverAuthor", "serverDeviceId", "resolvedBy"}) {
      if (d.has(field) && !d.get(field).isJsonNull() && !RecordValidator.isUuid(d.get(field).getAsString())) {
        throw ApiException.invalid(where + "." + field, "conflict " + r.id() + ": " + field + " must be a UUID in lower case");
      }
    }
    for (String field : new String[] {"serverValue", "deviceValue", "baseValue", "resultValue"}) {
      boolean optional = field.equals("baseValue") || field.equals("resultValue");
      if (optional && !d.has(field)) {
        continue;
      }
      try {
        com.google.gson.JsonParser.parseString(stringOr(d, field)).getAsJsonObject();
      } catch (RuntimeException e) { // "?" for a missing one does not parse as an object either
        throw ApiException.invalid(where + "." + field, field + " must hold the values as a JSON object");
      }
    }
    // The tablet's side is what TAKE_DEVICE writes: it must be values a push could write to that record.
    String problem = FieldCheck.deviceValueProblem(of, com.google.gson.JsonParser.parseString(d.get("deviceValue").getAsString()), r.patientId());
    if (problem != null) {
      throw ApiException.invalid(where + ".deviceValue", "conflict " + r.id() + ": deviceValue is not a value a push could write to "
          + of.wireName() + ": " + problem);
    }
    try {
      JsonObject whole = d.deepCopy();
      whole.addProperty("version", r.version());
      RecordValidator.checkDecodes(EntityType.CONFLICT, whole);
    } catch (Rejection invalid) {
      throw ApiException.invalid(where, "conflict " + r.id() + ": " + invalid.getMessage());
    }
  }
}
