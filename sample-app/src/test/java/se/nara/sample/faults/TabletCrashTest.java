package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.server.NaraServer;

/**
 * The OS kills the app mid-sync: a tablet runs in its own JVM and is killed with SIGKILL at four
 * different moments of a sync, and restarted on its own database each time, while a second
 * tablet edits the same medication lines. The moments: after the server applied a push but
 * before the tablet got the answer; while a pull is on its way; right after a push answer was
 * delivered (while the SDK records it); and the instant a sync starts.
 */
class TabletCrashTest {
  private static final long SEED = 4_711L;

  enum KillAt {
    PUSH_APPLIED_ANSWER_UNSEEN,
    PULL_IN_FLIGHT,
    PUSH_ANSWER_DELIVERED,
    SYNC_START
  }

  @TempDir Path dir;
  NaraServer server;
  FaultProxy proxy;
  ChildJvm child;
  Tablet other;

  @AfterEach
  void stop() {
    if (child != null) {
      child.close();
    }
    if (other != null) {
      other.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aTabletKilledMidSyncLosesAndDuplicatesNothing() throws Exception {
    server = Servers.inProcess(dir.resolve("server"));
    proxy = new FaultProxy(server.port());
    List<String> users = Servers.teamUsers();
    Path childDb = dir.resolve("child.db");
    Path ledgerFile = dir.resolve("child.ledger");
    Path serverDb = Servers.databaseFile(dir.resolve("server"));

    other = new Tablet("other", users.get(1), dir.resolve("other.db"), server.url(), SEED + 1, null);
    other.login();
    other.syncUntilDone();
    AtomicBoolean childDone = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> otherWork =
        pool.submit(
            () -> {
              Random own = new Random(SEED);
              for (int round = 0; round < 3 || (!childDone.get() && round < 40); round++) {
                other.workload.changes(1 + own.nextInt(3));
                other.syncUntilDone();
              }
              return null;
            });

    int run = 0;
    int applyBeforeKill = 0;
    try {
      for (KillAt moment : KillAt.values()) {
        child = startChild(childDb, users.get(0), ledgerFile, ++run);
        CountDownLatch killed = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(true);
        AtomicReference<String> pushBody = new AtomicReference<>();
        ChildJvm victim = child;
        Consumer<FaultProxy.Exchange> kill =
            e -> {
              if (armed.compareAndSet(true, false)) {
                victim.killNow();
                pushBody.set(e.isPush() ? e.requestText() : null);
                killed.countDown();
              }
            };
        switch (moment) {
          case PUSH_APPLIED_ANSWER_UNSEEN:
            proxy.onAnswered(e -> { if (e.isPush() && e.status == 200) kill.accept(e); });
            break;
          case PULL_IN_FLIGHT:
            proxy.onForwarded(e -> { if (e.isPull()) kill.accept(e); });
            break;
          case PUSH_ANSWER_DELIVERED:
            proxy.onDelivered(e -> { if (e.isPush() && e.status == 200) kill.accept(e); });
            break;
          case SYNC_START:
            victim.await("SYNC 1", 120);
            kill.accept(new FaultProxy.Exchange(0, "-", "-", new byte[0]));
            break;
          default:
            throw new AssertionError(moment);
        }
        assertTrue(killed.await(120, TimeUnit.SECONDS), moment + ": the kill happened");
        assertEquals(137, victim.kill(), moment + ": the tablet died of SIGKILL");
        proxy.clearListeners();
        if (moment == KillAt.PUSH_APPLIED_ANSWER_UNSEEN) {
          // the server has the push; the tablet never learned it: it must resend, and the
          // server must answer the resend from its log without applying anything twice
          JsonObject push = JsonParser.parseString(pushBody.get()).getAsJsonObject();
          long first = push.getAsJsonArray("mutations").get(0).getAsJsonObject().get("mutationId").getAsLong();
          String device = push.get("deviceId").getAsString();
          applyBeforeKill =
              server.database().withReader(h -> h.createQuery(
                      "SELECT COUNT(*) FROM mutation_log WHERE device_id = :d AND mutation_id = :m")
                  .bind("d", device).bind("m", first).mapTo(Integer.class).one());
          assertEquals(1, applyBeforeKill, "the server applied the push before the tablet died");
        }
      }
      // the last run goes to the end undisturbed
      child = startChild(childDb, users.get(0), ledgerFile, ++run);
      child.await("DONE", 240);
      assertEquals(0, child.waitFor(60), "the restarted tablet finished its work");
      childDone.set(true);
      otherWork.get(5, TimeUnit.MINUTES);
    } finally {
      childDone.set(true);
      pool.shutdownNow();
    }

    // final syncs: the child's database in this JVM (no new changes), the other tablet again
    Ledger childLedger = new Ledger(ledgerFile);
    try (Tablet reopened = new Tablet("child", users.get(0), childDb, server.url(), SEED, null, childLedger, "final")) {
      reopened.syncUntilDone();
      other.syncUntilDone();
      reopened.syncUntilDone();
    }
    int kills = KillAt.values().length;
    Invariants.Counts counts =
        Invariants.check(
            serverDb,
            List.of(
                new Invariants.TabletRef("child", childDb, Ledger.read(ledgerFile), kills),
                other.ref()));
    ReliabilityReport.record(
        "tablet SIGKILL mid-sync",
        counts,
        kills + " SIGKILLs of the tablet JVM (push applied but answer unseen, pull in flight, push answer just"
            + " delivered, sync start), " + run + " tablet starts on the same database");
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
    assertTrue(Ledger.read(ledgerFile).size() > 10, "the killed tablet made changes across its runs");
  }

  private ChildJvm startChild(Path database, String username, Path ledger, int run) throws Exception {
    return ChildJvm.start(
        TabletMain.class,
        Path.of("target", "faults", "tablet-crash-child.log"),
        proxy.url(),
        database.toString(),
        username,
        ledger.toString(),
        Long.toString(SEED * 100 + run),
        "12",
        "3",
        "child-r" + run);
  }
}
