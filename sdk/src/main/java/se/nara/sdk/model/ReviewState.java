package se.nara.sdk.model;

/**
 * Granskningsstatus – the team leader's review of a visit. A review binds to one version, so a
 * later change makes it REVIEW_STALE rather than silently covering new content.
 *
 * <p>The constant name is the wire format; {@link #label()} is only for display.
 */
public enum ReviewState {
  /** Ej granskad – not reviewed. */
  NOT_REVIEWED("Ej granskad"),
  /** Granskad – reviewed at the recorded version. */
  REVIEWED("Granskad"),
  /** Kräver åtgärd – reviewed and sent back for action. */
  NEEDS_ACTION("Kräver åtgärd"),
  /** Granskning inaktuell – changed after review; needs a new review. */
  REVIEW_STALE("Granskning inaktuell");

  private final String label;

  ReviewState(String label) {
    this.label = label;
  }

  /** Returns the Swedish label shown in the UI. */
  public String label() {
    return label;
  }
}
