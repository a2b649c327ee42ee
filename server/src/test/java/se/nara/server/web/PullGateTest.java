package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.server.ApiException;

class PullGateTest {

  @Test
  void noMoreThanTheLimitRunAtOnceAndTheRestWaitTheirTurn() throws Exception {
    PullGate gate = new PullGate(2, 10_000);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Future<?>[] pulls = new Future<?>[8];
      for (int i = 0; i < pulls.length; i++) {
        pulls[i] = pool.submit(() -> gate.call(() -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(30);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return running.decrementAndGet();
        }));
      }
      for (Future<?> pull : pulls) {
        pull.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, most.get(), "at most two at once, and the gate did let two through together");
  }

  @Test
  void aPullThatWaitsTooLongIsToldTheServerIsBusyAndAFailedPullFreesItsTurn() throws Exception {
    PullGate gate = new PullGate(1, 100);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> slow = pool.submit(() -> gate.call(() -> {
        holding.countDown();
        try {
          return release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }));
      assertTrue(holding.await(10, TimeUnit.SECONDS));
      ApiException busy = assertThrows(ApiException.class, () -> gate.call(() -> "page"));
      assertEquals(ErrorCode.UNAVAILABLE, busy.code());
      assertEquals(503, busy.code().httpStatus());
      release.countDown();
      slow.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThrows(IllegalStateException.class, () -> gate.call(() -> {
      throw new IllegalStateException("the page failed");
    }));
    assertEquals("page", gate.call(() -> "page"), "the failed pull gave its turn back, and a pull's page comes back");
  }
}
