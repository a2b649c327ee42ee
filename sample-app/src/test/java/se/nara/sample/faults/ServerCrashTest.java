package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server dies: it runs in its own JVM and is killed with SIGKILL at the moment a push has
 * reached it (before, during or just after the push transaction), three times, and restarted on
 * the same database each time, while four tablets keep working and syncing through a proxy.
 */
class ServerCrashTest {
  private static final long SEED = 20_261_123L;
  /**
   * When each kill lands: milliseconds after a push was forwarded to the server (0 = at once,
   * before the server can read it; a few ms = typically inside the push transaction), or -1 =
   * after the server answered, with the answer lost.
   */
  private static final long[] KILL_DELAYS_MS = {0, 4, 15, -1};

  private static final int KILLS = KILL_DELAYS_MS.length;

  @TempDir Path dir;
  ChildJvm server;
  FaultProxy proxy;
  final List<Tablet> tablets = new ArrayList<>();

  @AfterEach
  void stop() {
    tablets.forEach(Tablet::close);
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private int startServer() throws Exception {
    server = ChildJvm.start(ServerMain.class, Path.of("target", "faults", "server-crash-server.log"), dir.resolve("server").toString());
    return Integer.parseInt(server.await("NARA-READY ", 120).substring("NARA-READY ".length()).trim());
  }

  @Test
  void aServerKilledDuringPushesLosesAndDuplicatesNothing() throws Exception {
    proxy = new FaultProxy(startServer());
    List<String> users = Servers.teamUsers();
    for (int i = 0; i < 4; i++) {
      tablets.add(new Tablet("srv-" + i, users.get(i % users.size()), dir.resolve("srv-" + i + ".db"), proxy.url(), SEED + i, null));
    }

    AtomicBoolean killsDone = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(tablets.size());
    ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
    List<Future<?>> work = new ArrayList<>();
    for (Tablet t : tablets) {
      work.add(
          pool.submit(
              () -> {
                t.login();
                t.syncUntilDone();
                Random own = new Random(SEED * 17 + t.name.hashCode());
                // work until the kills are over, and at least a few rounds
                for (int round = 0; round < 4 || (!killsDone.get() && round < 200); round++) {
                  // now and then a long offline stretch: a big batch, a longer push transaction
                  t.workload.changes(own.nextInt(4) == 0 ? 15 + own.nextInt(15) : 1 + own.nextInt(4));
                  t.syncUntilDone();
                }
                return null;
              }));
    }

    List<String> inFlight = new ArrayList<>();
    List<Long> killedAt = new ArrayList<>();
    try {
      for (int kill = 0; kill < KILLS; kill++) {
        CountDownLatch killed = new CountDownLatch(1);
        AtomicReference<String> body = new AtomicReference<>();
        AtomicBoolean armed = new AtomicBoolean(true);
        AtomicReference<Long> at = new AtomicReference<>();
        ChildJvm victim = server;
        long delayMillis = KILL_DELAYS_MS[kill];
        Runnable killNow =
            () -> {
              at.set(System.currentTimeMillis());
              victim.killNow();
              killed.countDown();
            };
        if (delayMillis < 0) {
          // the server commits the push and answers; it dies and the answer never reaches the tablet
          AtomicReference<Integer> chosen = new AtomicReference<>();
          proxy.plan(
              e -> {
                if (e.isPush() && armed.compareAndSet(true, false)) {
                  chosen.set(e.index);
                  return FaultProxy.Fault.DROP_AFTER_REQUEST;
                }
                return FaultProxy.Fault.PASS;
              });
          proxy.onAnswered(
              e -> {
                if (Integer.valueOf(e.index).equals(chosen.get())) {
                  body.set(e.requestText());
                  killNow.run();
                }
              });
        } else {
          // SIGKILL the moment the push is on its way into the server, or a few milliseconds later
          proxy.onForwarded(
              e -> {
                if (e.isPush() && armed.compareAndSet(true, false)) {
                  body.set(e.requestText());
                  if (delayMillis == 0) {
                    killNow.run();
                  } else {
                    killer.schedule(killNow, delayMillis, TimeUnit.MILLISECONDS);
                  }
                }
              });
        }
        assertTrue(killed.await(120, TimeUnit.SECONDS), "a push reached the server to be killed during");
        assertEquals(137, victim.kill(), "the server died of SIGKILL");
        proxy.clearListeners();
        proxy.plan(e -> FaultProxy.Fault.PASS);
        inFlight.add(body.get());
        killedAt.add(at.get());
        proxy.upstream(startServer());
        // before the next kill, wait until the restarted server has answered a push
        CountDownLatch answered = new CountDownLatch(1);
        proxy.onAnswered(
            e -> {
              if (e.isPush() && e.status == 200) {
                answered.countDown();
              }
            });
        assertTrue(answered.await(120, TimeUnit.SECONDS), "the restarted server answers pushes");
        proxy.clearListeners();
      }
      killsDone.set(true);
      for (Future<?> f : work) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      killsDone.set(true);
      pool.shutdownNow();
      killer.shutdownNow();
    }

    for (int round = 0; round < 2; round++) {
      for (Tablet t : tablets) {
        t.syncUntilDone();
      }
    }
    Path database = Servers.databaseFile(dir.resolve("server"));
    int committed = 0;
    int rolledBack = 0;
    try (Connection c = Invariants.open(database)) {
      for (int i = 0; i < inFlight.size(); i++) {
        JsonObject request = JsonParser.parseString(inFlight.get(i)).getAsJsonObject();
        JsonElement first = request.getAsJsonArray("mutations").get(0);
        // Did the killed server commit the push it died on? Its answer carries the time the
        // transaction began; a successor's answer (to the tablet's retry) comes after the kill.
        try (PreparedStatement ps =
            c.prepareStatement("SELECT received_at FROM mutation_log WHERE device_id = ? AND mutation_id = ?")) {
          ps.setString(1, request.get("deviceId").getAsString());
          ps.setLong(2, first.getAsJsonObject().get("mutationId").getAsLong());
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "the push the server died on was applied after all");
            if (rs.getLong(1) <= killedAt.get(i)) {
              committed++;
            } else {
              rolledBack++;
            }
          }
        }
      }
    }
    Invariants.Counts counts = Invariants.check(database, tablets.stream().map(Tablet::ref).toList());
    int failedSyncs = tablets.stream().mapToInt(t -> t.failedSyncs).sum();
    ReliabilityReport.record(
        "server SIGKILL during pushes",
        counts,
        KILLS + " SIGKILLs of the server JVM with a push in flight (committed before the kill: " + committed
            + ", rolled back: " + rolledBack + "), restarts on the same database; failed syncs retried: " + failedSyncs);
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
    assertEquals(KILLS, committed + rolledBack);
  }
}
