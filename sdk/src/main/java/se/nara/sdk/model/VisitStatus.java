package se.nara.sdk.model;

/**
 * Status för ett besök.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum VisitStatus {
  /** Planerad – planned. */
  PLANNED("Planerad"),
  /** Pågår – staff are on site. */
  IN_PROGRESS("Pågår"),
  /** Genomförd – carried out. */
  COMPLETED("Genomförd"),
  /** Inställd – cancelled in advance. */
  CANCELLED("Inställd"),
  /** Uteblev – did not happen, e.g. the patient declined or was not at home. */
  MISSED("Uteblev");

  private final String label;

  VisitStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
