package se.nara.sdk;

import java.time.Instant;

/** A local change the server refused, kept on the device with the server's reason. */
public final class RejectedChange {
  private final long mutationId;
  private final String entityType;
  private final String entityId;
  private final String code;
  private final String message;
  private final Instant madeAt;

  /** Creates a value. */
  public RejectedChange(
      long mutationId, String entityType, String entityId, String code, String message, Instant madeAt) {
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

  @Override
  public String toString() {
    return "RejectedChange{#" + mutationId + " " + entityType + "/" + entityId + " " + code + ": " + message + "}";
  }
}
