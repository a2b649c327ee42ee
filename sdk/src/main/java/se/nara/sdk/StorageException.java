package se.nara.sdk;

/**
 * The local database failed (disk full, I/O error, corrupt file). Unchecked because an app can
 * rarely recover in place; whatever was committed before it stays committed.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with its cause. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
