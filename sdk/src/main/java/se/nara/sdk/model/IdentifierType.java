package se.nara.sdk.model;

/**
 * Typ av patientidentitet. Reservnummer are opaque (they may contain letters) and are never
 * Luhn-validated, so the type decides how a value is checked.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum IdentifierType {
  /** Personnummer – Swedish personal identity number issued by Skatteverket. */
  PERSONNUMMER("Personnummer"),
  /** Samordningsnummer – coordination number for people not folkbokförda in Sweden (day + 60). */
  SAMORDNINGSNUMMER("Samordningsnummer"),
  /** Nationellt reservnummer – national reserve number. */
  RESERVNUMMER_NATIONAL("Nationellt reservnummer"),
  /**
   * Lokalt reservnummer – reserve number unique only within the issuing unit (identified by
   * HSA-id).
   */
  RESERVNUMMER_LOCAL("Lokalt reservnummer");

  private final String label;

  IdentifierType(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
