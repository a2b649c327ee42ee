package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.ServerException;
import se.nara.sdk.SyncException;
import se.nara.server.NaraServer;
import se.nara.server.ServerConfig;

/**
 * The server answers only a few pull pages at once (the pull gate); the rest wait their turn and,
 * after waiting too long, are told to come back. Here over real HTTP with real SDK tablets making
 * their first sync at the same moment, as a team does at shift start.
 */
class PullGateUnderLoadTest {
  static final int TABLETS = 12;
  static final String[] NURSES = {"anna.ssk", "erik.ssk"};

  @TempDir Path dir;
  NaraServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private NaraServer start(ServerConfig config) {
    return DemoServer.start(dir, config);
  }

  /** What one tablet of {@code user} holds after a first sync made alone: the reference. */
  private int patientsAfterAQuietSync(String user) throws Exception {
    try (NaraClient nara = client("quiet-" + user)) {
      nara.login(user, "demo".toCharArray());
      nara.sync();
      return nara.patients().all().size();
    }
  }

  private NaraClient client(String name) {
    return NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve(name + ".db").toString()).build();
  }

  /**
   * {@code TABLETS} tablets log in, then all start their first sync at once; a tablet told the
   * server is busy retries after a short pause, as the SDK's scheduler would (with backoff).
   * Returns the busy answers seen; every tablet must end with the reference data.
   */
  private int firstSyncsAtOnce() throws Exception {
    int[] expected = {patientsAfterAQuietSync(NURSES[0]), patientsAfterAQuietSync(NURSES[1])};
    assertTrue(expected[0] > 0 && expected[1] > 0, "the demo data gives both nurses patients");
    List<NaraClient> tablets = new ArrayList<>();
    AtomicInteger busy = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(TABLETS);
    try {
      for (int k = 0; k < TABLETS; k++) {
        NaraClient nara = client("tablet-" + k);
        tablets.add(nara);
        nara.login(NURSES[k % 2], "demo".toCharArray());
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> done = new ArrayList<>();
      for (NaraClient nara : tablets) {
        done.add(pool.submit(() -> {
          go.await();
          for (int attempt = 1; ; attempt++) {
            try {
              nara.sync();
              return nara.patients().all().size();
            } catch (ServerException e) {
              assertEquals(503, e.httpStatus(), e.getMessage());
              assertEquals("UNAVAILABLE", e.code(), "a busy server answers with the stable code, as JSON");
              assertTrue(e.isRetryable());
              busy.incrementAndGet();
              if (attempt == 200) {
                throw e;
              }
              Thread.sleep(20);
            } catch (SyncException e) {
              throw new AssertionError("only 'busy' may fail a sync here: " + e, e);
            }
          }
        }));
      }
      go.countDown();
      for (int k = 0; k < TABLETS; k++) {
        assertEquals(expected[k % 2], done.get(k).get(120, TimeUnit.SECONDS),
            "tablet " + k + " holds all of its team's patients, once each");
      }
    } finally {
      pool.shutdownNow();
      for (NaraClient nara : tablets) {
        nara.close();
      }
    }
    return busy.get();
  }

  @Test
  void withTheDeploymentGateTabletsPastTheLimitWaitTheirTurnAndNoneIsTurnedAway() throws Exception {
    ServerConfig deployment = ServerConfig.defaults();
    assertEquals(Duration.ofSeconds(30), deployment.pullWait());
    assertTrue(deployment.pullConcurrency() < TABLETS, "more tablets than turns, so some must wait");
    server = start(deployment);
    assertEquals(0, firstSyncsAtOnce(), "within 30 s of waiting every pull got its turn");
  }

  @Test
  void aPullThatCannotWaitIsToldToComeBackAndTheRetryCompletesTheSync() throws Exception {
    server = start(ServerConfig.defaults().withPullGate(1, Duration.ZERO));
    assertTrue(firstSyncsAtOnce() > 0, "with one turn and no waiting, some of twelve tablets found the server busy");
  }
}
