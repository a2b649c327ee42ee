package se.nara.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that queue up together share a commit, yet each stands or falls alone. */
class GroupCommitTest {
  @TempDir Path dir;
  Database db;
  ExecutorService callers;

  @BeforeEach
  void open() {
    db = Database.open("jdbc:sqlite:" + dir.resolve("gc.db"));
    callers = Executors.newFixedThreadPool(24);
  }

  @AfterEach
  void close() {
    callers.shutdownNow();
    db.close();
  }

  @Test
  void eachCallerSeesOnlyItsOwnFailureAndOnlyFailedWorkIsUndone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    // The first write holds the writer until the others are queued, so they run as one batch.
    Future<Object> blocker = callers.submit(() -> db.inWriteTransaction(h -> {
      release.await(10, TimeUnit.SECONDS);
      return insert(h, "blocker");
    }));
    Thread.sleep(100);
    List<Future<Object>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String team = "team-" + i;
      boolean fails = i % 3 == 0;
      writes.add(callers.submit(() -> db.inWriteTransaction(h -> {
        insert(h, team);
        if (fails) {
          throw new IllegalArgumentException("rejected " + team);
        }
        return team;
      })));
    }
    Thread.sleep(300);
    release.countDown();
    blocker.get(10, TimeUnit.SECONDS);

    Set<String> expected = new HashSet<>(Set.of("blocker"));
    for (int i = 0; i < writes.size(); i++) {
      String team = "team-" + i;
      if (i % 3 == 0) {
        Exception e = failure(writes.get(i));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals("rejected " + team, e.getMessage(), "each caller gets its own exception");
      } else {
        assertEquals(team, writes.get(i).get(10, TimeUnit.SECONDS));
        expected.add(team);
      }
    }
    assertEquals(expected, teams(), "exactly the work that succeeded is committed");
  }

  @Test
  void whenTheSharedTransactionIsLostEveryCallerInItIsToldSo() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> blocker = callers.submit(() -> db.inWriteTransaction(h -> {
      release.await(10, TimeUnit.SECONDS);
      return insert(h, "blocker");
    }));
    Thread.sleep(100);
    Future<Object> innocent = callers.submit(() -> db.inWriteTransaction(h -> insert(h, "innocent")));
    Thread.sleep(100);
    // As SQLite does by itself on a full disk or an I/O error: the whole transaction is gone.
    Future<Object> lost = callers.submit(() -> db.inWriteTransaction(h -> {
      h.execute("ROLLBACK");
      return "lost";
    }));
    Thread.sleep(300);
    release.countDown();
    blocker.get(10, TimeUnit.SECONDS);

    assertTrue(failure(innocent) instanceof RuntimeException, "work that did not commit must not be reported saved");
    assertTrue(failure(lost) instanceof RuntimeException);
    assertEquals(Set.of("blocker"), teams(), "nothing of the lost transaction remains");
    assertEquals("after", db.inWriteTransaction(h -> insert(h, "after")), "the writer goes on");
    assertEquals(Set.of("blocker", "after"), teams());
  }

  @Test
  void aWriteInsideAWriteJoinsTheRunningTransaction() {
    Object result = db.inWriteTransaction(h -> db.inWriteTransaction(inner -> insert(inner, "nested")));
    assertEquals("nested", result);
    assertEquals(Set.of("nested"), teams());
  }

  private static Object insert(org.jdbi.v3.core.Handle h, String team) {
    h.createUpdate("INSERT INTO sparrar (patient_id, team_id, created_at) VALUES ('p', :t, 0)").bind("t", team).execute();
    return team;
  }

  private Set<String> teams() {
    return new HashSet<>(db.withReader(h -> h.createQuery("SELECT team_id FROM sparrar").mapTo(String.class).list()));
  }

  private static Exception failure(Future<?> f) throws InterruptedException {
    try {
      f.get(10, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return (Exception) e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the write never answered", e);
    }
  }

}
