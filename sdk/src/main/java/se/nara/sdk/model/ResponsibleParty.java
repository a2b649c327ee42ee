package se.nara.sdk.model;

/**
 * Ansvarig part for a plan action (insats). Changing it is a conflict that needs both huvudmän, so
 * it is a coded value rather than free text.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ResponsibleParty {
  /** Region – the region. */
  REGION("Region"),
  /** Kommun – the kommun. */
  KOMMUN("Kommun"),
  /** Annan aktör – another actor, e.g. Försäkringskassan, Arbetsförmedlingen or school. */
  OTHER("Annan aktör"),
  /** Patient – the patient. */
  PATIENT("Patient"),
  /** Närstående – a relative or other close person. */
  NARSTAENDE("Närstående");

  private final String label;

  ResponsibleParty(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
