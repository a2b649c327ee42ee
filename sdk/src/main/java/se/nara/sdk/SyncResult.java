package se.nara.sdk;

/** What one {@link NaraClient#sync()} did. */
public final class SyncResult {
  private final int pushed;
  private final int applied;
  private final int merged;
  private final int conflicts;
  private final int rejected;
  private final int pulled;
  private final long durationMillis;

  /** Creates a result. */
  public SyncResult(
      int pushed, int applied, int merged, int conflicts, int rejected, int pulled, long durationMillis) {
    this.pushed = pushed;
    this.applied = applied;
    this.merged = merged;
    this.conflicts = conflicts;
    this.rejected = rejected;
    this.pulled = pulled;
    this.durationMillis = durationMillis;
  }

  /** Mutations sent. */
  public int pushed() {
    return pushed;
  }

  /** Mutations applied as sent. */
  public int applied() {
    return applied;
  }

  /** Mutations applied after merging with changes this device had not seen. */
  public int merged() {
    return merged;
  }

  /** Mutations whose values clashed; kept in conflict records. */
  public int conflicts() {
    return conflicts;
  }

  /** Mutations the server refused; they stay on the device with the reason. */
  public int rejected() {
    return rejected;
  }

  /** Records received from the server. */
  public int pulled() {
    return pulled;
  }

  /** Wall time of the sync. */
  public long durationMillis() {
    return durationMillis;
  }

  @Override
  public String toString() {
    return "SyncResult{pushed=" + pushed + " (applied " + applied + ", merged " + merged + ", conflicts "
        + conflicts + ", rejected " + rejected + "), pulled=" + pulled + ", " + durationMillis + " ms}";
  }
}
