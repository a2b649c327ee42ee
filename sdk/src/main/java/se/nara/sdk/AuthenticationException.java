package se.nara.sdk;

/**
 * The server refused who we are: wrong credentials, an expired or revoked token, a locked
 * account, or an action the user is not allowed. The user must sign in again.
 */
public final class AuthenticationException extends SyncException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception. */
  public AuthenticationException(String message, int httpStatus, String code) {
    super(message, httpStatus, code, null);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}
