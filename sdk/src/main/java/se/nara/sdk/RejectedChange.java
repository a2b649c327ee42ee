package se.nara.sdk;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A local change the server refused, kept on the device with the server's reason. The refused
 * values stay in the record's local view (its {@link RecordSyncState} is {@code REJECTED}) until
 * the user discards the change; what the server has for the record is {@link
 * NaraClient#serverCopy(Class, String)}, and the fields to compare are {@link #fields()}.
 */
public final class RejectedChange {
  private final long mutationId;
  private final String entityType;
  private final String entityId;
  private final String code;
  private final String message;
  private final Instant madeAt;
  private final Set<String> fields;

  /** Creates a value that names no fields. */
  public RejectedChange(
      long mutationId, String entityType, String entityId, String code, String message, Instant madeAt) {
    this(mutationId, entityType, entityId, code, message, madeAt, Collections.<String>emptySet());
  }

  /** Creates a value; {@code fields} are the names of the fields the refused change set. */
  public RejectedChange(
      long mutationId,
      String entityType,
      String entityId,
      String code,
      String message,
      Instant madeAt,
      Collection<String> fields) {
    this.fields = Collections.unmodifiableSet(new TreeSet<>(fields));
    this.mutationId = mutationId;
    this.entityType = entityType;
    this.entityId = entityId;
    this.code = code;
    this.message = message;
    this.madeAt = madeAt;
  }

  /** The mutation number; pass it to {@link NaraClient#discardRejected(long)}. */
  public long mutationId() {
    return mutationId;
  }

  /** The entity type's wire name. */
  public String entityType() {
    return entityType;
  }

  /** The entity's id. */
  public String entityId() {
    return entityId;
  }

  /** The server's error code (an {@code ErrorCode} name). */
  public String code() {
    return code;
  }

  /** The server's explanation. */
  public String message() {
    return message;
  }

  /** When the change was made, by the device clock. */
  public Instant madeAt() {
    return madeAt;
  }

  /**
   * The names of the fields the refused change set (model property names, e.g. {@code state},
   * {@code note}), sorted; empty for a refused entered-in-error. Show the server's value of these
   * beside the refused one.
   */
  public Set<String> fields() {
    return fields;
  }

  @Override
  public String toString() {
    return "RejectedChange{#" + mutationId + " " + entityType + "/" + entityId + " " + code + ": " + message + "}";
  }
}
