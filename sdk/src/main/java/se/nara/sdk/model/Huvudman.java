package se.nara.sdk.model;

/**
 * Huvudman – the organisation legally responsible for a unit or an insats. SIP must state which
 * huvudman is responsible for what, so it is modelled explicitly.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum Huvudman {
  /**
   * Region – the region (here Region Skåne), responsible for hospital care and regionens öppna
   * vård.
   */
  REGION("Region"),
  /**
   * Kommun – one of the municipalities, responsible for socialtjänst and kommunal hälso- och
   * sjukvård.
   */
  KOMMUN("Kommun"),
  /** Privat utförare – private provider acting on behalf of a region or kommun. */
  PRIVATE_PROVIDER("Privat utförare");

  private final String label;

  Huvudman(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
