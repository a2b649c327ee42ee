package se.nara.sdk.model;

/**
 * Ställningstagande till SIP – whether the patient needs a samordnad individuell plan. A SIP is
 * needed when insatser are needed from both region and kommun (SoL 2 kap. 7 §, HSL 16 kap. 4 §);
 * only then does the 3-day deadline for the kallelse run. Decided by the SVU messages, the latest
 * one winning, like readiness for discharge.
 *
 * <p>The constant name is only for code; it is derived, never sent on the wire.
 */
public enum SipAssessment {
  /** Ej bedömt – nobody has taken a position yet; the deadline runs to be safe. */
  NOT_ASSESSED("SIP ej bedömd"),
  /** SIP behövs. */
  NEEDED("SIP behövs"),
  /** SIP behövs inte – no kallelse is due. */
  NOT_NEEDED("SIP behövs inte");

  private final String label;

  SipAssessment(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
