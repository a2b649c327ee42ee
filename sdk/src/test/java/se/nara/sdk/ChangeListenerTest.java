package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.model.ItemState;

/** Change listeners as apps write them: they hand work to another thread, which reads. */
class ChangeListenerTest {
  @TempDir Path dir;
  @StartStop final MockWebServer server = new MockWebServer();
  final ScriptedServer script = new ScriptedServer();
  final ExecutorService ui = Executors.newSingleThreadExecutor();
  NaraClient client;

  @BeforeEach
  void signIn() throws Exception {
    server.setDispatcher(script);
    script.records.add(ScriptedServer.checklistItem("i1", "p1"));
    client = NaraClient.builder().serverUrl(server.url("/").toString()).databasePath(dir.resolve("t.db").toString()).build();
    client.login("anna", "pw".toCharArray());
    client.sync();
  }

  @AfterEach
  void close() {
    ui.shutdownNow();
    client.close();
  }

  @Test
  @DisplayName("a listener told of a two-record save (saknas and its deviation) runs after the commit: another thread reads the change")
  void aListenerOfATwoRecordSaveRunsAfterItsCommit() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    client.addChangeListener((types, patients) -> {
      // The UI thread refreshes, and the listener waits for it (runWithScissors, or a latch).
      try {
        seen.add(types + " " + ui.submit(() -> client.checklists().item("i1").state()).get(5, TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        seen.add(types + " the read waited for the writer's transaction: deadlock");
      } catch (Exception e) {
        seen.add(types + " " + e);
      }
    });

    client.checklists().setState("i1", ItemState.MISSING, "Rollatorn saknas");

    assertEquals(2, seen.size(), seen.toString());
    for (String s : seen) {
      assertTrue(s.endsWith(" MISSING"), "told once the change is committed, and readable: " + seen);
    }
  }

  @Test
  @DisplayName("a listener told that data too old was removed (maximum time offline) can wait for a sync on another thread")
  void aListenerOfAnOfflineExpiryDoesNotHoldTheSyncLock() throws Exception {
    client.close();
    MovableClock clock = new MovableClock();
    client = NaraClient.builder().serverUrl(server.url("/").toString()).databasePath(dir.resolve("t.db").toString())
        .clock(clock).maxOffline(java.time.Duration.ofHours(1)).build();
    client.sync();
    clock.advance(java.time.Duration.ofHours(2)); // the tablet lay in a drawer
    List<String> seen = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
    client.addChangeListener((types, patients) -> {
      if (!first.getAndSet(false)) {
        return; // the refresh's own pull tells this listener too
      }
      // The app's refresh: a sync on its worker thread, which the listener waits for.
      try {
        seen.add("synced " + ui.submit(() -> client.sync()).get(5, TimeUnit.SECONDS).pulled());
      } catch (TimeoutException e) {
        seen.add("the sync waited for the lock the expiry held: deadlock");
      } catch (Exception e) {
        seen.add(e.toString());
      }
    });

    client.patients().all(); // the read finds the data too old and removes it

    assertEquals(List.of("synced 1"), seen, "told after the removal, with the sync lock free");
  }
}
