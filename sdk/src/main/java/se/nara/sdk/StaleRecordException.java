package se.nara.sdk;

/**
 * A save was made from a copy of a record that is too old to compare with: since the app read it
 * (at {@link #readVersion()}), more than one newer version arrived from the server. The SDK
 * saves only what the user changed, and it can tell that only against the copy the user saw; it
 * keeps the copy one version back, so a save across one sync always works. Nothing was saved:
 * read the record again, show the user what changed, and let them make their change on it.
 *
 * <p>Unchecked, like {@link IllegalStateException}, which it extends: it means the app held a
 * record across several syncs while the user edited it.
 */
public final class StaleRecordException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String recordId;
  private final long readVersion;
  private final long currentVersion;

  /** Creates the exception for a record read at {@code readVersion}, now at {@code currentVersion}. */
  public StaleRecordException(String recordId, long readVersion, long currentVersion) {
    super("record " + recordId + " was read at version " + readVersion + " and is now at version "
        + currentVersion + "; read it again and make the change on the current copy");
    this.recordId = recordId;
    this.readVersion = readVersion;
    this.currentVersion = currentVersion;
  }

  /** The record's id. */
  public String recordId() {
    return recordId;
  }

  /** The version of the copy the save was made from. */
  public long readVersion() {
    return readVersion;
  }

  /** The version this device holds now. */
  public long currentVersion() {
    return currentVersion;
  }
}
