package se.nara.sdk.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The server's answer for one mutation. A replayed mutation gets the same answer again. */
public final class MutationResult {
  private final long mutationId;
  private final MutationStatus status;
  private final String entityType;
  private final String entityId;
  private final long version;
  private final String code;
  private final String message;
  private final List<String> conflictIds;

  /** Creates a result. */
  public MutationResult(
      long mutationId,
      MutationStatus status,
      String entityType,
      String entityId,
      long version,
      String code,
      String message,
      List<String> conflictIds) {
    this.mutationId = mutationId;
    this.status = status;
    this.entityType = entityType;
    this.entityId = entityId;
    this.version = version;
    this.code = code;
    this.message = message;
    this.conflictIds =
        conflictIds == null
            ? Collections.<String>emptyList()
            : Collections.unmodifiableList(new ArrayList<>(conflictIds));
  }

  /** The mutation this answers. */
  public long mutationId() {
    return mutationId;
  }

  /** The outcome. */
  public MutationStatus status() {
    return status;
  }

  /** The entity type's wire name. */
  public String entityType() {
    return entityType;
  }

  /** The entity's id. */
  public String entityId() {
    return entityId;
  }

  /** The entity's server version after this mutation, or 0 if it was rejected. */
  public long version() {
    return version;
  }

  /** For a rejection, the {@link ErrorCode} name; otherwise null. */
  public String code() {
    return code;
  }

  /** For a rejection or conflict, a human explanation; otherwise null. */
  public String message() {
    return message;
  }

  /**
   * The conflict records this mutation produced: always some when the status is CONFLICT, and also
   * for MERGED when a rule flagged something for review (a concurrent note kept, a part added to a
   * signed plan); empty for APPLIED and REJECTED.
   */
  public List<String> conflictIds() {
    return conflictIds == null ? Collections.<String>emptyList() : Collections.unmodifiableList(conflictIds);
  }

  @Override
  public String toString() {
    return "MutationResult{#" + mutationId + " " + status + (code == null ? "" : " " + code) + "}";
  }
}
