package se.nara.sdk.model;

/**
 * Yrkesroll (profession) of a staff member. Checklist items name the profession expected to confirm
 * them ({@link ChecklistItem#requiredProfession()}, advisory), and what a device may write depends
 * on it; note that IMY does not accept a per-profession profile as the only access control, so
 * access is also scoped by team.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum Profession {
  /** Sjuksköterska – registered nurse. */
  SJUKSKOTERSKA("Sjuksköterska"),
  /** Distriktssköterska – district nurse (specialist nurse in primary care). */
  DISTRIKTSSKOTERSKA("Distriktssköterska"),
  /** Undersköterska – assistant nurse; performs delegated tasks. */
  UNDERSKOTERSKA("Undersköterska"),
  /** Arbetsterapeut – occupational therapist; assesses ADL and hjälpmedel. */
  ARBETSTERAPEUT("Arbetsterapeut"),
  /** Fysioterapeut – physiotherapist; training programmes and mobility aids. */
  FYSIOTERAPEUT("Fysioterapeut"),
  /** Läkare – physician; takes decisions on medication discrepancies. */
  LAKARE("Läkare"),
  /** Biståndshandläggare – needs assessor in social services who decides SoL insatser. */
  BISTANDSHANDLAGGARE("Biståndshandläggare"),
  /** Teamledare – team leader; reviews (granskar) visits and checklists. */
  TEAMLEDARE("Teamledare"),
  /**
   * Medicinskt ansvarig sjuksköterska – chief medical nurse of a kommun; owns deviation and
   * delegation routines.
   */
  MAS("Medicinskt ansvarig sjuksköterska"),
  /** Administratör – system administrator without clinical role. */
  ADMIN("Administratör");

  private final String label;

  Profession(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
