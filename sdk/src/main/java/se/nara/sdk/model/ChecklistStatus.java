package se.nara.sdk.model;

/**
 * Status för en utskrivningschecklista, after FHIR QuestionnaireResponse.status.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ChecklistStatus {
  /** Pågår – items are still being checked. */
  IN_PROGRESS("Pågår"),
  /** Klar – all items are settled. */
  COMPLETE("Klar"),
  /** Ändrad – changed after it was complete, e.g. an item was reopened. */
  AMENDED("Ändrad");

  private final String label;

  ChecklistStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
