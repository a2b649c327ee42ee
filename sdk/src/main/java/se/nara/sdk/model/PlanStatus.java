package se.nara.sdk.model;

/**
 * Status för en plan (SIP, patientkontrakt, vårdplan). Plans are never deleted; ENTERED_IN_ERROR
 * replaces deletion.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum PlanStatus {
  /** Utkast – being written, not yet agreed. */
  DRAFT("Utkast"),
  /** Aktiv – agreed and in force. */
  ACTIVE("Aktiv"),
  /** Uppföljd – the follow-up (uppföljning) has been held. */
  FOLLOWED_UP("Uppföljd"),
  /** Avslutad – no longer in force. */
  CLOSED("Avslutad"),
  /** Felregistrerad – created by mistake; kept for traceability instead of being deleted. */
  ENTERED_IN_ERROR("Felregistrerad");

  private final String label;

  PlanStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
