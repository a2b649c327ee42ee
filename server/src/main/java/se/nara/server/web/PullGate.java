package se.nara.server.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.server.ApiException;

/**
 * How many pulls are answered at once. A pull page is held in memory whole (up to 5,000 records)
 * while it is written; with two cores more than a few at a time only share the CPU, so the rest
 * wait here, in arrival order, instead of piling pages onto the heap (a 20-tablet first sync ran a
 * 96 MiB heap out of memory before this). Whoever waits too long is told to come back
 * ({@code 503 UNAVAILABLE}, which the SDK retries with backoff).
 */
final class PullGate {
  private final Semaphore permits;
  private final long waitMillis;

  /** A gate letting {@code concurrent} pulls run at once, each waiting at most {@code waitMillis}. */
  PullGate(int concurrent, long waitMillis) {
    this.permits = new Semaphore(concurrent, true);
    this.waitMillis = waitMillis;
  }

  /** Runs {@code pull} when it is its turn and returns what it made. */
  <T> T call(java.util.function.Supplier<T> pull) {
    try {
      if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
        throw new ApiException(ErrorCode.UNAVAILABLE, "the server is busy; try the pull again shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorCode.UNAVAILABLE, "the server is shutting down; try again shortly");
    }
    try {
      return pull.get();
    } finally {
      permits.release();
    }
  }
}
