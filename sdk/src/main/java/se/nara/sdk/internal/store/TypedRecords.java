package se.nara.sdk.internal.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
      // A save of several records (atomically) tells the listeners once it has committed.
      store.afterCommitOrNow(() -> notifier.fire(java.util.Collections.singleton(type.wireName()), patients));
    }
    return mutationId;
  }

  /** The entity with this id decoded as {@code type}'s model, or null. */
  public <T> T get(EntityType type, String id) {
    requireSignedIn();
    beforeRead.run();
    LocalRecord r = store.readable(id);
    if (r == null || !r.entityType.equals(type.wireName()) || r.tombstone) {
      return null;
    }
    logRead(type, r);
    return decode(type, r);
  }

  /**
   * The server's copy of the entity with this id decoded as {@code type}'s model (without this
   * device's pending or refused changes), or null when the server has none here or deleted it.
   * Logged as a read like {@link #get}.
   */
  public <T> T serverCopy(EntityType type, String id) {
    requireSignedIn();
    beforeRead.run();
    LocalRecord r = store.serverCopy(id);
    if (r == null || !r.entityType.equals(type.wireName()) || r.tombstone) {
      return null;
    }
    logRead(type, r);
    return decode(type, r);
  }

  /** Local sync state of an entity, or null if there is none. */
  public RecordSyncState stateOf(String id) {
    requireSignedIn();
    beforeRead.run();
    LocalRecord r = store.readable(id);
    return r == null ? null : r.syncState;
  }

  /** All entities of a type for a patient (null = every patient), in a stable order. */
  public <T> List<T> byPatient(EntityType type, String patientId, Comparator<T> order) {
    requireSignedIn();
    beforeRead.run();
    return decodeAll(type, store.byPatient(type, patientId), order);
  }

  /** All entities of a type belonging to a parent entity. */
  public <T> List<T> byParent(EntityType type, String parentId, Comparator<T> order) {
    requireSignedIn();
    beforeRead.run();
    return decodeAll(type, store.byParent(type, parentId), order);
  }

  /** Creates an entity locally and queues it for the server. */
  public long create(EntityType type, String id, String patientId, Object model) {
    JsonObject fields = Json.toData(model);
    fields.remove("id");
    fields.remove("version");
    long mutationId =
        store.inTransaction(() -> {
          requireSignedIn();
          return store.enqueue(type, id, patientId, MutationOp.CREATE, fields, null, clock.instant());
        });
    return notifying(type, patientId, mutationId);
  }

  /**
   * Saves a changed entity: only the fields that differ from the copy the caller read (its
   * {@code version} and {@code localRevision}) are queued, with that version as the base, so the server merges them with
   * other devices' changes field by field and flags a real clash. A model without a {@code
   * localRevision} is judged by its version alone. A field the model does not know
   * (added by a newer server) is never touched. Returns the mutation number, or -1 when nothing
   * changed.
   *
   * @throws se.nara.sdk.StaleRecordException when the copy the caller read is more than one
   *     pulled version old
   */
  public long update(EntityType type, String id, Object changed) {
    JsonObject next = Json.gson().toJsonTree(changed).getAsJsonObject();
    JsonElement version = next.get("version");
    long readVersion = version == null || version.isJsonNull() ? 0 : version.getAsLong();
    JsonElement revision = next.remove(Json.LOCAL_REVISION);
    long readRevision = revision == null || revision.isJsonNull() ? LocalStore.NO_REVISION : revision.getAsLong();
    Set<String> fields = new HashSet<>(next.keySet());
    // A model carries every field, the server's own too (a visit's reviewedVersion is a long, 0
    // where the record has none): sent, they are refused, however unchanged they are.
    fields.removeAll(se.nara.sdk.protocol.ServerOwnedFields.of(type));
    long mutationId =
        store.inTransaction(() -> {
          requireSignedIn();
          return store.enqueueUpdate(
              type, id, next, fields, primitiveFields(changed.getClass()), readVersion, readRevision, clock.instant());
        });
    if (mutationId < 0) {
      return -1;
    }
    LocalRecord current = store.get(id);
    return notifying(type, current == null ? null : current.patientId, mutationId);
  }

  private static final java.util.concurrent.ConcurrentHashMap<Class<?>, Set<String>> PRIMITIVES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The fields of a model held in primitives, whose default an absent field decodes to. */
  private static Set<String> primitiveFields(Class<?> model) {
    Set<String> known = PRIMITIVES.get(model);
    if (known == null) {
      Set<String> names = new HashSet<>();
      for (java.lang.reflect.Field f : model.getDeclaredFields()) {
        if (f.getType().isPrimitive() && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          names.add(f.getName());
        }
      }
      known = Collections.unmodifiableSet(names);
      PRIMITIVES.put(model, known);
    }
    return known;
  }

  /** Runs several writes as one local transaction: all of them are kept, or none. */
  public <T> T atomically(java.util.concurrent.Callable<T> writes) {
    return store.inTransaction(
        () -> {
          requireSignedIn();
          try {
            return writes.call();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Marks an entity entered-in-error (makulerad) with a reason. */
  public long enteredInError(EntityType type, String id, String reason) {
    if (reason == null || reason.trim().isEmpty()) {
      throw new IllegalArgumentException("a reason is required");
    }
    final LocalRecord current = store.readable(id);
    if (current == null) {
      throw new IllegalArgumentException("no local " + type.wireName() + " with id " + id);
    }
    long mutationId =
        store.inTransaction(() -> {
          requireSignedIn();
          return store.enqueue(type, id, current.patientId, MutationOp.ENTERED_IN_ERROR, new JsonObject(), reason, clock.instant());
        });
    return notifying(type, current.patientId, mutationId);
  }

  /**
   * Refuses every read and write while nobody is signed in (before the first sign-in, after a
   * sign-out or a wipe): a read could be attributed to nobody, a write would go out under the
   * name of whoever's token sends it. Inside a write's transaction, so a sign-out commits either
   * before the check (refused) or after the write (which is hers and goes out in her hand-over).
   *
   * @throws se.nara.sdk.NotSignedInException when nobody is signed in
   */
  public void requireSignedIn() {
    if (store.meta("staff_id") == null) {
      throw new se.nara.sdk.NotSignedInException("nobody is signed in on this device: sign in first");
    }
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
    data.addProperty(Json.LOCAL_REVISION, r.localRevision);
    return (T) Json.fromData(data, type.modelClass());
  }
}
