package se.nara.sdk.protocol;

/** The answer to a {@link RecoveryRequest}. */
public final class RecoveryResponse {
  private final int offered;
  private final int kept;
  private final int keptBefore;
  private final long lastMutationId;

  /** Creates a recovery response. */
  public RecoveryResponse(int offered, int kept, int keptBefore, long lastMutationId) {
    this.offered = offered;
    this.kept = kept;
    this.keptBefore = keptBefore;
    this.lastMutationId = lastMutationId;
  }

  /** Records the request carried. */
  public int offered() {
    return offered;
  }

  /** Records newer than the server's, now kept in conflict records for review. */
  public int kept() {
    return kept;
  }

  /** Records newer than the server's that another device had already offered, the same. */
  public int keptBefore() {
    return keptBefore;
  }

  /** The highest mutation number the server now has for the device. */
  public long lastMutationId() {
    return lastMutationId;
  }
}
