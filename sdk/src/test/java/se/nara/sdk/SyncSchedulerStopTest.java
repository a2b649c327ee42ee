package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler after a failure retrying cannot cure (docs/sdk-guide.md, section 6): it stops
 * until the app calls {@code start()} again, and says so.
 */
class SyncSchedulerStopTest {
  @TempDir Path dir;

  @Test
  @DisplayName("after an AuthenticationException the scheduler stops: not running, and network events do not restart it; start() does")
  void stopsUntilStartedAgain() throws Exception {
    // Not signed in: every sync fails at once with AuthenticationException, without the network.
    try (NaraClient client = NaraClient.builder().serverUrl("http://127.0.0.1:9")
        .databasePath(dir.resolve("t.db").toString()).build()) {
      LinkedBlockingQueue<Long> failures = new LinkedBlockingQueue<>();
      SyncScheduler scheduler = client.scheduler()
          .listener(new SyncScheduler.Listener() {
            @Override
            public void onSyncFailed(SyncException error, long nextAttemptMillis) {
              assertTrue(error instanceof AuthenticationException, error.toString());
              failures.add(nextAttemptMillis);
            }
          })
          .build();
      try {
        scheduler.start();
        assertEquals(-1L, failures.poll(10, TimeUnit.SECONDS), "told it stopped");
        // The listener runs on the scheduler's thread as its last step: wait for the run to end.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (scheduler.isRunning() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertFalse(scheduler.isRunning(), "a stopped scheduler does not say it runs");

        scheduler.onConnectivityRestored();
        scheduler.requestSync();
        assertEquals(null, failures.poll(500, TimeUnit.MILLISECONDS), "no sync until start() is called again");

        scheduler.start();
        assertEquals(-1L, failures.poll(10, TimeUnit.SECONDS), "start() runs it again");
      } finally {
        scheduler.stop();
      }
    }
  }
}
