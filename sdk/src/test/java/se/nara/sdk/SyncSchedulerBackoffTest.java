package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SyncSchedulerBackoffTest {
  @Test
  @DisplayName("backoff doubles its ceiling per failure, is capped, and jitter spreads it over the whole range")
  void backoff() {
    assertEquals(0, SyncScheduler.backoff(1, 5_000, 300_000, 0.0));
    assertEquals(4_999, SyncScheduler.backoff(1, 5_000, 300_000, 0.9999), 1);
    assertEquals(9_999, SyncScheduler.backoff(2, 5_000, 300_000, 0.9999), 1);
    assertEquals(19_999, SyncScheduler.backoff(3, 5_000, 300_000, 0.9999), 1);
    assertEquals(299_970, SyncScheduler.backoff(10, 5_000, 300_000, 0.9999), 1);
    assertEquals(299_970, SyncScheduler.backoff(1000, 5_000, 300_000, 0.9999), 1, "no overflow after many failures");
    for (int n = 1; n < 40; n++) {
      long d = SyncScheduler.backoff(n, 5_000, 300_000, Math.random());
      assertTrue(d >= 0 && d <= 300_000);
    }
  }
}
