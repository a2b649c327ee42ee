package se.nara.sdk.protocol;

/** What a mutation does to its entity. */
public enum MutationOp {
  /** Creates the entity with a client-generated id; {@code fields} is the whole entity. */
  CREATE,
  /** Changes the listed fields only; fields not named keep their server values. */
  UPDATE,
  /**
   * Marks the entity entered-in-error (makulerad). Clinical data is never deleted: the record
   * stays readable as a tombstone and takes no further changes. Requires a reason.
   */
  ENTERED_IN_ERROR
}
