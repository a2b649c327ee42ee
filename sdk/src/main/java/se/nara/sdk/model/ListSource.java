package se.nara.sdk.model;

/**
 * Källa för en läkemedelslista. Each source is kept separately and reconciled explicitly, so a
 * refresh of one source never overwrites another.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ListSource {
  /** Utskrivningslista/epikris – the hospital's list at discharge. */
  DISCHARGE_LIST("Utskrivningslista/epikris"),
  /** Hemmalista – what the nurse finds in the home. */
  HOME_LIST("Hemmalista"),
  /** Nationella läkemedelslistan – the national medication list (prescriptions and dispensing). */
  NLL("Nationella läkemedelslistan"),
  /** Dosunderlag – the multi-dose dispensing order (dosdispensering). */
  DOSE_DISPENSING("Dosunderlag"),
  /** Patientuppgift – what the patient or a relative reports. */
  PATIENT_REPORTED("Patientuppgift");

  private final String label;

  ListSource(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
