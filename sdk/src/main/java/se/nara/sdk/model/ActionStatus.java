package se.nara.sdk.model;

/**
 * Status för en insats/åtgärd in a plan.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ActionStatus {
  /** Planerad – planned, not started. */
  PLANNED("Planerad"),
  /** Pågår – ongoing. */
  IN_PROGRESS("Pågår"),
  /** Utförd – carried out. */
  DONE("Utförd"),
  /** Inställd – cancelled before it was carried out. */
  CANCELLED("Inställd"),
  /** Ej utförd – due but not carried out. */
  NOT_DONE("Ej utförd");

  private final String label;

  ActionStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
