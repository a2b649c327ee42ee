package se.nara.sdk.model;

/**
 * Palliativt ansvar – which huvudman carries responsibility for palliative care in the home, since
 * ASIH and allmän palliativ vård are run by different huvudmän.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum PalliativeResponsibility {
  /** Region – ASIH – the region through ASIH (specialised palliative care). */
  REGION_ASIH("Region – ASIH"),
  /** Kommun – allmän palliativ vård – the kommun, as general palliative care. */
  KOMMUN_GENERAL("Kommun – allmän palliativ vård"),
  /** Delat – shared between region and kommun. */
  SHARED("Delat");

  private final String label;

  PalliativeResponsibility(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
