package se.nara.sdk.protocol;

/**
 * {@code POST /api/v1/access/emergency}: nödåtkomst, a clinician's read of a patient outside their
 * team's care relationship, with the reason stated. The server logs it for the MAS to follow up.
 */
public final class EmergencyAccessRequest {
  /** The shortest reason accepted, in characters: a reason has to say something. */
  public static final int MIN_REASON = 10;
  /** The longest reason accepted, in characters. */
  public static final int MAX_REASON = 500;

  private final String personnummer;
  private final String reason;

  /** Creates a request. */
  public EmergencyAccessRequest(String personnummer, String reason) {
    this.personnummer = personnummer;
    this.reason = reason;
  }

  /**
   * The patient's personnummer or samordningsnummer, as typed (10 or 12 digits): the number staff
   * have at the door, since a patient outside their care is not on the tablet.
   */
  public String personnummer() {
    return personnummer;
  }

  /** Why the access is needed now (e.g. "Akut försämring, ordinarie team nås inte"). */
  public String reason() {
    return reason;
  }
}
