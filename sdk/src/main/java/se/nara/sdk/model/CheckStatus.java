package se.nara.sdk.model;

/**
 * Status för en läkemedelsavstämning.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum CheckStatus {
  /** Pågår – lines are still being compared. */
  IN_PROGRESS("Pågår"),
  /** Avvikelser kvar – all lines compared, but discrepancies await a decision. */
  OPEN_DISCREPANCIES("Avvikelser kvar"),
  /** Klar – all lines compared and all discrepancies resolved. */
  COMPLETE("Klar");

  private final String label;

  CheckStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
