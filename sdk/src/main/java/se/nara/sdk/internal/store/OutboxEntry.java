package se.nara.sdk.internal.store;

import com.google.gson.JsonObject;
import java.time.Instant;
import se.nara.sdk.protocol.MutationOp;

/** One queued local change. */
public final class OutboxEntry {
  public final long mutationId;
  public final String entityType;
  public final String entityId;
  public final MutationOp op;
  public final long baseVersion;
  public final JsonObject fields;
  public final String reason;
  public final Instant deviceTime;
  public final String state;
  public final String errorCode;
  public final String errorMessage;
  /** The staff id of whoever was signed in when the change was made; null if unknown. */
  public final String authorId;
  /** Her name, as the sign-in gave it; null if unknown. */
  public final String authorName;

  OutboxEntry(
      long mutationId,
      String entityType,
      String entityId,
      MutationOp op,
      long baseVersion,
      JsonObject fields,
      String reason,
      Instant deviceTime,
      String state,
      String errorCode,
      String errorMessage,
      String authorId,
      String authorName) {
    this.mutationId = mutationId;
    this.entityType = entityType;
    this.entityId = entityId;
    this.op = op;
    this.baseVersion = baseVersion;
    this.fields = fields;
    this.reason = reason;
    this.deviceTime = deviceTime;
    this.state = state;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.authorId = authorId;
    this.authorName = authorName;
  }
}
