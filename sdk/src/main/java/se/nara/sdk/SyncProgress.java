package se.nara.sdk;

/**
 * Progress of one sync, for a progress bar. Called on the syncing thread; must return quickly.
 * All methods have empty defaults, so implement only what you show.
 */
public interface SyncProgress {

  /** {@code sent} of {@code total} waiting changes have been sent. */
  default void pushed(int sent, int total) {}

  /**
   * Records received so far. {@code expectedTotal} is the server's estimate on a first sync, or
   * -1 when unknown (later syncs are small).
   */
  default void pulled(int received, int expectedTotal) {}

  /** Today's visits and their patients have arrived (first sync only): the nurse can start. */
  default void priorityDataReady(int records) {}

  /** A progress listener that ignores everything. */
  SyncProgress NONE = new SyncProgress() {};
}
