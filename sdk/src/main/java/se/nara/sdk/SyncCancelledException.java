package se.nara.sdk;

/** The sync was cancelled by the app, or stopped because another user signed in. Whatever was applied before stays applied; nothing is lost. */
public final class SyncCancelledException extends SyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SyncCancelledException() {
    super("sync cancelled", 0, null, null);
  }

  /**
   * Creates the exception with the reason the sync stopped, e.g. that another user signed in
   * while it ran (what it would still have written was for the previous user, and is not kept).
   */
  public SyncCancelledException(String message) {
    super(message, 0, null, null);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
