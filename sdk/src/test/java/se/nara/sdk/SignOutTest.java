package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.model.ItemState;

/**
 * {@link NaraClient#signOut()} against a scripted server: what runs as whom after the sign-out,
 * with and without the server, and what a background scheduler does then.
 */
class SignOutTest {
  @TempDir Path dir;
  @StartStop final MockWebServer server = new MockWebServer();
  final ScriptedServer script = new ScriptedServer();
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
    script.release();
    client.close();
  }

  /** The calls the server got from index {@code from} on, as "path token". */
  private List<String> callsFrom(int from) {
    return new ArrayList<>(script.signed.subList(from, script.signed.size()));
  }

  @Test
  @DisplayName("a sign-out with the server down ends the local session at once; her change waits, and a scheduler"
      + " sends it under her own token once the server is back, ends her session, then stops; it never pulls as her")
  void signOutWithoutTheServerThenTheSchedulerHandsOver() throws Exception {
    client.checklists().setState("i1", ItemState.DONE, "Anna");
    script.failSyncWith = 503;
    int from = script.signed.size();

    assertFalse(client.signOut(), "her change could not be sent: it waits");
    assertNull(client.session());
    assertFalse(client.hasToken());
    NotSignedInException refused = assertThrows(NotSignedInException.class, () -> client.checklists().item("i1"));
    assertEquals("UNAUTHENTICATED", refused.code());
    assertThrows(NotSignedInException.class, () -> client.patients().all());
    assertThrows(NotSignedInException.class, () -> client.visits().today());
    assertThrows(NotSignedInException.class, () -> client.syncStateOf("i1"));
    assertThrows(NotSignedInException.class, () -> client.checklists().setState("i1", ItemState.MISSING, "någon annan"));
    assertTrue(client.syncStatus().pendingCount() >= 1, "her change still waits");

    LinkedBlockingQueue<Object[]> failures = new LinkedBlockingQueue<>();
    SyncScheduler scheduler = client.scheduler()
        .baseBackoff(20, TimeUnit.MILLISECONDS).maxBackoff(50, TimeUnit.MILLISECONDS)
        .listener(new SyncScheduler.Listener() {
          @Override
          public void onSyncFailed(SyncException error, long nextAttemptMillis) {
            failures.add(new Object[] {error, nextAttemptMillis});
          }
        })
        .build();
    try {
      scheduler.start();
      Object[] first = failures.poll(10, TimeUnit.SECONDS);
      assertTrue(first[0] instanceof ServerException, "the hand-over failed for the server: " + first[0]);
      assertTrue((Long) first[1] >= 0, "and is retried");
      script.failSyncWith = 0;
      Object[] last;
      do {
        last = failures.poll(10, TimeUnit.SECONDS);
      } while (last != null && (Long) last[1] >= 0);
      assertTrue(last != null && last[0] instanceof AuthenticationException, "it stopped: " + (last == null ? null : last[0]));
      assertEquals("UNAUTHENTICATED", ((SyncException) last[0]).code());
    } finally {
      scheduler.stop();
    }

    assertEquals(0, client.syncStatus().pendingCount(), "her change went");
    List<String> calls = callsFrom(from);
    assertTrue(calls.contains("/api/v1/sync/push tok"), calls.toString());
    assertTrue(calls.contains("/api/v1/auth/logout tok"), "her session ended on the server: " + calls);
    for (String call : calls) {
      assertTrue(call.endsWith(" tok"), "nothing goes with anyone else's token: " + calls);
      assertFalse(call.startsWith("/api/v1/sync/pull"), "nothing is pulled for nobody: " + calls);
    }
    assertTrue(calls.indexOf("/api/v1/auth/logout tok") > calls.lastIndexOf("/api/v1/sync/push tok"),
        "her session ends after her work went: " + calls);

    int after = script.signed.size();
    AuthenticationException again = assertThrows(AuthenticationException.class, client::sync);
    assertEquals("UNAUTHENTICATED", again.code());
    assertEquals(after, script.signed.size(), "once handed over, a sync while nobody is signed in calls nothing");
    assertTrue(client.signOut(), "signing out again: nothing of hers waits");
  }

  @Test
  @DisplayName("a sign-out while her sync is pulling stops that sync: it ends cancelled and nothing more is pulled as her")
  void signOutDuringASync() throws Exception {
    CompletableFuture<SyncResult> sync = script.syncHeldInPull(client); // Anna's sync is pulling
    int pulls = script.pulls.get();

    assertTrue(client.signOut(), "nothing of hers was queued; her session ended on the server");
    try {
      sync.get(10, TimeUnit.SECONDS);
      fail("her sync completed after she signed out");
    } catch (ExecutionException e) {
      assertTrue(e.getCause() instanceof SyncCancelledException, "ends as cancelled, not " + e.getCause());
    }
    script.release();
    assertEquals(pulls, script.pulls.get(), "no further pull");
    assertTrue(script.signed.contains("/api/v1/auth/logout tok"), script.signed.toString());
    assertNull(client.session());
    AuthenticationException refused = assertThrows(AuthenticationException.class, client::sync);
    assertEquals("UNAUTHENTICATED", refused.code());
  }

  @Test
  @DisplayName("after a sign-out a colleague's sign-in starts fresh, and she herself may sign in again with her queue")
  void signInAfterASignOut() throws Exception {
    client.checklists().setState("i1", ItemState.DONE, "Anna");
    script.failSyncWith = 503;
    assertFalse(client.signOut());
    script.failSyncWith = 0;
    int from = script.signed.size();
    script.annasToken = "tok-2";
    client.login("anna", "pw".toCharArray()); // herself: her queue is hers, it goes at her sync
    assertEquals("s1", client.session().staffId());
    assertTrue(client.syncStatus().pendingCount() >= 1, "her change waits for her sync");
    assertTrue(callsFrom(from).contains("/api/v1/auth/logout tok"), "the token kept aside is ended: " + callsFrom(from));
    assertEquals(ItemState.DONE, client.checklists().item("i1").state(), "she reads again");
    client.sync();
    assertTrue(callsFrom(from).contains("/api/v1/sync/push tok-2"), "her change goes with her new token: " + callsFrom(from));
    assertEquals(0, client.syncStatus().pendingCount());
  }

  @Test
  @DisplayName("a tablet signed out with her change waiting, left without the server past the maximum time offline:"
      + " its failing syncs (the scheduler's hand-over attempts) remove the pulled data as a signed-in tablet's do,"
      + " and keep her change for the hand-over")
  void aSignedOutTabletStillExpiresItsPulledData() throws Exception {
    client.close();
    script.records.add(ScriptedServer.checklistItem("i2", "p2"));
    MovableClock clock = new MovableClock();
    Path db = dir.resolve("drawer.db");
    client = NaraClient.builder().serverUrl(server.url("/").toString()).databasePath(db.toString())
        .clock(clock).maxOffline(java.time.Duration.ofHours(1)).build();
    client.login("anna", "pw".toCharArray());
    client.sync();
    client.checklists().setState("i1", ItemState.DONE, "Anna");
    script.failSyncWith = 503;
    assertFalse(client.signOut(), "her change waits");

    clock.advance(java.time.Duration.ofHours(2)); // the tablet lay in a drawer, the server out of reach
    assertThrows(ServerException.class, client::sync, "the hand-over fails again");

    assertTrue(client.syncStatus().dataExpiredAt() != null, "the pulled data was removed for being too old");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM records WHERE id = 'i2'")) {
        assertEquals(0, rs.getLong(1), "no pulled patient data is left past the maximum time offline");
      }
      try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM records WHERE id = 'i1'")) {
        assertEquals(1, rs.getLong(1), "the record her waiting change is on stays");
      }
    }
    assertTrue(client.syncStatus().pendingCount() >= 1, "her change still waits for the hand-over");

    script.failSyncWith = 0;
    AuthenticationException done = assertThrows(AuthenticationException.class, client::sync);
    assertEquals("UNAUTHENTICATED", done.code(), "handed over; nobody is signed in");
    assertEquals(0, client.syncStatus().pendingCount());
  }
}
