package se.nara.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordStoreTest {
  @TempDir Path dir;

  private static final List<String> WRITERS = Arrays.asList("device-a", "device-b", null);

  /**
   * The record row's device run lets conflict detection skip the history walk; whatever order
   * devices and the server write in, the answer must be the one the history gives.
   */
  @Test
  void fieldsChangedSinceAgreesWithTheHistoryWhateverTheOrderOfWriters() {
    RecordStore records = new RecordStore();
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("r.db"))) {
      long[] seq = {0};
      for (int seed = 0; seed < 40; seed++) {
        Random rnd = new Random(seed);
        String id = "rec-" + seed;
        // Half the records start as a conflict record does: the row names a device, the history
        // entry of version 1 does not.
        String creator = WRITERS.get(rnd.nextInt(2));
        String historyCreator = rnd.nextBoolean() ? creator : null;
        db.inWriteTransaction(h -> {
          JsonObject data = new JsonObject();
          data.addProperty("created", true);
          records.insert(h, record(id, 1, ++seq[0], data, creator));
          records.insertHistory(h, history(id, 1, data, historyCreator));
          return null;
        });
        String lastWriter = creator;
        long runFrom = 2L; // a new record vouches for none of its versions yet
        for (int version = 2; version <= 12; version++) {
          String writer = WRITERS.get(rnd.nextInt(WRITERS.size()));
          runFrom = writer != null && writer.equals(lastWriter) ? runFrom : version;
          lastWriter = writer;
          long v = version;
          db.inWriteTransaction(h -> {
            JsonObject change = new JsonObject();
            change.addProperty("f" + v, v);
            records.update(h, record(id, v, ++seq[0], change, writer));
            records.insertHistory(h, history(id, v, change, writer));
            return null;
          });
          for (long base = 0; base <= version; base++) {
            for (String device : WRITERS.subList(0, 2)) {
              long b = base;
              Set<String> fast = db.withReader(h -> records.fieldsChangedSince(h, id, b, device));
              Set<String> slow = db.withReader(h -> fromHistory(h, id, b, device));
              assertEquals(slow, fast, "seed " + seed + ", version " + version + ", base " + base + ", " + device);
            }
          }
        }
        assertEquals(Long.valueOf(runFrom), db.<Long, RuntimeException>withReader(h -> h.createQuery("SELECT device_run_from FROM records WHERE id = :id")
            .bind("id", id).mapTo(Long.class).one()), "the run of " + lastWriter + " in record " + id);
      }
    }
  }

  private static Set<String> fromHistory(Handle h, String id, long base, String device) {
    Set<String> fields = new HashSet<>();
    for (String changes : h.createQuery(
            "SELECT changes FROM record_history WHERE record_id = :id AND version > :base"
                + " AND (device_id IS NULL OR device_id <> :device)")
        .bind("id", id).bind("base", base).bind("device", device).mapTo(String.class).list()) {
      fields.addAll(JsonParser.parseString(changes).getAsJsonObject().keySet());
    }
    return fields;
  }

  private static StoredRecord record(String id, long version, long seq, JsonObject data, String device) {
    return new StoredRecord(id, "visit", "patient", version, seq, false, data, 0, 0, "staff", device);
  }

  private static HistoryEntry history(String id, long version, JsonObject changes, String device) {
    return new HistoryEntry(id, version, "visit", "UPDATE", changes, 0, "staff", device, null, null, null, null);
  }
}
