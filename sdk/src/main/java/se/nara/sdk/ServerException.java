package se.nara.sdk;

/** The server failed (HTTP 5xx). Transient from the app's point of view: retry with backoff. */
public final class ServerException extends SyncException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception. */
  public ServerException(String message, int httpStatus, String code) {
    super(message, httpStatus, code, null);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
