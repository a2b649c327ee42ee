package se.nara.sdk.model;

/**
 * Utfall för en jämförd läkemedelsrad.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum LineCheckOutcome {
  /** Överensstämmer – the line agrees across the compared lists. */
  MATCH("Överensstämmer"),
  /** Avvikelse – the line differs; a Discrepancy is recorded. */
  DISCREPANCY("Avvikelse");

  private final String label;

  LineCheckOutcome(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
