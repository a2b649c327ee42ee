package se.nara.sdk.model;

/**
 * Allvarlighetsgrad för en avvikelse, using the patientsäkerhetslag terms.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum DeviationSeverity {
  /** Ingen skada – no harm. */
  NO_HARM("Ingen skada"),
  /** Risk för skada – risk of harm (negative event without injury). */
  RISK("Risk för skada"),
  /** Skada – harm (vårdskada). */
  HARM("Skada"),
  /** Allvarlig vårdskada – serious harm; may need a Lex Maria report. */
  SERIOUS_HARM("Allvarlig vårdskada");

  private final String label;

  DeviationSeverity(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
