package se.nara.sdk.model;

/**
 * Tillstånd för en kontrollpunkt. A confirmed DONE is never silently reverted: going back requires
 * REOPENED with a reason.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ItemState {
  /** Ej kontrollerad – not yet checked. */
  UNCHECKED("Ej kontrollerad"),
  /** Klar – checked and in order. */
  DONE("Klar"),
  /** Ej aktuell – does not apply to this patient. */
  NOT_APPLICABLE("Ej aktuell"),
  /** Saknas – checked and found missing; a Deviation should be linked. */
  MISSING("Saknas"),
  /** Återöppnad – reopened after being settled; needs a reason. */
  REOPENED("Återöppnad");

  private final String label;

  ItemState(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
