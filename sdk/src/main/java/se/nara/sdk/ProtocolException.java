package se.nara.sdk;

/**
 * Client and server do not understand each other: a response that is not valid protocol JSON, an
 * unsupported protocol version, or a request the server calls malformed. Retrying will not help;
 * the app or server needs an update.
 */
public final class ProtocolException extends SyncException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception. */
  public ProtocolException(String message, int httpStatus, String code, Throwable cause) {
    super(message, httpStatus, code, cause);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}
