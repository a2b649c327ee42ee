package se.nara.sdk.model;

/**
 * Handläggningsstatus för en avvikelse. Status only moves forward unless a reason is recorded.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum DeviationStatus {
  /** Registrerad – reported. */
  REGISTERED("Registrerad"),
  /** Under utredning – being investigated. */
  INVESTIGATING("Under utredning"),
  /** Åtgärdad – actions taken. */
  ACTIONED("Åtgärdad"),
  /** Avslutad – closed. */
  CLOSED("Avslutad");

  private final String label;

  DeviationStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
