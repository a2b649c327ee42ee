package se.nara.sdk.model;

/**
 * Status för ett utskrivningsärende enligt lag (2017:612) om samverkan vid utskrivning (SVU),
 * following Region Skåne's process steps.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum SvuStatus {
  /** Inskriven – inskrivningsmeddelande received; patient is in hospital. */
  ADMITTED("Inskriven"),
  /** Kartläggning – the receiving units are mapping the needs for a safe return home. */
  NEEDS_MAPPING("Kartläggning"),
  /**
   * Utskrivningsklar – the treating physician has judged the patient ready for discharge; starts
   * the SIP and payment clocks.
   */
  READY_FOR_DISCHARGE("Utskrivningsklar"),
  /**
   * Ej längre utskrivningsklar – the patient's condition changed after being judged
   * utskrivningsklar.
   */
  NO_LONGER_READY("Ej längre utskrivningsklar"),
  /** Utskriven – the patient has left the hospital. */
  DISCHARGED("Utskriven"),
  /** Avslutad – the case is closed. */
  CLOSED("Avslutad");

  private final String label;

  SvuStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
