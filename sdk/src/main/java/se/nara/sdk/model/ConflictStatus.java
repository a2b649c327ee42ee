package se.nara.sdk.model;

/**
 * Status för en synkkonflikt.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ConflictStatus {
  /** Automatiskt löst – resolved by a safe rule; kept for traceability. */
  AUTO_RESOLVED("Automatiskt löst"),
  /** Kräver granskning – a person must decide. */
  NEEDS_REVIEW("Kräver granskning"),
  /** Löst – a person has decided. */
  RESOLVED("Löst");

  private final String label;

  ConflictStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
