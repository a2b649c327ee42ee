package se.nara.sdk.model;

/**
 * Klinisk allvarlighetsgrad för en läkemedelsavvikelse.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum DiscrepancySeverity {
  /** Ej kliniskt signifikant – not clinically significant. */
  NOT_SIGNIFICANT("Ej kliniskt signifikant"),
  /** Kliniskt signifikant – clinically significant. */
  SIGNIFICANT("Kliniskt signifikant"),
  /** Potentiellt allvarlig – could cause serious harm. */
  POTENTIALLY_SERIOUS("Potentiellt allvarlig");

  private final String label;

  DiscrepancySeverity(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
