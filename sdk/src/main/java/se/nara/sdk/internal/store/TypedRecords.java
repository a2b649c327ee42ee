package se.nara.sdk.internal.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.MutationOp;

/** Typed reads and writes over the local store: model values in, model values out. */
public final class TypedRecords {
  private final LocalStore store;
  private final Clock clock;
  private final AccessLog accessLog;
  private final ChangeNotifier notifier;

  private final Runnable beforeRead;

  /**
   * Creates the helper.
   *
   * @param beforeRead runs before every read: the maximum-time-offline check, so that expired
   *     data is never shown
   */
  public TypedRecords(LocalStore store, Clock clock, AccessLog accessLog, ChangeNotifier notifier, Runnable beforeRead) {
    this.store = store;
    this.clock = clock;
    this.accessLog = accessLog;
    this.notifier = notifier;
    this.beforeRead = beforeRead;
  }

  private long notifying(EntityType type, String patientId, long mutationId) {
    if (mutationId >= 0) {
      java.util.Set<String> patients = new java.util.HashSet<>();
      if (patientId != null) {
        patients.add(patientId);
      }
      notifier.fire(java.util.Collections.singleton(type.wireName()), patients);
    }
    return mutationId;
  }

  /** The entity with this id decoded as {@code type}'s model, or null. */
  public <T> T get(EntityType type, String id) {
    beforeRead.run();
    LocalRecord r = store.get(id);
    if (r == null || !r.entityType.equals(type.wireName()) || r.tombstone) {
      return null;
    }
    logRead(type, r);
    return decode(type, r);
  }

  /** Local sync state of an entity, or null if there is none. */
  public RecordSyncState stateOf(String id) {
    beforeRead.run();
    LocalRecord r = store.get(id);
    return r == null ? null : r.syncState;
  }

  /** All entities of a type for a patient (null = every patient), in a stable order. */
  public <T> List<T> byPatient(EntityType type, String patientId, Comparator<T> order) {
    beforeRead.run();
    return decodeAll(type, store.byPatient(type, patientId), order);
  }

  /** All entities of a type belonging to a parent entity. */
  public <T> List<T> byParent(EntityType type, String parentId, Comparator<T> order) {
    beforeRead.run();
    return decodeAll(type, store.byParent(type, parentId), order);
  }

  /** Creates an entity locally and queues it for the server. */
  public long create(EntityType type, String id, String patientId, Object model) {
    JsonObject fields = Json.toData(model);
    fields.remove("id");
    fields.remove("version");
    return notifying(type, patientId, store.enqueue(type, id, patientId, MutationOp.CREATE, fields, null, clock.instant()));
  }

  /**
   * Saves a changed entity: only the fields that differ from the local copy are queued, so the
   * server can merge them with other devices' changes field by field. Returns the mutation
   * number, or -1 when nothing changed.
   */
  public long update(EntityType type, String id, Object changed) {
    LocalRecord current = store.get(id);
    if (current == null || !current.entityType.equals(type.wireName())) {
      throw new IllegalArgumentException("no local " + type.wireName() + " with id " + id);
    }
    JsonObject next = Json.toData(changed);
    JsonObject diff = new JsonObject();
    for (Map.Entry<String, JsonElement> e : next.entrySet()) {
      String field = e.getKey();
      if (field.equals("id") || field.equals("version")) {
        continue;
      }
      if (!e.getValue().equals(current.data.get(field))) {
        diff.add(field, e.getValue());
      }
    }
    for (String field : current.data.keySet()) {
      if (!next.has(field) && !field.equals("id") && !field.equals("version")) {
        diff.add(field, JsonNull.INSTANCE);
      }
    }
    if (diff.size() == 0) {
      return -1;
    }
    return notifying(type, current.patientId, store.enqueue(type, id, current.patientId, MutationOp.UPDATE, diff, null, clock.instant()));
  }

  /** Marks an entity entered-in-error (makulerad) with a reason. */
  public long enteredInError(EntityType type, String id, String reason) {
    if (reason == null || reason.trim().isEmpty()) {
      throw new IllegalArgumentException("a reason is required");
    }
    LocalRecord current = store.get(id);
    if (current == null) {
      throw new IllegalArgumentException("no local " + type.wireName() + " with id " + id);
    }
    return notifying(type, current.patientId, store.enqueue(
        type, id, current.patientId, MutationOp.ENTERED_IN_ERROR, new JsonObject(), reason, clock.instant()));
  }

  private <T> List<T> decodeAll(EntityType type, List<LocalRecord> rows, Comparator<T> order) {
    List<T> out = new ArrayList<>(rows.size());
    for (LocalRecord r : rows) {
      logRead(type, r);
      T value = decode(type, r);
      out.add(value);
    }
    if (order != null) {
      Collections.sort(out, order);
    }
    return Collections.unmodifiableList(out);
  }

  private void logRead(EntityType type, LocalRecord r) {
    String patientId = type == EntityType.PATIENT ? r.id : r.patientId;
    if (patientId != null) {
      accessLog.read(patientId, type.wireName());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T decode(EntityType type, LocalRecord r) {
    JsonObject data = r.data.deepCopy();
    data.addProperty("id", r.id);
    data.addProperty("version", r.serverVersion);
    return (T) Json.fromData(data, type.modelClass());
  }
}
