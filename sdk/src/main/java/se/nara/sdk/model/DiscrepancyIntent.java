package se.nara.sdk.model;

/**
 * Avsikt bakom en läkemedelsavvikelse – whether the prescriber meant the difference.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum DiscrepancyIntent {
  /** Avsiktlig, dokumenterad – intended by the prescriber and documented. */
  DOCUMENTED_INTENTIONAL("Avsiktlig, dokumenterad"),
  /** Avsiktlig, odokumenterad – intended but not documented. */
  UNDOCUMENTED_INTENTIONAL("Avsiktlig, odokumenterad"),
  /** Oavsiktlig – not intended; a medication error. */
  UNINTENTIONAL("Oavsiktlig"),
  /** Oklar – väntar på förskrivare – not yet known; waiting for the prescriber. */
  UNCLEAR("Oklar – väntar på förskrivare");

  private final String label;

  DiscrepancyIntent(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
