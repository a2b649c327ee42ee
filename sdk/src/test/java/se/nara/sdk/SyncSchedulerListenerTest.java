package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background scheduler's listener is the app's code: when it throws (a screen that is gone),
 * the schedule goes on.
 */
class SyncSchedulerListenerTest {
  @TempDir Path dir;
  @StartStop final MockWebServer server = new MockWebServer();
  final ScriptedServer script = new ScriptedServer();
  NaraClient client;

  @BeforeEach
  void signIn() throws Exception {
    server.setDispatcher(script);
    client = NaraClient.builder().serverUrl(server.url("/").toString()).databasePath(dir.resolve("t.db").toString()).build();
    client.login("anna", "pw".toCharArray());
    client.sync();
  }

  @AfterEach
  void close() {
    script.release();
    client.close();
  }

  @Test
  @DisplayName("a listener that throws in onSyncFailed does not end the retries")
  void aThrowingListenerDoesNotEndTheRetries() throws Exception {
    script.failSyncWith = 503; // retryable: ServerException
    CountDownLatch twoFailures = new CountDownLatch(2);
    SyncScheduler scheduler = client.scheduler()
        .baseBackoff(1, TimeUnit.MILLISECONDS)
        .maxBackoff(2, TimeUnit.MILLISECONDS)
        .listener(new SyncScheduler.Listener() {
          @Override
          public void onSyncFailed(SyncException error, long nextAttemptMillis) {
            twoFailures.countDown();
            throw new IllegalStateException("the activity that showed it is gone");
          }
        })
        .build();
    scheduler.start();
    try {
      assertTrue(twoFailures.await(10, TimeUnit.SECONDS), "retried after the listener threw");
      assertTrue(scheduler.isRunning());
    } finally {
      scheduler.stop();
    }
  }
}
