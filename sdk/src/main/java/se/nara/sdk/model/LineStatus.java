package se.nara.sdk.model;

/**
 * Status för en läkemedelsrad, after FHIR MedicationStatement.status.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum LineStatus {
  /** Aktiv – being taken. */
  ACTIVE("Aktiv"),
  /** Avslutad – treatment finished as planned. */
  COMPLETED("Avslutad"),
  /** Felregistrerad – recorded by mistake. */
  ENTERED_IN_ERROR("Felregistrerad"),
  /** Planerad – will be started. */
  INTENDED("Planerad"),
  /** Utsatt – stopped (utsatt) before the planned end. */
  STOPPED("Utsatt"),
  /** Vilande – paused. */
  ON_HOLD("Vilande"),
  /** Okänd – status cannot be determined. */
  UNKNOWN("Okänd"),
  /** Tas ej – prescribed but not taken by the patient. */
  NOT_TAKEN("Tas ej");

  private final String label;

  LineStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
