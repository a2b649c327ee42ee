package se.nara.sdk;

/** The sync was cancelled by the app. Whatever was applied before stays applied; nothing is lost. */
public final class SyncCancelledException extends SyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SyncCancelledException() {
    super("sync cancelled", 0, null, null);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
