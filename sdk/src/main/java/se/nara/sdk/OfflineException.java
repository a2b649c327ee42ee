package se.nara.sdk;

/** The server could not be reached (no network, timeout, connection dropped). Retry later. */
public final class OfflineException extends SyncException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with its cause. */
  public OfflineException(String message, Throwable cause) {
    super(message, 0, null, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
