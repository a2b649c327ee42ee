package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's lifecycle as an app drives it: {@code close()} while a sync or a background
 * schedule runs. A scripted server holds a pull, so each test knows the sync is in flight.
 */
class ClientLifecycleTest {
  @TempDir Path dir;
  @StartStop final MockWebServer server = new MockWebServer();
  final ScriptedServer script = new ScriptedServer();
  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  NaraClient client;

  @BeforeEach
  void signIn() throws Exception {
    server.setDispatcher(script);
    SqliteConnectionProvider file = SqliteConnectionProvider.file(dir.resolve("t.db").toString());
    // Counts the connections the SDK opens and closes.
    SqliteConnectionProvider counting =
        () -> {
          Connection real = file.open();
          opened.incrementAndGet();
          return (Connection) Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close") && !real.isClosed()) {
                  closed.incrementAndGet();
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
        };
    client = NaraClient.builder().serverUrl(server.url("/").toString()).storage(counting).build();
    client.login("anna", "pw".toCharArray());
    client.sync();
  }

  @AfterEach
  void release() {
    script.release();
    client.close();
  }

  @Test
  @DisplayName("close() during a sync stops the sync, and the closed client never opens the database again")
  void closeDuringASync() throws Exception {
    script.holdPulls();
    CompletableFuture<SyncResult> sync = CompletableFuture.supplyAsync(() -> {
      try {
        return client.sync();
      } catch (SyncException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    assertTrue(script.pullArrived.await(10, TimeUnit.SECONDS), "the sync is pulling");

    client.close();
    script.release(); // had close() not stopped it, the sync now goes on with the server's answer

    try {
      sync.get(10, TimeUnit.SECONDS);
      fail("the sync went on after close()");
    } catch (ExecutionException e) {
      assertTrue(e.getCause() instanceof SyncCancelledException, "ends as cancelled, not " + e.getCause());
    }
    assertThrows(IllegalStateException.class, client::syncStatus, "a closed client is closed");
    assertThrows(IllegalStateException.class, client::syncStatus, "and stays closed");
    assertEquals(opened.get(), closed.get(), "every connection the client opened is closed (opened " + opened + ")");
  }

  @Test
  @DisplayName("close() stops the client's background scheduler: no thread keeps syncing a closed client")
  void closeStopsTheScheduler() throws Exception {
    java.util.concurrent.CountDownLatch synced = new java.util.concurrent.CountDownLatch(1);
    SyncScheduler scheduler = client.scheduler()
        .listener(new SyncScheduler.Listener() {
          @Override
          public void onSyncSucceeded(SyncResult result) {
            synced.countDown();
          }
        })
        .build();
    scheduler.start();
    assertTrue(synced.await(10, TimeUnit.SECONDS), "the scheduler synced");
    client.close();
    assertFalse(scheduler.isRunning(), "the scheduler of a closed client does not run");
    assertThrows(IllegalStateException.class, scheduler::start, "nor starts again");
    assertEquals(opened.get(), closed.get(), "every connection the client opened is closed");
  }

  @Test
  @DisplayName("another team's user signing in while the previous user's pull is in flight aborts that pull; the sync ends cancelled")
  void aSignInAbortsThePreviousUsersSyncInFlight() throws Exception {
    CompletableFuture<SyncResult> sync = script.syncHeldInPull(client); // Anna's sync is pulling

    client.login("erik", "pw".toCharArray());

    Throwable ended = null;
    boolean abortedBySignIn;
    try {
      sync.get(10, TimeUnit.SECONDS);
      fail("the previous user's sync completed after another user signed in");
      return;
    } catch (java.util.concurrent.TimeoutException stillPulling) {
      abortedBySignIn = false;
    } catch (ExecutionException e) {
      abortedBySignIn = true;
      ended = e.getCause();
    }
    if (!abortedBySignIn) {
      script.release(); // the server answers the held pull (503): the sync meets it after the switch
      try {
        sync.get(10, TimeUnit.SECONDS);
        fail("the previous user's sync completed after another user signed in");
      } catch (ExecutionException e) {
        ended = e.getCause();
      }
    }
    assertTrue(ended instanceof SyncCancelledException, "ends as cancelled, as login()'s Javadoc says, not " + ended);
    assertTrue(abortedBySignIn, "the sign-in aborted the pull in flight, not only its next step");
    assertEquals("s2", client.session().staffId());
    assertTrue(client.hasToken(), "Erik stays signed in");
  }
}
