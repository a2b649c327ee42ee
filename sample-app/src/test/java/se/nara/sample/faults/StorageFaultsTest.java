package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.StorageException;
import se.nara.server.NaraServer;

/**
 * The tablet's own database fails: a genuinely full database (SQLite's page limit), and injected
 * I/O errors on a commit, while reading the outbox, while recording the server's answers to a
 * push, and while applying a pulled page. Each time the SDK must throw a {@link
 * StorageException} that names the problem, keep everything it had committed, and sync it all
 * (exactly once) when the fault clears.
 */
class StorageFaultsTest {
  @TempDir Path dir;
  NaraServer server;
  Tablet tablet;
  Tablet other;

  @AfterEach
  void stop() {
    if (tablet != null) {
      tablet.close();
    }
    if (other != null) {
      other.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFailingTabletDatabaseSurfacesAClearErrorAndLosesNothingCommitted() throws Exception {
    server = Servers.inProcess(dir.resolve("server"));
    Path db = dir.resolve("faulty.db");
    FaultyStorage storage = new FaultyStorage(db.toString());
    List<String> users = Servers.teamUsers();
    tablet = new Tablet("faulty", users.get(0), db, storage, server.url(), 99, null, new Ledger(), "faulty");
    other = new Tablet("other", users.get(1), dir.resolve("other.db"), server.url(), 98, null);
    tablet.login();
    tablet.syncUntilDone();
    other.login();
    other.syncUntilDone();

    // 1. The disk fills up for real (SQLite's page limit): the change that does not fit fails
    //    cleanly, everything before it stays.
    setMaxPageCount(storage, pageCount(storage) + 24); // room for a few changes, no more
    tablet.workload.notePadding = 12_000;
    StorageException full = null;
    for (int i = 0; i < 60 && full == null; i++) {
      long outboxBefore = local(db, "SELECT COUNT(*) FROM outbox");
      long recordsBefore = local(db, "SELECT COUNT(*) FROM records");
      try {
        tablet.workload.change();
      } catch (StorageException e) {
        full = e;
        assertEquals(outboxBefore, local(db, "SELECT COUNT(*) FROM outbox"), "no half-written outbox entry");
        assertEquals(recordsBefore, local(db, "SELECT COUNT(*) FROM records"), "no half-written record");
      }
    }
    assertNotNull(full, "the database filled up");
    assertTrue(full.getMessage().contains("database or disk is full"), full.getMessage());
    assertInstanceOf(SQLException.class, full.getCause());
    int committed = tablet.ledger.size();
    assertTrue(committed > 0, "some changes fitted before the disk was full");
    assertEquals(committed, tablet.client.syncStatus().pendingCount(), "every committed change is still queued");
    setMaxPageCount(storage, 1_073_741_823);
    tablet.workload.notePadding = 0;

    // 2. An I/O error on the commit of a local change: the change is not there, nothing else moved.
    storage.arm("COMMIT", FaultyStorage.IO_ERROR, FaultyStorage.IO_ERROR_CODE, 1);
    StorageException commit = assertThrows(StorageException.class, () -> tablet.workload.change());
    assertTrue(commit.getMessage().contains("disk I/O error"), commit.getMessage());
    assertEquals(committed, tablet.ledger.size());
    assertEquals(committed, tablet.client.syncStatus().pendingCount());

    // 3. An I/O error while reading the outbox for a push: nothing is sent.
    storage.arm("FROM outbox WHERE state = 'PENDING' ORDER BY", FaultyStorage.IO_ERROR, FaultyStorage.IO_ERROR_CODE, 1);
    StorageException read = assertThrows(StorageException.class, () -> tablet.client.sync());
    assertTrue(read.getMessage().contains("disk I/O error"), read.getMessage());
    assertEquals(0, serverLog(tablet), "nothing reached the server");
    assertEquals(committed, tablet.client.syncStatus().pendingCount());

    // 4. An I/O error while recording the server's answers: the server has applied the push, the
    //    tablet does not know it. The outbox is intact and the next sync resends; the server
    //    answers from its log and applies nothing twice.
    storage.arm("DELETE FROM outbox WHERE mutation_id", FaultyStorage.IO_ERROR, FaultyStorage.IO_ERROR_CODE, 1);
    StorageException answers = assertThrows(StorageException.class, () -> tablet.client.sync());
    assertTrue(answers.getMessage().contains("disk I/O error"), answers.getMessage());
    assertEquals(committed, serverLog(tablet), "the server applied the push");
    assertEquals(committed, tablet.client.syncStatus().pendingCount(), "the tablet still has every change queued");
    long history = serverHistory(tablet);
    assertEquals(committed, history, "one change in the server's history per mutation");

    // 5. An I/O error while applying a pulled page: the resend is answered (and recorded), the
    //    page is not applied and the cursor stays where it was.
    other.workload.changes(3);
    other.syncUntilDone();
    String cursor = localMeta(db, "cursor");
    storage.arm("server_updated_at = ?, data = ?, tombstone = ?", FaultyStorage.IO_ERROR, FaultyStorage.IO_ERROR_CODE, 1);
    StorageException pull = assertThrows(StorageException.class, () -> tablet.client.sync());
    assertTrue(pull.getMessage().contains("disk I/O error"), pull.getMessage());
    assertEquals(0, tablet.client.syncStatus().pendingCount(), "the resent push was answered and recorded");
    assertEquals(history, serverHistory(tablet), "the resend changed nothing on the server");
    assertEquals(cursor, localMeta(db, "cursor"), "the failed page did not move the cursor");
    assertEquals(4, storage.thrown(), "every injected fault fired once");

    // 6. The faults clear: everything syncs, exactly once, and both tablets converge.
    storage.disarm();
    tablet.workload.changes(2);
    tablet.syncUntilDone();
    other.syncUntilDone();
    tablet.syncUntilDone();
    Invariants.Counts counts =
        Invariants.check(Servers.databaseFile(dir.resolve("server")), List.of(tablet.ref(), other.ref()));
    ReliabilityReport.record(
        "tablet storage faults",
        counts,
        "real SQLITE_FULL (page limit) on a local write; injected SQLITE_IOERR on a commit, on reading the outbox,"
            + " on recording push answers, on applying a pulled page");
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
    assertEquals(committed + 2 + 3, counts.attempted, "the failed changes never got a mutation number");
  }

  private long serverLog(Tablet t) {
    return server.database().withReader(h -> h.createQuery("SELECT COUNT(*) FROM mutation_log WHERE device_id = :d AND entity_type <> 'audit_entry'")
        .bind("d", t.client.deviceId()).mapTo(Long.class).one());
  }

  private long serverHistory(Tablet t) {
    return server.database().withReader(h -> h.createQuery("SELECT COUNT(*) FROM record_history WHERE device_id = :d")
        .bind("d", t.client.deviceId()).mapTo(Long.class).one());
  }

  private static long pageCount(FaultyStorage storage) throws SQLException {
    try (Statement st = storage.raw().createStatement();
        ResultSet rs = st.executeQuery("PRAGMA page_count")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void setMaxPageCount(FaultyStorage storage, long pages) throws SQLException {
    try (Statement st = storage.raw().createStatement()) {
      st.execute("PRAGMA max_page_count = " + pages);
    }
  }

  private static long local(Path db, String sql) throws SQLException {
    try (Connection c = Invariants.open(db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
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
}
