package se.nara.sdk;

import se.nara.sdk.protocol.ErrorCode;

/**
 * A sync or login that did not complete. The subclass says what kind of failure it was, and so
 * what the app should do: {@link OfflineException} (retry later, nothing is lost), {@link
 * AuthenticationException} (sign in again), {@link ServerException} (retry with backoff) or
 * {@link ProtocolException} (a bug or a version mismatch; report it).
 */
public abstract class SyncException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String code;

  SyncException(String message, int httpStatus, String code, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The server's error code (an {@link ErrorCode} name), or null. */
  public String code() {
    return code;
  }

  /** Whether this failure is transient, so a later retry may succeed without user action. */
  public abstract boolean isRetryable();
}
