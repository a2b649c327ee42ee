package se.nara.sdk;

/**
 * A refused change was to be discarded ({@link NaraClient#discardRejected(long)}) by someone who
 * did not make it, on a shared tablet. Nothing was discarded.
 *
 * <p>Why it is refused rather than allowed with a note: the server keeps no copy of a value it
 * refused, so discarding it on the tablet loses it for good, and only its author can redo it
 * properly or judge that it needs no redoing. A colleague who sees it should tell the author (or
 * the team leader), and may enter the value again under her own name if care needs it now.
 *
 * <p>It is unchecked, like {@link NotSignedInException}, because {@code discardRejected} declares
 * no checked exception; it extends {@link IllegalStateException}, as a wrong state of the tablet
 * for this user, not a fault.
 */
public final class NotTheAuthorException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The stable code of this refusal. */
  public static final String CODE = "NOT_THE_AUTHOR";

  private final String authorId;
  private final String authorName;

  /** Creates the exception for the refused change {@code mutationId} made by {@code authorId}. */
  public NotTheAuthorException(String authorId, String authorName, long mutationId) {
    super("the refused change #" + mutationId + " was made by " + (authorName == null ? authorId : authorName)
        + ": only its author can discard it");
    this.authorId = authorId;
    this.authorName = authorName;
  }

  /** The staff id of the change's author. */
  public String authorId() {
    return authorId;
  }

  /** The author's name ("Erik Johansson"), for the message to the user; null if unknown. */
  public String authorName() {
    return authorName;
  }

  /** The stable code: {@link #CODE}. */
  public String code() {
    return CODE;
  }
}
