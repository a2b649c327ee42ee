package se.nara.sdk.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code POST /api/v1/sync/push}: a batch of mutations in mutation-number order, plus the
 * device's outbox health for the team leader's fleet view.
 */
public final class PushRequest {
  /** The most mutations one push may carry. */
  public static final int MAX_BATCH = 1000;

  private final String deviceId;
  private final List<Mutation> mutations;
  private final int outboxDepth;
  private final Instant oldestPendingAt;

  /** Creates a push request. */
  public PushRequest(
      String deviceId, List<Mutation> mutations, int outboxDepth, Instant oldestPendingAt) {
    this.deviceId = deviceId;
    this.mutations = Collections.unmodifiableList(new ArrayList<>(mutations));
    this.outboxDepth = outboxDepth;
    this.oldestPendingAt = oldestPendingAt;
  }

  /** The pushing device; must match the device the token was issued to. */
  public String deviceId() {
    return deviceId;
  }

  /** The mutations, in increasing mutation-number order. */
  public List<Mutation> mutations() {
    return mutations == null ? Collections.<Mutation>emptyList() : Collections.unmodifiableList(mutations);
  }

  /** How many changes will still wait in the device's outbox once this batch is answered. */
  public int outboxDepth() {
    return outboxDepth;
  }

  /**
   * When the oldest change that will still wait was made (device clock), or null when nothing
   * will wait once this batch is answered.
   */
  public Instant oldestPendingAt() {
    return oldestPendingAt;
  }
}
