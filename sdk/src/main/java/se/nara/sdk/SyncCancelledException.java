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

  /**
   * Creates the exception with the reason the sync stopped and the failure it met on its way
   * out (for example the previous user's call refused once another user had signed in), which
   * is the app's to log, never to act on.
   */
  public SyncCancelledException(String message, Throwable cause) {
    super(message, 0, null, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
