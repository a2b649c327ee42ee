package se.nara.sdk.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The answer to a push: one result per mutation, in the order sent. */
public final class PushResponse {
  private final List<MutationResult> results;
  private final long lastMutationId;
  private final Instant serverTime;

  /** Creates a push response. */
  public PushResponse(List<MutationResult> results, long lastMutationId, Instant serverTime) {
    this.results = Collections.unmodifiableList(new ArrayList<>(results));
    this.lastMutationId = lastMutationId;
    this.serverTime = serverTime;
  }

  /** One result per mutation sent. */
  public List<MutationResult> results() {
    return results == null ? Collections.<MutationResult>emptyList() : Collections.unmodifiableList(results);
  }

  /** The highest mutation number the server has recorded for the device. */
  public long lastMutationId() {
    return lastMutationId;
  }

  /** The server clock, so clients can show (not correct) their skew. */
  public Instant serverTime() {
    return serverTime;
  }
}
