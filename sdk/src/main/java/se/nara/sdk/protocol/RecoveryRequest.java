package se.nara.sdk.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code POST /api/v1/sync/recovery}: after the server was restored from an older backup, a
 * device offers back its copies of the server's records, so what the server lost is kept for a
 * team leader's review instead of staying only on the tablet.
 */
public final class RecoveryRequest {
  /** The most records one request may carry. */
  public static final int MAX_RECORDS = 500;

  private final String deviceId;
  private final long lastMutationId;
  private final List<SyncRecord> records;

  /** Creates a recovery request. */
  public RecoveryRequest(String deviceId, long lastMutationId, List<SyncRecord> records) {
    this.deviceId = deviceId;
    this.lastMutationId = lastMutationId;
    this.records = Collections.unmodifiableList(new ArrayList<>(records));
  }

  /** The offering device; must match the device the token was issued to. */
  public String deviceId() {
    return deviceId;
  }

  /**
   * The highest mutation number the server had answered this device before it was restored: the
   * server continues after it, since what those mutations did comes back through {@link #records}.
   */
  public long lastMutationId() {
    return lastMutationId;
  }

  /**
   * The device's copies of server records, conflict records included, each with the version the
   * server had given it.
   */
  public List<SyncRecord> records() {
    return records == null ? Collections.<SyncRecord>emptyList() : Collections.unmodifiableList(records);
  }
}
