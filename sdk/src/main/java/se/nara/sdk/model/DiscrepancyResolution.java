package se.nara.sdk.model;

/**
 * Hantering av en läkemedelsavvikelse. Every discrepancy must reach a resolution other than OPEN
 * before the check is complete.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum DiscrepancyResolution {
  /** Öppen – not yet resolved. */
  OPEN("Öppen"),
  /** Bekräftad avsiktlig – the prescriber confirmed the difference is intended. */
  CONFIRMED_INTENTIONAL("Bekräftad avsiktlig"),
  /** Korrigerad med ny ordination – corrected by a new prescription. */
  CORRECTED_NEW_ORDER("Korrigerad med ny ordination"),
  /** Ej åtgärdad, motiverad – left as is, with a documented rationale. */
  ACCEPTED_WITH_RATIONALE("Ej åtgärdad, motiverad"),
  /** Eskalerad – escalated, e.g. to a physician or as a Deviation. */
  ESCALATED("Eskalerad");

  private final String label;

  DiscrepancyResolution(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
