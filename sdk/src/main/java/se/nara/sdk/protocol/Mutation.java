package se.nara.sdk.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * One change made on a device. The pair ({@link #deviceId()}, {@link #mutationId()}) identifies
 * it: the server applies each pair exactly once, however often it is delivered.
 */
public final class Mutation {
  private final String deviceId;
  private final long mutationId;
  private final String entityType;
  private final String entityId;
  private final MutationOp op;
  private final long baseVersion;
  private final JsonElement fields;
  private final String reason;
  private final Instant deviceTime;

  /** Creates a mutation. {@code reason} is required for {@link MutationOp#ENTERED_IN_ERROR}. */
  public Mutation(
      String deviceId,
      long mutationId,
      String entityType,
      String entityId,
      MutationOp op,
      long baseVersion,
      JsonObject fields,
      String reason,
      Instant deviceTime) {
    this.deviceId = deviceId;
    this.mutationId = mutationId;
    this.entityType = entityType;
    this.entityId = entityId;
    this.op = op;
    this.baseVersion = baseVersion;
    this.fields = fields;
    this.reason = reason;
    this.deviceTime = deviceTime;
  }

  /** The device that made the change. */
  public String deviceId() {
    return deviceId;
  }

  /** The device's mutation number: 1, 2, 3… with no gaps. */
  public long mutationId() {
    return mutationId;
  }

  /** The entity type's wire name (see {@link EntityType#wireName()}). */
  public String entityType() {
    return entityType;
  }

  /** The entity's client-generated UUID. */
  public String entityId() {
    return entityId;
  }

  /** What the mutation does. */
  public MutationOp op() {
    return op;
  }

  /** The server version of the entity the device had seen when it made the change; 0 for a create. */
  public long baseVersion() {
    return baseVersion;
  }

  /**
   * The changed fields and their new values (JSON null clears a field); null when the mutation
   * carries none, or when what it carries is not a JSON object (see {@link #hasMalformedFields()}).
   */
  public JsonObject fields() {
    return Json.objectOrNull(fields);
  }

  /** Whether {@code fields} was sent but is not a JSON object (for example an array). */
  public boolean hasMalformedFields() {
    return fields != null && !fields.isJsonNull() && !fields.isJsonObject();
  }

  /** Why the entity is retracted, for {@link MutationOp#ENTERED_IN_ERROR}; otherwise null. */
  public String reason() {
    return reason;
  }

  /** The device clock when the change was made. Display and audit only: never used for ordering. */
  public Instant deviceTime() {
    return deviceTime;
  }

  @Override
  public String toString() {
    return "Mutation{" + deviceId + "#" + mutationId + " " + op + " " + entityType + "/" + entityId
        + " base=" + baseVersion + "}";
  }
}
