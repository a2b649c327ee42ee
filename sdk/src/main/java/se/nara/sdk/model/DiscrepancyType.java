package se.nara.sdk.model;

/**
 * Typ av avvikelse i läkemedelslista (WHO High 5s categories).
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum DiscrepancyType {
  /** Utelämnad – a medicine is missing from a list. */
  OMISSION("Utelämnad"),
  /** Tillagd – a medicine is on a list but should not be. */
  COMMISSION("Tillagd"),
  /** Fel dos – the dose differs. */
  WRONG_DOSE("Fel dos"),
  /** Fel frekvens – the frequency differs. */
  WRONG_FREQUENCY("Fel frekvens"),
  /** Fel administreringsväg – the route of administration differs. */
  WRONG_ROUTE("Fel administreringsväg"),
  /** Fel läkemedel – a different drug is listed. */
  WRONG_DRUG("Fel läkemedel"),
  /** Dubbelordination – the same substance is ordered twice. */
  DUPLICATION("Dubbelordination"),
  /** Fel beredningsform – the pharmaceutical form differs. */
  WRONG_FORM("Fel beredningsform"),
  /** Utsatt men kvar – stopped by the prescriber but still taken or listed. */
  STOPPED_BUT_CONTINUED("Utsatt men kvar"),
  /** Annat – another kind of discrepancy; describe it in the note. */
  OTHER("Annat");

  private final String label;

  DiscrepancyType(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
