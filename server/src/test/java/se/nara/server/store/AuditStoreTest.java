package se.nara.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.server.store.AuditStore.Filter;
import se.nara.server.store.AuditStore.Position;

class AuditStoreTest {
  private static final long T0 = 1_795_000_000_000L;
  private static final Position MIDDLE = new Position(T0 + 5_000, "8");

  @TempDir Path dir;

  /** 200 patients, 40 users, 10 entries a millisecond: many share their time. */
  private static void fill(Database db, AuditStore store) {
    List<AuditRow> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(new AuditRow(UUID.randomUUID().toString(), T0 + i / 10, null, "staff-" + i % 40, "patient-" + i % 200, "t1", "d1",
          i % 1000 == 0 ? "EMERGENCY_ACCESS" : "READ", "visit", null, "OK", null));
    }
    db.inWriteTransaction(h -> {
      store.append(h, rows);
      return null;
    });
  }

  private static String plan(Database db, AuditStore store, Filter filter, Position after) {
    List<String> steps = db.withReader(h -> store.newestFirstPlan(h, filter, after, 101));
    return String.join(" / ", steps);
  }

  @Test
  @DisplayName("a review page by patient, user or period reads one index range in order: no scan of the log, no sort")
  void reviewPagesUseTheirIndex() {
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("a.db"))) {
      AuditStore store = new AuditStore();
      fill(db, store);
      for (boolean analysed : new boolean[] {false, true}) {
        if (analysed) {
          // What the planner does once it knows how the log is spread, should ANALYZE ever run.
          db.inWriteTransaction(h -> h.execute("ANALYZE"));
        }
        for (Position after : new Position[] {null, MIDDLE}) {
          String byPatient = plan(db, store, new Filter("patient-7", null, null, null, null), after);
          assertTrue(byPatient.startsWith("SEARCH audit_log USING INDEX audit_log_patient (patient_id=?"), byPatient);
          String byUser = plan(db, store, new Filter(null, "staff-3", "READ", T0, T0 + 1_000), after);
          assertTrue(byUser.startsWith("SEARCH audit_log USING INDEX audit_log_staff (staff_id=? AND received_at>? AND received_at<?)"), byUser);
          String byBoth = plan(db, store, new Filter("patient-7", "staff-7", null, null, null), after);
          assertTrue(byBoth.matches("SEARCH audit_log USING INDEX audit_log_(patient \\(patient|staff \\(staff)_id=\\?.*"), byBoth);
          String byPeriod = plan(db, store, new Filter(null, null, null, T0, T0 + 10_000), after);
          assertTrue(byPeriod.startsWith("SEARCH audit_log USING INDEX audit_log_received (received_at>? AND received_at<?)"), byPeriod);
          // Without filters a page walks the time index from its end and stops at the limit.
          String all = plan(db, store, new Filter(null, null, null, null, null), after);
          assertTrue(all.startsWith(after == null ? "SCAN audit_log USING INDEX audit_log_received"
              : "SEARCH audit_log USING INDEX audit_log_received (received_at<?)"), all);
          for (String p : List.of(byPatient, byUser, byBoth, byPeriod, all)) {
            // Only the entries of one millisecond are put in id order, not the whole result.
            // (SQLite 3.4x calls it the right part, later versions the last term.)
            assertTrue(p.matches(".* / USE TEMP B-TREE FOR (RIGHT PART|LAST TERM) OF ORDER BY"), p);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("a later page of a period is bounded by its cursor alone, so it does not walk again over the pages before")
  void theTighterUpperBoundAlone() {
    Filter period = new Filter(null, null, null, T0, T0 + 10_000);
    String first = AuditStore.newestFirstSql(period, null);
    assertTrue(first.contains("received_at < :to") && !first.contains(":afterAt"), first);
    String later = AuditStore.newestFirstSql(period, MIDDLE);
    assertTrue(later.contains("(received_at, id) < (:afterAt, :afterId)") && !later.contains("< :to"), later);
    String beyond = AuditStore.newestFirstSql(period, new Position(T0 + 10_000, "a"));
    assertTrue(beyond.contains("received_at < :to") && !beyond.contains(":afterAt"), beyond);
  }

  private static List<String> ids(List<AuditRow> rows) {
    return rows.stream().map(AuditRow::id).toList();
  }

  @Test
  @DisplayName("pages split a millisecond's entries exactly: together they are the whole filtered log, once, newest first")
  void pagesAreTheWholeLogOnce() {
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("b.db"))) {
      AuditStore store = new AuditStore();
      fill(db, store);
      Filter filter = new Filter("patient-7", null, null, T0 + 100, T0 + 1_900);
      List<String> all = db.withReader(h -> h.createQuery("SELECT id FROM audit_log WHERE patient_id = 'patient-7'"
              + " AND received_at >= :from AND received_at < :to ORDER BY received_at DESC, id DESC")
          .bind("from", T0 + 100).bind("to", T0 + 1_900).mapTo(String.class).list());
      List<String> paged = new ArrayList<>();
      Position after = null;
      for (int pages = 0; ; pages++) {
        assertTrue(pages < 100, "the pages never end");
        Position from = after;
        List<AuditRow> page = db.withReader(h -> store.newestFirst(h, filter, from, 7));
        page.forEach(r -> paged.add(r.id()));
        if (page.size() < 7) {
          break;
        }
        AuditRow last = page.get(page.size() - 1);
        after = new Position(last.receivedAt(), last.id());
      }
      assertEquals(90, all.size());
      assertEquals(all, paged);
      // A cursor beyond the period's end (another period's, or a changed "to") still keeps to the period.
      assertEquals(all, ids(db.withReader(h -> store.newestFirst(h, filter, new Position(T0 + 5_000, "x"), 1000))));
      Filter before = new Filter("patient-7", null, null, T0 + 100, T0 + 1_000);
      assertEquals(all.subList(45, 90), ids(db.withReader(h -> store.newestFirst(h, before, new Position(T0 + 1_500, "x"), 1000))),
          "older than the end of the period, as 'to' asks");
    }
  }
}
