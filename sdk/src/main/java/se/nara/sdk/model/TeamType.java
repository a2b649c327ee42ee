package se.nara.sdk.model;

/**
 * Typ av vårdteam (teamtyp). Decides which workflows and checklists a team sees; the team's
 * huvudman is kept separately in {@link Huvudman}.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum TeamType {
  /** Hemtagningsteam – team that brings patients home from hospital on the discharge day. */
  HEMTAGNINGSTEAM("Hemtagningsteam"),
  /**
   * ASIH – avancerad sjukvård i hemmet – advanced (often palliative) hospital-level care in the
   * home, run by the region.
   */
  ASIH("ASIH – avancerad sjukvård i hemmet"),
  /** Mobilt team – mobile team visiting patients with complex needs. */
  MOBILT_TEAM("Mobilt team"),
  /** SVU-team – team coordinating samverkan vid utskrivning between hospital, region and kommun. */
  SVU_TEAM("SVU-team"),
  /** Hemsjukvård – municipal home nursing (kommunal hälso- och sjukvård). */
  HEMSJUKVARD("Hemsjukvård"),
  /** Vårdcentral – primary care centre; usually holds the fast vårdkontakt. */
  VARDCENTRAL("Vårdcentral");

  private final String label;

  TeamType(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
