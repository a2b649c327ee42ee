package se.nara.sdk.model;

/**
 * Vems mål – a SIP separates the patient's own goals from goals shared with the care providers.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum GoalOwner {
  /** Patientens mål – the patient's own goal ("vad är viktigt för dig?"). */
  PATIENT("Patientens mål"),
  /** Gemensamt mål – a goal shared by the patient and the responsible units. */
  SHARED("Gemensamt mål");

  private final String label;

  GoalOwner(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
