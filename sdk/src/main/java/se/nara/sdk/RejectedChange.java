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
 *
 * <p>A refused change belongs to its {@link #authorId() author}. On a shared tablet it stays after
 * she hands over, so a colleague of the same teams sees it (her patients are his; he may need to
 * know a value did not reach the server), but only she can {@link NaraClient#discardRejected
 * discard} it: the server keeps no copy of a value it refused, so dropping it here loses it for
 * good, and only its author can redo it or know it needs no redoing. Show the author's name.
 */
public final class RejectedChange {
  private final long mutationId;
  private final String entityType;
  private final String entityId;
  private final String code;
  private final String message;
  private final Instant madeAt;
  private final Set<String> fields;
  private final String authorId;
  private final String authorName;

  /** Creates a value that names no fields. */
  public RejectedChange(
      long mutationId, String entityType, String entityId, String code, String message, Instant madeAt) {
    this(mutationId, entityType, entityId, code, message, madeAt, Collections.<String>emptySet());
  }

  /** Creates a value of unknown author; {@code fields} are the names of the fields the refused change set. */
  public RejectedChange(
      long mutationId,
      String entityType,
      String entityId,
      String code,
      String message,
      Instant madeAt,
      Collection<String> fields) {
    this(mutationId, entityType, entityId, code, message, madeAt, fields, null, null);
  }

  /**
   * Creates a value; {@code fields} are the names of the fields the refused change set, {@code
   * authorId} and {@code authorName} who made it (null when unknown).
   */
  public RejectedChange(
      long mutationId,
      String entityType,
      String entityId,
      String code,
      String message,
      Instant madeAt,
      Collection<String> fields,
      String authorId,
      String authorName) {
    this.authorId = authorId;
    this.authorName = authorName;
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

  /**
   * The staff id of whoever was signed in when the change was made: the only user who may {@link
   * NaraClient#discardRejected discard} it. Null for a change made before the SDK recorded authors
   * and for which no user was known; anyone signed in may discard such a change.
   */
  public String authorId() {
    return authorId;
  }

  /** The author's name as her sign-in gave it ("Erik Johansson"), or null when unknown. */
  public String authorName() {
    return authorName;
  }

  /**
   * Whether {@code session}'s user made this change and may discard it (also true when the author
   * is unknown); false when nobody is signed in.
   */
  public boolean isBy(Session session) {
    return session != null && (authorId == null || authorId.equals(session.staffId()));
  }

  @Override
  public String toString() {
    return "RejectedChange{#" + mutationId + " " + entityType + "/" + entityId + " by " + authorId + " " + code + ": " + message + "}";
  }
}
