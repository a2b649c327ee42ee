package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sample.faults.FaultProxy.Fault;
import se.nara.server.NaraServer;

/**
 * Tablets in lifts and cellars: four tablets sync through a proxy that breaks a large share of
 * all exchanges (drops before the request, after it was processed, in the middle of the answer,
 * resets, delays and double deliveries), concurrently, for several rounds of offline work.
 */
class NetworkFaultsTest {
  private static final long SEED = 8_2026L;
  private static final int ROUNDS = 10;

  @TempDir Path dir;
  NaraServer server;
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

  @Test
  void everyChangeArrivesExactlyOnceThroughABrokenNetwork() throws Exception {
    server = Servers.inProcess(dir.resolve("server"));
    proxy = new FaultProxy(server.port());
    proxy.delayMillis = 150;
    Random random = new Random(SEED);
    Fault[] faults = Fault.values();
    AtomicInteger pushAnswersLost = new AtomicInteger();
    proxy.plan(
        exchange -> {
          Fault f;
          synchronized (random) {
            // about half of all exchanges fail in some way
            f = random.nextBoolean() ? Fault.PASS : faults[1 + random.nextInt(faults.length - 1)];
          }
          if (exchange.isPush()
              && (f == Fault.DROP_AFTER_REQUEST || f == Fault.RESET_AFTER_REQUEST || f == Fault.DROP_MID_RESPONSE)) {
            pushAnswersLost.incrementAndGet();
          }
          return f;
        });

    List<String> users = Servers.teamUsers();
    for (int i = 0; i < 4; i++) {
      Tablet t = new Tablet("net-" + i, users.get(i % users.size()), dir.resolve("net-" + i + ".db"), proxy.url(), SEED + i, null);
      tablets.add(t);
    }
    ExecutorService pool = Executors.newFixedThreadPool(tablets.size());
    try {
      List<Future<?>> work = new ArrayList<>();
      for (Tablet t : tablets) {
        work.add(
            pool.submit(
                () -> {
                  t.login();
                  t.syncUntilDone();
                  Random own = new Random(SEED * 31 + t.name.hashCode());
                  for (int round = 0; round < ROUNDS; round++) {
                    t.workload.changes(1 + own.nextInt(6));
                    t.syncUntilDone();
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    // the network heals; two rounds so everyone also pulls the others' last changes
    Map<Fault, Integer> injected = proxy.injected();
    proxy.plan(e -> Fault.PASS);
    for (int round = 0; round < 2; round++) {
      for (Tablet t : tablets) {
        t.syncUntilDone();
      }
    }

    Invariants.Counts counts =
        Invariants.check(Servers.databaseFile(dir.resolve("server")), tablets.stream().map(Tablet::ref).toList());
    int failedSyncs = tablets.stream().mapToInt(t -> t.failedSyncs).sum();
    ReliabilityReport.record(
        "network faults (proxy)",
        counts,
        injected.toString().replace("=", ": ") + "; push answers lost: " + pushAnswersLost + "; failed syncs retried: " + failedSyncs);
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
    assertTrue(counts.attempted >= tablets.size() * ROUNDS, "the tablets made changes: " + counts);
    for (Fault f : Fault.values()) {
      assertTrue(injected.get(f) > 0, "every kind of fault was injected at least once: " + injected);
    }
    assertTrue(pushAnswersLost.get() > 0, "some pushes were processed by the server but their answers lost");
  }
}
