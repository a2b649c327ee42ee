package se.nara.sdk.model;

/**
 * Måluppfyllelse for a plan goal.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum GoalStatus {
  /** Ej påbörjad – work towards the goal has not started. */
  NOT_STARTED("Ej påbörjad"),
  /** Pågår – work towards the goal is ongoing. */
  IN_PROGRESS("Pågår"),
  /** Uppnått – the goal was reached. */
  ACHIEVED("Uppnått"),
  /** Ej uppnått – the goal was not reached. */
  NOT_ACHIEVED("Ej uppnått");

  private final String label;

  GoalStatus(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
