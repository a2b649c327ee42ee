package se.nara.sdk.protocol;

/** The outcome of one mutation. Every outcome is final: the device never resends it. */
public enum MutationStatus {
  /** Applied as sent. */
  APPLIED,
  /**
   * Applied after merging with changes the device had not seen; no field the device changed was
   * changed by anyone else.
   */
  MERGED,
  /**
   * Some or all of the device's values clashed with changes it had not seen. Nothing was lost:
   * the values that did not win are kept in the conflict records named by {@link
   * MutationResult#conflictIds()}, which sync to the team's devices.
   */
  CONFLICT,
  /** Refused; {@link MutationResult#code()} and {@link MutationResult#message()} say why. */
  REJECTED
}
