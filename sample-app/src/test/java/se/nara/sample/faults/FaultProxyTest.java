package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sample.faults.FaultProxy.Fault;
import se.nara.server.NaraServer;

/** Each fault of the proxy does what it claims, seen from both the tablet and the server. */
class FaultProxyTest {
  @TempDir Path dir;
  NaraServer server;
  FaultProxy proxy;
  Tablet tablet;

  @AfterEach
  void stop() {
    if (tablet != null) {
      tablet.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private long logged() {
    return server.database().withReader(h -> h.createQuery("SELECT COUNT(*) FROM mutation_log WHERE device_id = :d AND entity_type <> 'audit_entry'")
        .bind("d", tablet.client.deviceId()).mapTo(Long.class).one());
  }

  private String cursor() throws java.sql.SQLException {
    try (java.sql.Connection c = Invariants.open(tablet.database);
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'cursor'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The next push (and, if OkHttp retries it on its own, its retries) gets {@code fault}. */
  private AtomicInteger pushesGet(Fault fault) {
    AtomicInteger seen = new AtomicInteger();
    proxy.plan(e -> {
      if (e.isPush()) {
        seen.incrementAndGet();
        return fault;
      }
      return Fault.PASS;
    });
    return seen;
  }

  @Test
  void eachFaultBreaksTheExchangeWhereItSays() throws Exception {
    server = Servers.inProcess(dir.resolve("server"));
    proxy = new FaultProxy(server.port());
    tablet = new Tablet("proxy", Servers.teamUsers().get(0), dir.resolve("proxy.db"), proxy.url(), 3, null);
    tablet.login();
    tablet.syncUntilDone();

    // before the request: the server never sees it
    for (Fault f : new Fault[] {Fault.DROP_BEFORE_REQUEST, Fault.RESET_BEFORE_REQUEST}) {
      tablet.workload.visit();
      long before = logged();
      AtomicInteger seen = pushesGet(f);
      assertFalse(tablet.trySync(), f + ": the tablet sees a network failure");
      assertTrue(seen.get() >= 1);
      assertEquals(before, logged(), f + ": the server never got the push");
      assertEquals(1, tablet.client.syncStatus().pendingCount());
      proxy.plan(e -> Fault.PASS);
      tablet.syncUntilDone();
    }

    // after the request, or in the middle of the answer: the server applied it, the tablet does not know
    for (Fault f : new Fault[] {Fault.DROP_AFTER_REQUEST, Fault.RESET_AFTER_REQUEST, Fault.DROP_MID_RESPONSE}) {
      tablet.workload.visit();
      long before = logged();
      pushesGet(f);
      assertFalse(tablet.trySync(), f + ": the tablet sees a network failure");
      assertEquals(before + 1, logged(), f + ": the server applied the push");
      assertEquals(1, tablet.client.syncStatus().pendingCount(), f + ": the tablet still has it queued");
      proxy.plan(e -> Fault.PASS);
      tablet.syncUntilDone();
      assertEquals(before + 1, logged(), f + ": the resend was answered from the log");
    }

    // a pull cut in the middle of its answer leaves the cursor where it was
    tablet.workload.visit();
    tablet.syncUntilDone();
    String cursor = cursor();
    tablet.workload.visit();
    proxy.plan(e -> e.isPull() ? Fault.DROP_MID_RESPONSE : Fault.PASS);
    assertFalse(tablet.trySync(), "a truncated page is a network failure");
    assertEquals(cursor, cursor(), "the truncated page moved nothing");
    proxy.plan(e -> Fault.PASS);
    tablet.syncUntilDone();
    assertTrue(Invariants.cursorPosition(cursor()) > Invariants.cursorPosition(cursor), "the next pull moves on");

    // a duplicate reaches the server twice and is answered like the first
    tablet.workload.visit();
    long before = logged();
    AtomicInteger forwarded = new AtomicInteger();
    proxy.onForwarded(e -> { if (e.isPush()) forwarded.incrementAndGet(); });
    pushesGet(Fault.DUPLICATE);
    assertTrue(tablet.trySync());
    assertEquals(2, forwarded.get(), "the push went to the server twice");
    assertEquals(before + 1, logged());
    assertEquals(0, tablet.client.syncStatus().pendingCount());

    // a delay only delays
    proxy.clearListeners();
    tablet.workload.visit();
    pushesGet(Fault.DELAY);
    assertTrue(tablet.trySync());
    assertEquals(0, tablet.client.syncStatus().pendingCount());

    Invariants.Counts counts = Invariants.check(Servers.databaseFile(dir.resolve("server")), java.util.List.of(tablet.ref()));
    assertTrue(counts.clean(), counts.toString());
  }
}
