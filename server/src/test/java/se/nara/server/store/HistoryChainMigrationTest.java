package se.nara.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written before the history became a chain (schema version 7) keeps every entry,
 * and each record's history reads the same afterwards.
 */
class HistoryChainMigrationTest {
  @TempDir Path dir;

  @Test
  void historyWrittenBeforeTheChainIsLinkedRecordByRecord() {
    String url = "jdbc:sqlite:" + dir.resolve("old.db");
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("7").load().migrate();
    Jdbi old = Jdbi.create(url);
    old.useHandle(h -> {
      record(h, "r1", 3, "device-a", 4L);
      record(h, "r2", 2, "device-b", 3L);
      record(h, "bare", 1, null, null); // a record whose history is gone (written by hand)
      // Entries in the order of their times, which interleaves the two records; r1's version 2
      // and r2's version 1 were written in the same millisecond.
      history(h, "r2", 1, "{\"a\":\"r2-1\"}", 100, "device-b");
      history(h, "r1", 1, "{\"a\":\"r1-1\",\"b\":\"r1-1\"}", 90, null);
      history(h, "r1", 2, "{\"a\":\"r1-2\"}", 100, "device-b");
      history(h, "r2", 2, "{\"b\":\"r2-2\"}", 110, "device-b");
      history(h, "r1", 3, "{\"b\":\"r1-3\"}", 120, "device-a");
    });

    RecordStore records = new RecordStore();
    try (Database db = Database.open(url)) {
      assertEquals(5L, db.<Long, RuntimeException>withReader(h ->
          h.createQuery("SELECT COUNT(*) FROM record_history").mapTo(Long.class).one()));
      // Every entry is linked to the record's previous version, and the row names the newest.
      for (String id : List.of("r1", "r2")) {
        List<Long> versions = db.withReader(h -> h.createQuery(
                "WITH RECURSIVE chain(id, prev, version) AS ("
                    + " SELECT h.id, h.prev_id, h.version FROM record_history h"
                    + "  WHERE h.id = (SELECT history_head FROM records WHERE id = :id)"
                    + " UNION ALL SELECT h.id, h.prev_id, h.version FROM record_history h JOIN chain c ON h.id = c.prev)"
                    + " SELECT version FROM chain")
            .bind("id", id).mapTo(Long.class).list());
        assertEquals(id.equals("r1") ? List.of(3L, 2L, 1L) : List.of(2L, 1L), versions, id);
      }
      assertNull(db.<Long, RuntimeException>withReader(h ->
          h.createQuery("SELECT history_head FROM records WHERE id = 'bare'").mapTo(Long.class).one()));

      assertEquals(Set.of("a"), db.withReader(h -> records.fieldsChangedSince(h, "r1", 1, "device-a")));
      JsonObject base = db.withReader(h -> records.valuesAt(h, "r1", 2, List.of("a", "b")));
      assertEquals("r1-2", base.get("a").getAsString());
      assertEquals("r1-1", base.get("b").getAsString());
      assertEquals("device-b", db.withReader(h -> records.lastAuthorOf(h, "r1", List.of("a"), 0, "device-a")).deviceId());
      assertEquals(Set.of(), db.withReader(h -> records.fieldsChangedSince(h, "bare", 0, "device-a")));

      // New versions extend the migrated chain.
      db.inWriteTransaction(h -> {
        JsonObject change = new JsonObject();
        change.addProperty("c", "r2-3");
        records.update(h, new StoredRecord("r2", "visit", "p", 3, 10, false, change, 0, 0, "s", "device-a"),
            new HistoryEntry("r2", 3, "visit", "UPDATE", change, 130, "s", "device-a", null, null, null, null));
        return null;
      });
      assertEquals(Set.of("c"), db.withReader(h -> records.fieldsChangedSince(h, "r2", 1, "device-b")));
      assertEquals(Set.of("a", "b"), db.withReader(h -> records.fieldsChangedSince(h, "r2", 0, "device-a")));
    }
  }

  private static void record(org.jdbi.v3.core.Handle h, String id, long version, String device, Long runFrom) {
    h.createUpdate("INSERT INTO records (id, entity_type, patient_id, version, seq, tombstone, data, created_at,"
            + " updated_at, device_id, device_run_from) VALUES (:id, 'visit', 'p', :v, :seq, FALSE, '{}', 0, 0, :d, :run)")
        .bind("id", id).bind("v", version).bind("seq", id.hashCode() & 0xffff).bind("d", device).bind("run", runFrom)
        .execute();
  }

  private static void history(org.jdbi.v3.core.Handle h, String id, long version, String changes, long at, String device) {
    h.createUpdate("INSERT INTO record_history (record_id, version, entity_type, op, changes, changed_at, device_id)"
            + " VALUES (:id, :v, 'visit', 'UPDATE', :c, :at, :d)")
        .bind("id", id).bind("v", version).bind("c", changes).bind("at", at).bind("d", device)
        .execute();
  }
}
