package se.nara.sdk.model;

/**
 * Typ av besök.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum VisitType {
  /** Utskrivningsdagsbesök – home visit on the day of discharge. */
  DISCHARGE_DAY("Utskrivningsdagsbesök"),
  /** Uppföljningsbesök – follow-up visit. */
  FOLLOW_UP("Uppföljningsbesök"),
  /** ASIH-besök – ASIH visit. */
  ASIH("ASIH-besök"),
  /** Läkemedelsbesök – visit for medication handling or reconciliation. */
  MEDICATION("Läkemedelsbesök"),
  /** SIP-möte – SIP meeting, preferably in the home. */
  SIP_MEETING("SIP-möte"),
  /** Telefon – phone contact. */
  PHONE("Telefon"),
  /** Video – video contact. */
  VIDEO("Video");

  private final String label;

  VisitType(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
