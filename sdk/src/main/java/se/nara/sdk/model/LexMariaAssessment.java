package se.nara.sdk.model;

/**
 * Lex Maria-bedömning – whether the care provider must report the event to IVO.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum LexMariaAssessment {
  /** Ej bedömd – not yet assessed. */
  NOT_ASSESSED("Ej bedömd"),
  /** Ej anmälningspliktig – assessed as not reportable. */
  NOT_REPORTABLE("Ej anmälningspliktig"),
  /** Anmäld – reported to IVO. */
  REPORTED("Anmäld");

  private final String label;

  LexMariaAssessment(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
