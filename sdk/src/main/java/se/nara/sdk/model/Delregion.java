package se.nara.sdk.model;

/**
 * Delregion – one of Skåne's six sub-regions. Used for grouping teams in statistics and for
 * regional routines that differ between sub-regions.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum Delregion {
  /** Malmö – the Malmö sub-region. */
  MALMO("Malmö"),
  /** Mellersta Skåne – central Skåne. */
  MELLERSTA("Mellersta Skåne"),
  /** Nordöstra Skåne – north-eastern Skåne. */
  NORDOSTRA("Nordöstra Skåne"),
  /** Nordvästra Skåne – north-western Skåne. */
  NORDVASTRA("Nordvästra Skåne"),
  /** Sydöstra Skåne – south-eastern Skåne. */
  SYDOSTRA("Sydöstra Skåne"),
  /** Sydvästra Skåne – south-western Skåne. */
  SYDVASTRA("Sydvästra Skåne");

  private final String label;

  Delregion(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
