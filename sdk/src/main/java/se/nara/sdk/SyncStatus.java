package se.nara.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A snapshot of the device's sync health, for a status bar or a settings screen. */
public final class SyncStatus {
  private final int pendingCount;
  private final Instant oldestPendingAt;
  private final Instant lastSuccessfulSync;
  private final String lastError;
  private final String lastErrorCode;
  private final int openConflicts;
  private final List<RejectedChange> rejected;
  private final Instant dataExpiresAt;
  private final Instant dataExpiredAt;

  /** Creates a snapshot of a device whose data has not expired. */
  public SyncStatus(
      int pendingCount,
      Instant oldestPendingAt,
      Instant lastSuccessfulSync,
      String lastError,
      int openConflicts,
      List<RejectedChange> rejected) {
    this(pendingCount, oldestPendingAt, lastSuccessfulSync, lastError, openConflicts, rejected, null, null);
  }

  /** Creates a snapshot whose last error, if any, has no code. */
  public SyncStatus(
      int pendingCount,
      Instant oldestPendingAt,
      Instant lastSuccessfulSync,
      String lastError,
      int openConflicts,
      List<RejectedChange> rejected,
      Instant dataExpiresAt,
      Instant dataExpiredAt) {
    this(pendingCount, oldestPendingAt, lastSuccessfulSync, lastError, null, openConflicts, rejected,
        dataExpiresAt, dataExpiredAt);
  }

  /** Creates a snapshot. */
  public SyncStatus(
      int pendingCount,
      Instant oldestPendingAt,
      Instant lastSuccessfulSync,
      String lastError,
      String lastErrorCode,
      int openConflicts,
      List<RejectedChange> rejected,
      Instant dataExpiresAt,
      Instant dataExpiredAt) {
    this.lastErrorCode = lastErrorCode;
    this.dataExpiresAt = dataExpiresAt;
    this.dataExpiredAt = dataExpiredAt;
    this.pendingCount = pendingCount;
    this.oldestPendingAt = oldestPendingAt;
    this.lastSuccessfulSync = lastSuccessfulSync;
    this.lastError = lastError;
    this.openConflicts = openConflicts;
    this.rejected = Collections.unmodifiableList(new ArrayList<>(rejected));
  }

  /** Changes waiting to be sent. */
  public int pendingCount() {
    return pendingCount;
  }

  /** When the oldest waiting change was made (device clock), or null if none waits. */
  public Instant oldestPendingAt() {
    return oldestPendingAt;
  }

  /** When the last sync completed, or null if never. */
  public Instant lastSuccessfulSync() {
    return lastSuccessfulSync;
  }

  /** The error of the last failed sync since the last success, or null. */
  public String lastError() {
    return lastError;
  }

  /**
   * The stable code of the last failed sync since the last success ({@link SyncException#code()},
   * an {@code ErrorCode} name such as {@code CURSOR_AHEAD} or {@code MUTATION_GAP}), or null when
   * the last sync completed or its failure had no code (no network, a cancelled sync, a local
   * {@link StorageException}). Kept in the local database like {@link #lastError()}, so it
   * survives an app restart: decide from it, never from the text, e.g. whether to offer {@link
   * NaraClient#recoverFromServerRestore()}.
   */
  public String lastErrorCode() {
    return lastErrorCode;
  }

  /**
   * Conflict records on this device that still need review, counting a change the server has
   * answered as a conflict whose conflict record has yet to be pulled (it shows in the record's
   * view meanwhile, with {@link RecordSyncState#CONFLICT}).
   */
  public int openConflicts() {
    return openConflicts;
  }

  /**
   * Local changes the server refused, each waiting for its author ({@link
   * RejectedChange#authorId()}) to see it and {@link NaraClient#discardRejected discard} it.
   */
  public List<RejectedChange> rejected() {
    return rejected;
  }

  /**
   * When the device will remove the patient data it pulled unless a sync completes before then
   * ({@link NaraClient.Builder#maxOffline}); null when there is nothing to remove. Show it when it
   * is near: "Synka före 14:30, annars tas patientdata bort från plattan".
   */
  public Instant dataExpiresAt() {
    return dataExpiresAt;
  }

  /**
   * When the device removed the patient data it had pulled, because it went longer than its
   * maximum time offline without a completed sync ({@link NaraClient.Builder#maxOffline}); null
   * if that has not happened since the last completed sync. Until the next sync only this
   * device's own unsent changes are on it: show "Synka för att hämta patienterna igen".
   */
  public Instant dataExpiredAt() {
    return dataExpiredAt;
  }

  /** Whether anything needs the user's attention (conflicts, rejections, or expired data). */
  public boolean needsAttention() {
    return openConflicts > 0 || !rejected.isEmpty() || dataExpiredAt != null;
  }

  @Override
  public String toString() {
    return "SyncStatus{pending=" + pendingCount + ", conflicts=" + openConflicts + ", rejected="
        + rejected.size() + ", lastSync=" + lastSuccessfulSync + ", lastError=" + lastError
        + (lastErrorCode == null ? "" : " [" + lastErrorCode + "]")
        + (dataExpiredAt == null ? "" : ", dataExpiredAt=" + dataExpiredAt) + "}";
  }
}
