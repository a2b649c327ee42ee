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
  @Test
  @DisplayName("a sign-out tells the listeners, after its commit and before the hand-over's network calls: a screen"
      + " that reads to refresh is refused and shows the sign-in screen")
  void aSignOutTellsTheListeners() throws Exception {
    client.checklists().setState("i1", ItemState.DONE, "Anna"); // queued: the sign-out hands it over
    script.failSyncWith = 503; // and that hand-over fails: the tablet is at a patient's home
    int calls = script.signed.size();
    List<String> seen = new CopyOnWriteArrayList<>();
    client.addChangeListener((types, patients) -> {
      // The UI thread refreshes the checklist screen, and the listener waits for it.
      try {
        seen.add((script.signed.size() - calls) + " calls, " + types.contains("checklist_item") + " " + patients + " "
            + ui.submit(() -> {
          try {
            return "read " + client.checklists().item("i1").state();
          } catch (NotSignedInException e) {
            return "refused " + e.code() + ", session " + client.session();
          }
        }).get(5, TimeUnit.SECONDS));
      } catch (TimeoutException e) {
        seen.add("the read waited for the sign-out: deadlock");
      } catch (Exception e) {
        seen.add(e.toString());
      }
    });

    boolean allSent = client.signOut();

    org.junit.jupiter.api.Assertions.assertFalse(allSent, "her change waits for a later hand-over");
    assertEquals(List.of("0 calls, true [p1] refused UNAUTHENTICATED, session null"), seen,
        "told once, with every type and her patients, after the sign-out was committed and before any network call");
    assertTrue(script.signed.size() > calls, "the hand-over was tried after the listeners were told");
  }

  @Test
  @DisplayName("a revoked tablet's wipe tells the listeners, so a screen still showing its patients clears")
  void aWipeAfterRevocationTellsTheListeners() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    client.addChangeListener((types, patients) -> seen.add(types.contains("checklist_item") + " " + patients));
    script.failSyncWith = 401;
    script.failSyncCode = "DEVICE_REVOKED";

    SyncException e = org.junit.jupiter.api.Assertions.assertThrows(SyncException.class, client::sync);

    assertEquals("DEVICE_REVOKED", e.code());
    assertEquals(List.of("true [p1]"), seen, "told once, with every type and the patients the tablet held");
  }

  @Test
  @DisplayName("discarding a refused change tells the listeners: the screen showing the refused value refreshes")
  void discardingARefusedChangeTellsTheListeners() throws Exception {
    script.rejectPushes = true;
    client.checklists().setState("i1", ItemState.DONE, "Anna");
    client.sync();
    List<RejectedChange> refused = client.syncStatus().rejected();
    assertEquals(1, refused.size(), "the server refused the change");
    List<String> seen = new CopyOnWriteArrayList<>();
    client.addChangeListener((types, patients) -> seen.add(types + " " + patients + " "
        + client.checklists().item("i1").state()));

    assertTrue(client.discardRejected(refused.get(0).mutationId()));

    assertEquals(List.of("[checklist_item] [p1] " + client.checklists().item("i1").state()), seen,
        "told once, after the discard, of the record's type and patient");
    org.junit.jupiter.api.Assertions.assertNotEquals(ItemState.DONE, client.checklists().item("i1").state(),
        "the refused value is gone from the view");
  }
}
