package se.nara.sdk.model;

/**
 * Händelse i loggen (loggpost), as the PDL log review needs to see them.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum AuditAction {
  /** Läsa – patient data was shown, including offline reads. */
  READ("Läsa"),
  /** Skapa – a record was created. */
  CREATE("Skapa"),
  /** Ändra – a record was changed. */
  UPDATE("Ändra"),
  /** Signera – a record was signed. */
  SIGN("Signera"),
  /** Makulera – a record was marked as entered in error. */
  ENTERED_IN_ERROR("Makulera"),
  /** Exportera/skriva ut – data was exported or printed. */
  EXPORT_PRINT("Exportera/skriva ut"),
  /** Dela – data was shared with someone else. */
  SHARE("Dela"),
  /** Synk hämta – data was downloaded to the device. */
  SYNC_PULL("Synk hämta"),
  /** Synk skicka – data was uploaded from the device. */
  SYNC_PUSH("Synk skicka"),
  /** Radera lokalt – data was removed from the device, e.g. when a care relationship ended. */
  LOCAL_PURGE("Radera lokalt"),
  /** Inloggning – a user logged in. */
  LOGIN("Inloggning"),
  /**
   * Nödåtkomst – patient data read outside the care relationship, with a stated reason; the MAS
   * follows every one up in the log review.
   */
  EMERGENCY_ACCESS("Nödåtkomst");

  private final String label;

  AuditAction(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
