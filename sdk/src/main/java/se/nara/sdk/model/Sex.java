package se.nara.sdk.model;

/**
 * Juridiskt kön (legal sex) as registered, e.g. derived from the personnummer.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum Sex {
  /** Kvinna – female. */
  FEMALE("Kvinna"),
  /** Man – male. */
  MALE("Man"),
  /** Okänt – unknown, e.g. for a reservnummer patient whose identity is not yet established. */
  UNKNOWN("Okänt");

  private final String label;

  Sex(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
