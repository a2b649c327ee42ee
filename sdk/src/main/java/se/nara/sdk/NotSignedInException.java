package se.nara.sdk;

import se.nara.sdk.protocol.ErrorCode;

/**
 * A read or write of the local data while nobody is signed in on this device: before the first
 * sign-in, after {@link NaraClient#signOut()}, or after the device was wiped. Nothing was read or
 * written. Show the sign-in screen.
 *
 * <p>It is unchecked because the local reads and writes ({@code nara.patients().all()}, {@code
 * nara.checklists().setState(…)}…) declare no checked exceptions; {@link NaraClient#sync()} and the
 * other calls that do network I/O refuse the same state with a checked {@link
 * AuthenticationException} of the same {@link #code()}. It extends {@link IllegalStateException},
 * which the SDK threw for a write without a session before.
 */
public final class NotSignedInException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message for the log. */
  public NotSignedInException(String message) {
    super(message);
  }

  /** The stable code: {@code UNAUTHENTICATED}, as {@link AuthenticationException#code()} of a refused sync. */
  public String code() {
    return ErrorCode.UNAUTHENTICATED.name();
  }
}
