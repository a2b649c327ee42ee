package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.server.NaraServer;

/**
 * Concurrent writers: many tablets pushing while others pull, through two server instances on
 * one database file; and the classic cursor bug, attempted on purpose: a write transaction that
 * holds a lower sequence and commits after a higher one, with a pull in between.
 */
class ConcurrencyTest {
  @TempDir Path dir;
  final List<NaraServer> servers = new ArrayList<>();
  final List<Tablet> tablets = new ArrayList<>();
  FaultProxy proxy;

  @AfterEach
  void stop() {
    tablets.forEach(Tablet::close);
    if (proxy != null) {
      proxy.close();
    }
    servers.forEach(NaraServer::close);
  }

  private Tablet tablet(String name, String user, String url) throws Exception {
    Tablet t = new Tablet(name, user, dir.resolve(name + ".db"), url, name.hashCode(), null);
    tablets.add(t);
    t.login();
    t.syncUntilDone();
    return t;
  }

  @Test
  void manyTabletsPushWhileOthersPullThroughTwoServersOnOneDatabase() throws Exception {
    Path data = dir.resolve("server");
    servers.add(Servers.inProcess(data));
    servers.add(Servers.inProcess(data)); // a second server process on the same database file
    List<String> users = Servers.teamUsers();
    List<Tablet> writers = new ArrayList<>();
    List<Tablet> readers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      writers.add(tablet("writer-" + i, users.get(i % users.size()), servers.get(i % 2).url()));
    }
    for (int i = 0; i < 3; i++) {
      readers.add(tablet("reader-" + i, users.get((i + 2) % users.size()), servers.get((i + 1) % 2).url()));
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger pulls = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers.size() + readers.size());
    try {
      List<Future<?>> work = new ArrayList<>();
      for (Tablet w : writers) {
        work.add(
            pool.submit(
                () -> {
                  Random own = new Random(w.name.hashCode());
                  for (int round = 0; round < 5; round++) {
                    w.workload.changes(1 + own.nextInt(5));
                    w.syncUntilDone();
                  }
                  return null;
                }));
      }
      List<Future<?>> reading = new ArrayList<>();
      for (Tablet r : readers) {
        reading.add(
            pool.submit(
                () -> {
                  // pull, incrementally from the stored cursor, as fast as possible while others write
                  while (writing.get()) {
                    if (r.trySync()) {
                      pulls.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(5, TimeUnit.MINUTES);
      }
      writing.set(false);
      for (Future<?> f : reading) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
    // one more incremental sync each: a row skipped by a cursor would never come now
    for (Tablet t : writers) {
      t.syncUntilDone();
    }
    for (Tablet t : tablets) {
      t.syncUntilDone();
    }
    Invariants.Counts counts = Invariants.check(Servers.databaseFile(data), tablets.stream().map(Tablet::ref).toList());
    ReliabilityReport.record(
        "concurrent pushes and pulls",
        counts,
        "6 tablets pushing and 3 pulling in a loop (" + pulls + " pulls during the pushes), across 2 server"
            + " instances on one SQLite file");
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
    assertTrue(pulls.get() > readers.size(), "the readers pulled while the writers pushed: " + pulls);
  }

  @Test
  void aRowHoldingALowerSequenceCanNeverCommitAfterAPullHasPassedIt() throws Exception {
    Path data = dir.resolve("server");
    NaraServer server = Servers.inProcess(data);
    servers.add(server);
    proxy = new FaultProxy(server.port());
    List<String> users = Servers.teamUsers();
    Tablet writer = tablet("cursor-writer", users.get(0), proxy.url());
    Tablet puller = tablet("cursor-puller", users.get(1), proxy.url());
    Tablet third = tablet("cursor-third", users.get(2 % users.size()), server.url());
    Path database = Servers.databaseFile(data);
    String patient = writer.client.patients().all().get(0).id();
    String team = writer.client.session().teamIds().get(0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    String heldRow = UUID.randomUUID().toString();
    long heldSeq;
    boolean pullInBetween;
    try (Connection held = Invariants.open(database)) {
      // 1. A writer takes the next sequence inside its write transaction and holds it open.
      exec(held, "BEGIN IMMEDIATE");
      heldSeq = maxSeq(held) + 1;
      insertVisit(held, heldRow, heldSeq, patient, team, "Sent inkommen rad 1");
      // 2. A tablet pushes (the server must take a later sequence) and another pulls meanwhile.
      List<FaultProxy.Exchange> pulled = new CopyOnWriteArrayList<>();
      CountDownLatch pushForwarded = new CountDownLatch(1);
      CountDownLatch pullForwarded = new CountDownLatch(1);
      proxy.onForwarded(e -> { if (e.isPush()) pushForwarded.countDown(); });
      proxy.onForwarded(e -> { if (e.isPull()) pullForwarded.countDown(); });
      proxy.onAnswered(e -> { if (e.isPull()) pulled.add(e); });
      writer.workload.visit();
      Future<?> push = pool.submit(() -> writer.syncUntilDone());
      assertTrue(pushForwarded.await(60, TimeUnit.SECONDS));
      Future<?> pull = pool.submit(() -> puller.syncUntilDone());
      assertTrue(pullForwarded.await(60, TimeUnit.SECONDS));
      // the pull has read its page while the row is open: it has answered already (a pull that read
      // no patient data writes nothing), or it waits to write its access log behind the open row
      pollUntil(() -> !pulled.isEmpty()
          || threadInside("se.nara.server.sync.SyncService.pull", "se.nara.server.store.Database.inWriteTransaction"));
      assertFalse(push.isDone(), "the push waits for the open write transaction");
      // 3. The holder of the lower sequence commits last.
      exec(held, "COMMIT");
      push.get(120, TimeUnit.SECONDS);
      pull.get(120, TimeUnit.SECONDS);
      pullInBetween = !pulled.isEmpty() && pulled.get(0).status == 200 && !pulled.get(0).responseText().contains(heldRow);
      assertTrue(pullInBetween, "the first pull answered without the open row: " + pulled);
    }
    String pushedVisit = writer.ledger.entries().get(writer.ledger.size() - 1).entityId();
    long pushedSeq;
    try (Connection c = Invariants.open(database)) {
      pushedSeq = seqOf(c, pushedVisit);
    }
    assertTrue(pushedSeq > heldSeq, "the push that had to wait got the higher sequence: " + pushedSeq + " vs " + heldSeq);

    // 4. A writer that takes its sequence before it holds the write lock (the classic bug):
    //    SQLite refuses its late commit, so a row below a pulled cursor can never appear.
    String staleRow = UUID.randomUUID().toString();
    try (Connection stale = Invariants.open(database)) {
      stale.setAutoCommit(false);
      long staleSeq = maxSeq(stale) + 1; // read inside a deferred transaction: a snapshot, no lock
      writer.workload.visit();
      writer.syncUntilDone();
      puller.syncUntilDone(); // the pull in between
      long cursor = Invariants.cursorPosition(localMeta(puller.database, "cursor"));
      assertTrue(cursor >= staleSeq, "the pull passed the stale sequence: cursor " + cursor + ", stale " + staleSeq);
      SQLException refused =
          assertThrows(SQLException.class, () -> insertVisit(stale, staleRow, staleSeq, patient, team, "Sent inkommen rad 2"));
      stale.rollback();
      SQLException taken =
          assertThrows(SQLException.class, () -> insertVisit(stale, staleRow, staleSeq, patient, team, "Sent inkommen rad 2"));
      stale.rollback();
      System.out.println("[cursor] stale snapshot write refused: " + refused.getMessage() + "; stale sequence refused: " + taken.getMessage());
      // written the right way, with the sequence taken under the write lock, it arrives everywhere
      stale.setAutoCommit(true);
      exec(stale, "BEGIN IMMEDIATE");
      insertVisit(stale, staleRow, maxSeq(stale) + 1, patient, team, "Sent inkommen rad 2");
      exec(stale, "COMMIT");
    } finally {
      pool.shutdownNow();
    }

    for (int round = 0; round < 2; round++) {
      for (Tablet t : tablets) {
        t.syncUntilDone();
      }
    }
    for (Tablet t : tablets) {
      assertNotNull(t.client.visits().get(heldRow), t.name + " got the row that committed last");
      assertNotNull(t.client.visits().get(staleRow), t.name + " got the row written after its pull");
    }
    Invariants.Counts counts = Invariants.check(database, tablets.stream().map(Tablet::ref).toList());
    ReliabilityReport.record(
        "cursor: lower sequence committing last",
        counts,
        "a write transaction held open with sequence " + heldSeq + " while a push waited (it got " + pushedSeq
            + ") and a pull answered in between; a sequence taken outside the write lock was refused by SQLite");
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
  }

  static void insertVisit(Connection c, String id, long seq, String patient, String team, String note) throws SQLException {
    JsonObject data = new JsonObject();
    data.addProperty("id", id);
    data.addProperty("patientId", patient);
    data.addProperty("teamId", team);
    data.add("staffIds", new JsonArray());
    data.addProperty("visitType", "FOLLOW_UP");
    data.addProperty("status", "COMPLETED");
    data.addProperty("note", note);
    data.addProperty("reviewState", "NOT_REVIEWED");
    long now = System.currentTimeMillis();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO records (id, entity_type, patient_id, version, seq, tombstone, data, created_at, updated_at)"
                + " VALUES (?, 'visit', ?, 1, ?, 0, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, patient);
      ps.setLong(3, seq);
      ps.setString(4, data.toString());
      ps.setLong(5, now);
      ps.setLong(6, now);
      ps.executeUpdate();
    }
  }

  static long maxSeq(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM records")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long seqOf(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM records WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "record " + id + " exists");
        return rs.getLong(1);
      }
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String localMeta(Path db, String key) throws SQLException {
    try (Connection c = Invariants.open(db);
        PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Whether some thread of this JVM is, right now, inside all of these methods. */
  private static boolean threadInside(String... methods) {
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      List<String> frames = new ArrayList<>();
      for (StackTraceElement frame : stack) {
        frames.add(frame.getClassName() + "." + frame.getMethodName());
      }
      if (Arrays.stream(methods).allMatch(m -> frames.stream().anyMatch(f -> f.startsWith(m)))) {
        return true;
      }
    }
    return false;
  }

  private static void pollUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 60 s");
      }
      Thread.sleep(5);
    }
  }
}
