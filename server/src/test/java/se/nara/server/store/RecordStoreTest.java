package se.nara.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
          records.insert(h, record(id, 1, ++seq[0], data, creator), history(id, 1, data, historyCreator));
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
            records.update(h, record(id, v, ++seq[0], change, writer), history(id, v, change, writer));
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

  /**
   * Conflict records show a field's base value and who wrote the value that was kept; both are
   * read by walking the record's history chain, and must say what a plain query of the history
   * says.
   */
  @Test
  void valuesAndAuthorsFromTheChainAgreeWithTheHistoryTable() {
    RecordStore records = new RecordStore();
    List<String> fieldNames = List.of("a", "b", "c", "d");
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("v.db"))) {
      long[] seq = {0};
      for (int seed = 0; seed < 20; seed++) {
        Random rnd = new Random(seed);
        // Two records written in turns, so their entries interleave in the log.
        List<String> ids = List.of("x-" + seed, "y-" + seed);
        for (String id : ids) {
          db.inWriteTransaction(h -> {
            JsonObject data = new JsonObject();
            data.addProperty("a", 0);
            records.insert(h, record(id, 1, ++seq[0], data, "device-a"), history(id, 1, data, "device-a"));
            return null;
          });
        }
        for (int version = 2; version <= 10; version++) {
          for (String id : ids) {
            long v = version;
            String writer = WRITERS.get(rnd.nextInt(WRITERS.size()));
            JsonObject change = new JsonObject();
            for (String f : fieldNames) {
              if (rnd.nextInt(3) == 0) {
                change.addProperty(f, id + ":" + v);
              }
            }
            db.inWriteTransaction(h -> {
              records.update(h, record(id, v, ++seq[0], change, writer), history(id, v, change, writer));
              return null;
            });
          }
        }
        for (String id : ids) {
          for (long version = 0; version <= 10; version++) {
            long at = version;
            JsonObject fromChain = db.withReader(h -> records.valuesAt(h, id, at, fieldNames));
            JsonObject fromTable = db.withReader(h -> valuesFromHistory(h, id, at, fieldNames));
            assertEquals(fromTable, fromChain, id + " at " + version);
            for (String device : WRITERS.subList(0, 2)) {
              for (String f : fieldNames) {
                RecordStore.Author chain = db.withReader(h -> records.lastAuthorOf(h, id, List.of(f), at, device));
                RecordStore.Author table = db.withReader(h -> authorFromHistory(h, id, f, at, device));
                assertEquals(table, chain, id + " field " + f + " after " + at + " not " + device);
              }
            }
          }
        }
      }
    }
  }

  private static JsonObject valuesFromHistory(Handle h, String id, long version, List<String> fields) {
    JsonObject values = new JsonObject();
    for (String f : fields) {
      values.add(f, com.google.gson.JsonNull.INSTANCE);
    }
    for (String changes : h.createQuery(
            "SELECT changes FROM record_history WHERE record_id = :id AND version <= :v ORDER BY version")
        .bind("id", id).bind("v", version).mapTo(String.class).list()) {
      JsonObject change = JsonParser.parseString(changes).getAsJsonObject();
      for (String f : fields) {
        if (change.has(f)) {
          values.add(f, change.get(f));
        }
      }
    }
    return values;
  }

  private static RecordStore.Author authorFromHistory(Handle h, String id, String field, long after, String device) {
    RecordStore.Author author = null;
    for (var row : h.createQuery(
            "SELECT changed_by, device_id, device_time, changes FROM record_history WHERE record_id = :id"
                + " AND version > :after AND (device_id IS NULL OR device_id <> :device) ORDER BY version")
        .bind("id", id).bind("after", after).bind("device", device)
        .map((rs, ctx) -> Map.entry(new RecordStore.Author(rs.getString(1), rs.getString(2), (Long) rs.getObject(3)), rs.getString(4)))
        .list()) {
      if (JsonParser.parseString(row.getValue()).getAsJsonObject().has(field)) {
        author = row.getKey();
      }
    }
    return author;
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

  /**
   * Nödåtkomst finds a patient by identifier. The SQL narrows by text; a patient whose other fields
   * hold the same digits, or whose record is retracted, must not be taken for the one sought.
   */
  @Test
  void patientsWithIdentifierMatchesIdentifiersOnlyAndSkipsRetractedPatients() {
    String number = se.nara.sdk.model.Personnummer.generate(java.time.LocalDate.of(1950, 3, 1), 101, false);
    String samordning = se.nara.sdk.model.Personnummer.generate(java.time.LocalDate.of(1950, 3, 1), 102, true);
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("ids.db"))) {
      se.nara.server.sync.ServerRecords server = new se.nara.server.sync.ServerRecords(new RecordStore(), java.time.Clock.systemUTC());
      db.inWriteTransaction(h -> {
        server.insertAll(h, List.of(
            se.nara.sdk.model.Patient.builder().id("p-right").name("Rätt")
                .identifiers(List.of(se.nara.sdk.model.PatientIdentifier.personnummer(number))).build(),
            se.nara.sdk.model.Patient.builder().id("p-name").name(number).build(),
            se.nara.sdk.model.Patient.builder().id("p-sam").name("Samordning")
                .identifiers(List.of(se.nara.sdk.model.PatientIdentifier.samordningsnummer(samordning))).build(),
            se.nara.sdk.model.Patient.builder().id("p-gone").name("Makulerad")
                .identifiers(List.of(se.nara.sdk.model.PatientIdentifier.personnummer(number))).build()),
            null);
        h.execute("UPDATE records SET tombstone = ? WHERE id = 'p-gone'", true);
        return null;
      });
      RecordStore records = new RecordStore();
      assertEquals(List.of("p-right"), db.withReader(h -> records.patientsWithIdentifier(h, number)));
      assertEquals(List.of("p-sam"), db.withReader(h -> records.patientsWithIdentifier(h, samordning)));
      assertEquals(List.of(), db.withReader(h -> records.patientsWithIdentifier(h, number.substring(0, 11))));
    }
  }
}
