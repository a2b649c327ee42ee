package se.nara.sdk.model;

/**
 * Typ av plan.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum PlanType {
  /**
   * SIP – samordnad individuell plan – coordinated individual plan, needed when both region and
   * kommun give insatser.
   */
  SIP("SIP – samordnad individuell plan"),
  /**
   * Patientkontrakt – SKR's patientkontrakt: an agreement on what happens, when and who to contact.
   */
  PATIENTKONTRAKT("Patientkontrakt"),
  /** Vårdplan – an ordinary care plan within one organisation. */
  CARE_PLAN("Vårdplan");

  private final String label;

  PlanType(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
