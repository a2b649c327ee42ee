package se.nara.sdk.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /api/v1/sync/pull}: one page of the changes visible to the caller, in commit order,
 * read from one consistent snapshot of the server's database.
 */
public final class PullResponse {
  /** The default page size. */
  public static final int DEFAULT_LIMIT = 500;
  /** The largest page a client may ask for. */
  public static final int MAX_LIMIT = 5000;

  private final List<SyncRecord> records;
  private final String nextCursor;
  private final boolean hasMore;
  private final long lastMutationId;
  private final Instant serverTime;
  private final List<String> purgePatientIds;
  private final long estimatedTotal;

  /** Creates a pull page without purge instructions. */
  public PullResponse(
      List<SyncRecord> records,
      String nextCursor,
      boolean hasMore,
      long lastMutationId,
      Instant serverTime) {
    this(records, nextCursor, hasMore, lastMutationId, serverTime, Collections.<String>emptyList());
  }

  /** Creates a pull page. */
  public PullResponse(
      List<SyncRecord> records,
      String nextCursor,
      boolean hasMore,
      long lastMutationId,
      Instant serverTime,
      List<String> purgePatientIds) {
    this(records, nextCursor, hasMore, lastMutationId, serverTime, purgePatientIds, -1);
  }

  /** Creates a pull page with an estimate of everything visible (first page of a first sync). */
  public PullResponse(
      List<SyncRecord> records,
      String nextCursor,
      boolean hasMore,
      long lastMutationId,
      Instant serverTime,
      List<String> purgePatientIds,
      long estimatedTotal) {
    this.estimatedTotal = estimatedTotal;
    this.records = Collections.unmodifiableList(new ArrayList<>(records));
    this.nextCursor = nextCursor;
    this.hasMore = hasMore;
    this.lastMutationId = lastMutationId;
    this.serverTime = serverTime;
    this.purgePatientIds = Collections.unmodifiableList(new ArrayList<>(purgePatientIds));
  }

  /**
   * Patients whose data this device must remove now: their care relationship with the caller's
   * teams ended, or a spärr blocks it. The device deletes every local record of these patients.
   */
  public List<String> purgePatientIds() {
    return purgePatientIds == null ? Collections.<String>emptyList() : Collections.unmodifiableList(purgePatientIds);
  }

  /**
   * On the first page of a first sync (no cursor): how many records the caller can see in all,
   * for a progress bar. -1 on every other page.
   */
  public long estimatedTotal() {
    return estimatedTotal;
  }

  /** The records of this page, oldest change first. */
  public List<SyncRecord> records() {
    return records == null ? Collections.<SyncRecord>emptyList() : Collections.unmodifiableList(records);
  }

  /** The opaque cursor to send with the next pull; store it only after the page is applied. */
  public String nextCursor() {
    return nextCursor;
  }

  /** Whether more changes wait beyond this page. */
  public boolean hasMore() {
    return hasMore;
  }

  /**
   * The device's last applied mutation number, read in the same snapshot as the records: the
   * effects of every mutation up to it are in the data the device has now pulled.
   */
  public long lastMutationId() {
    return lastMutationId;
  }

  /** The server clock. */
  public Instant serverTime() {
    return serverTime;
  }
}
