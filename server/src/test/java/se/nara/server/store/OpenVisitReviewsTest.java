package se.nara.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code open_visit_reviews}: filled from the visits of a database written before it existed
 * (V14), and kept in step by every later write of a visit.
 */
class OpenVisitReviewsTest {
  @TempDir Path dir;

  @Test
  void filledFromOlderVisitsAndKeptByLaterWrites() {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("12").load().migrate();
    Jdbi.create(url).useHandle(h -> {
      visit(h, "waiting", "{\"teamId\":\"A\",\"reviewState\":\"NOT_REVIEWED\"}", false);
      visit(h, "flagged", "{\"teamId\":\"A\",\"reviewState\":\"NEEDS_ACTION\"}", false);
      visit(h, "stale", "{\"teamId\":\"B\",\"reviewState\":\"REVIEW_STALE\"}", false);
      visit(h, "never", "{\"teamId\":\"A\"}", false);
      visit(h, "reviewed", "{\"teamId\":\"A\",\"reviewState\":\"REVIEWED\"}", false);
      visit(h, "noteam", "{\"reviewState\":\"NOT_REVIEWED\"}", false);
      visit(h, "retracted", "{\"teamId\":\"A\",\"reviewState\":\"NOT_REVIEWED\"}", true);
    });
    RecordStore records = new RecordStore();
    try (Database db = Database.open(url)) {
      assertEquals(List.of("flagged A", "never A", "stale B", "waiting A"), rows(db));

      // Reviewed now, then retracted; a new one created: each write keeps the table in step.
      db.inWriteTransaction(h -> {
        JsonObject reviewed = new JsonObject();
        reviewed.addProperty("teamId", "A");
        reviewed.addProperty("reviewState", "REVIEWED");
        records.update(h, new StoredRecord("waiting", "visit", "p", 2, 20, false, reviewed, 0, 0, "s", null),
            new HistoryEntry("waiting", 2, "visit", "REVIEW", reviewed, 1, "s", null, null, null, null, null));
        records.update(h, new StoredRecord("flagged", "visit", "p", 2, 21, true, new JsonObject(), 0, 0, "s", null),
            new HistoryEntry("flagged", 2, "visit", "UPDATE", new JsonObject(), 1, "s", null, null, null, null, null));
        JsonObject created = new JsonObject();
        created.addProperty("teamId", "C");
        records.insert(h, new StoredRecord("new", "visit", "p", 1, 22, false, created, 0, 0, "s", null),
            new HistoryEntry("new", 1, "visit", "CREATE", created, 1, "s", null, null, null, null, null));
        return null;
      });
      assertEquals(List.of("never A", "new C", "stale B"), rows(db));

      // Still open for the same team (left alone), moved to another team, and a reviewed visit whose
      // review went stale: the row follows each.
      db.inWriteTransaction(h -> {
        JsonObject stillOpen = new JsonObject();
        stillOpen.addProperty("teamId", "A");
        stillOpen.addProperty("status", "COMPLETED");
        records.update(h, new StoredRecord("never", "visit", "p", 2, 23, false, stillOpen, 0, 0, "s", null),
            new HistoryEntry("never", 2, "visit", "UPDATE", stillOpen, 1, "s", null, null, null, null, null));
        JsonObject moved = new JsonObject();
        moved.addProperty("teamId", "C");
        moved.addProperty("reviewState", "REVIEW_STALE");
        records.update(h, new StoredRecord("stale", "visit", "p", 2, 24, false, moved, 0, 0, "s", null),
            new HistoryEntry("stale", 2, "visit", "UPDATE", moved, 1, "s", null, null, null, null, null));
        JsonObject reopened = new JsonObject();
        reopened.addProperty("teamId", "A");
        reopened.addProperty("reviewState", "REVIEW_STALE");
        records.update(h, new StoredRecord("reviewed", "visit", "p", 2, 25, false, reopened, 0, 0, "s", null),
            new HistoryEntry("reviewed", 2, "visit", "UPDATE", reopened, 1, "s", null, null, null, null, null));
        return null;
      });
      assertEquals(List.of("never A", "new C", "reviewed A", "stale C"), rows(db));
    }
  }

  private static List<String> rows(Database db) {
    return db.withReader(h -> h.createQuery("SELECT visit_id || ' ' || team_id FROM open_visit_reviews ORDER BY visit_id")
        .mapTo(String.class).list());
  }

  private static void visit(org.jdbi.v3.core.Handle h, String id, String data, boolean tombstone) {
    h.createUpdate("INSERT INTO records (id, entity_type, patient_id, version, seq, tombstone, data, created_at, updated_at)"
            + " VALUES (:id, 'visit', 'p', 1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM records), :t, :data, 0, 0)")
        .bind("id", id).bind("t", tombstone).bind("data", data).execute();
  }
}
