package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.RejectedChange;
import se.nara.sdk.model.ChecklistGroup;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.CheckStatus;
import se.nara.sdk.model.Discrepancy;
import se.nara.sdk.model.DiscrepancyIntent;
import se.nara.sdk.model.DiscrepancyResolution;
import se.nara.sdk.model.DiscrepancyType;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LineStatus;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.Patient;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;
import se.nara.server.store.RecordStore;
import se.nara.server.sync.ServerRecords;

/**
 * Property test over random concurrent histories: three real SDK tablets edit the same
 * checklist items, medication lines and discrepancies while offline, sync in random order,
 * have pushes delivered twice, and lag behind. Seeded, so a failure names its history.
 *
 * <p>Afterwards: (1) every value a tablet wrote is in the server's history, in a conflict
 * record, or visibly rejected on that tablet (nothing lost); (2) every tablet shows the
 * server's state; (3) no item went from done to unchecked, no stopped line became active, and
 * no recorded discrepancy resolution was undone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentHistoriesTest {
  private static final String[] USERS = {"anna.ssk", "erik.ssk", "fatima.usk"};

  @TempDir static Path dir;
  NaraServer server;
  final List<Tablet> tablets = new ArrayList<>();
  Patient patient;

  /** One tablet and a recorder of its last push, for duplicate delivery. */
  static final class Tablet {
    NaraClient client;
    String name;
    final AtomicReference<byte[]> lastPush = new AtomicReference<>();
    final AtomicReference<String> auth = new AtomicReference<>();
  }

  @BeforeAll
  void start() throws Exception {
    server = DemoServer.start(dir);
    for (String user : USERS) {
      Tablet t = new Tablet();
      t.name = user;
      OkHttpClient http =
          new OkHttpClient.Builder()
              .addInterceptor(
                  chain -> {
                    Request request = chain.request();
                    if (request.url().encodedPath().endsWith("/sync/push")) {
                      Buffer buffer = new Buffer();
                      request.body().writeTo(buffer);
                      t.lastPush.set(buffer.readByteArray());
                      t.auth.set(request.header("Authorization"));
                    }
                    return chain.proceed(request);
                  })
              .build();
      t.client =
          NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve(user + ".db").toString()).httpClient(http).build();
      t.client.login(user, DemoSeed.DEMO_PASSWORD.toCharArray());
      t.client.sync();
      tablets.add(t);
    }
    patient = tablets.get(0).client.patients().all().get(0);
  }

  @AfterAll
  void stop() {
    tablets.forEach(t -> t.client.close());
    server.close();
  }

  /** What the test wrote: entity, field, value, by which tablet. */
  record Written(String entityId, String field, JsonElement value, int tablet) {}

  @ParameterizedTest(name = "history seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomConcurrentHistoryLosesNothingAndConverges(long seed) throws Exception {
    Random random = new Random(seed);
    // fresh entities for this history, written by the server and pulled by every tablet
    List<String> items = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<Object> models = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = UUID.randomUUID().toString();
      items.add(id);
      models.add(ChecklistItem.builder().id(id).patientId(patient.id()).checklistId("h" + seed).itemKey("k" + i)
          .group(ChecklistGroup.MEDICINES).label("Punkt " + i).state(ItemState.UNCHECKED).sortOrder(i).build());
    }
    for (int i = 0; i < 2; i++) {
      String id = UUID.randomUUID().toString();
      lines.add(id);
      models.add(MedicationLine.builder().id(id).patientId(patient.id()).listId("l" + seed).drugName("Läkemedel " + i)
          .dose("1 tablett").status(LineStatus.ACTIVE).build());
    }
    server.database().inWrite(h -> {
      new ServerRecords(new RecordStore(), java.time.Clock.systemUTC()).insertAll(h, models, null);
      return null;
    });
    for (Tablet t : tablets) {
      t.client.sync();
    }
    MedicationCheck check = tablets.get(0).client.medications().startCheck(patient.id(), null, List.of("l" + seed));
    tablets.get(0).client.sync();
    for (Tablet t : tablets) {
      t.client.sync();
    }

    List<Written> written = new ArrayList<>();
    int steps = 12 + random.nextInt(12);
    for (int step = 0; step < steps; step++) {
      int n = random.nextInt(tablets.size());
      NaraClient c = tablets.get(n).client;
      int action = random.nextInt(10);
      try {
        if (action <= 2) {
          String item = items.get(random.nextInt(items.size()));
          ItemState state = new ItemState[] {ItemState.DONE, ItemState.MISSING, ItemState.NOT_APPLICABLE, ItemState.REOPENED}[random.nextInt(4)];
          c.checklists().setState(item, state, state == ItemState.REOPENED ? "Behöver kontrolleras igen " + step : null);
          written.add(new Written(item, "state", new com.google.gson.JsonPrimitive(state.name()), n));
        } else if (action == 3) {
          String item = items.get(random.nextInt(items.size()));
          String note = "Anteckning " + step + " från " + tablets.get(n).name;
          ChecklistItem current = c.checklists().item(item);
          c.checklists().setState(item, current.state() == ItemState.UNCHECKED ? ItemState.DONE : current.state() == ItemState.REOPENED ? ItemState.DONE : current.state(), note);
          written.add(new Written(item, "note", new com.google.gson.JsonPrimitive(note), n));
        } else if (action == 4) {
          String line = lines.get(random.nextInt(lines.size()));
          String dose = (1 + random.nextInt(4)) + " tabletter (" + step + ")";
          c.medications().updateLine(c.medications().lines("l" + seed).stream().filter(l -> l.id().equals(line)).findFirst().orElseThrow()
              .toBuilder().dose(dose).build());
          written.add(new Written(line, "dose", new com.google.gson.JsonPrimitive(dose), n));
        } else if (action == 5) {
          String line = lines.get(random.nextInt(lines.size()));
          MedicationLine current = c.medications().lines("l" + seed).stream().filter(l -> l.id().equals(line)).findFirst().orElseThrow();
          // tablets stop lines or put them on hold, and only restart a line they see on hold
          LineStatus next = current.status() == LineStatus.ON_HOLD && random.nextBoolean() ? LineStatus.ACTIVE
              : random.nextBoolean() ? LineStatus.STOPPED : LineStatus.ON_HOLD;
          if (current.status() == LineStatus.STOPPED) {
            continue;
          }
          c.medications().setLineStatus(line, next);
          written.add(new Written(line, "status", new com.google.gson.JsonPrimitive(next.name()), n));
        } else if (action == 6 && c.medications().checks(patient.id()).stream().anyMatch(k -> k.id().equals(check.id()))) {
          String line = lines.get(random.nextInt(lines.size()));
          c.medications().recordDiscrepancy(check.id(), line, DiscrepancyType.WRONG_DOSE, DiscrepancyIntent.UNCLEAR, "Steg " + step);
        } else if (action == 7) {
          List<Discrepancy> open = new ArrayList<>();
          for (Discrepancy d : c.medications().discrepancies(check.id())) {
            if (d.resolution() == DiscrepancyResolution.OPEN) {
              open.add(d);
            }
          }
          if (!open.isEmpty()) {
            Discrepancy d = open.get(random.nextInt(open.size()));
            DiscrepancyResolution r = random.nextBoolean() ? DiscrepancyResolution.CONFIRMED_INTENTIONAL : DiscrepancyResolution.CORRECTED_NEW_ORDER;
            c.medications().resolveDiscrepancy(d.id(), r, null);
            written.add(new Written(d.id(), "resolution", new com.google.gson.JsonPrimitive(r.name()), n));
          }
        } else if (action == 8) {
          c.sync();
        } else {
          replayLastPush(tablets.get(n));
        }
      } catch (IllegalArgumentException refusedLocally) {
        // the SDK refuses changes the rules forbid (e.g. unchecking a confirmed item): nothing to send
      }
    }
    for (int round = 0; round < 2; round++) {
      for (Tablet t : tablets) {
        t.client.sync();
      }
    }

    checkNothingLost(seed, written);
    List<String> all = new ArrayList<>(items);
    all.addAll(lines);
    checkNoSilentOverwrite(seed, all);
    checkConvergence(seed, items, lines);
    checkSafety(seed, items, lines, check.id());
  }

  private void replayLastPush(Tablet t) throws IOException {
    byte[] body = t.lastPush.get();
    if (body == null) {
      return;
    }
    Request request = new Request.Builder().url(server.url() + "/api/v1/sync/push").header("Nara-Protocol-Version", "1")
        .header("Authorization", t.auth.get()).post(RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build();
    try (Response response = new OkHttpClient().newCall(request).execute()) {
      assertEquals(200, response.code(), "a duplicated delivery is answered like the first");
    }
  }

  private void checkNothingLost(long seed, List<Written> written) {
    for (Written w : written) {
      boolean inHistory = !server.database().withReader(h -> h.createQuery(
              "SELECT changes FROM record_history WHERE record_id = :id").bind("id", w.entityId()).mapTo(String.class).list())
          .stream().filter(c -> w.value().equals(JsonParser.parseString(c).getAsJsonObject().get(w.field()))).toList().isEmpty();
      boolean inConflict = !server.database().withReader(h -> h.createQuery(
              "SELECT data FROM records WHERE entity_type = 'conflict' AND data LIKE :entity").bind("entity", "%" + w.entityId() + "%")
              .mapTo(String.class).list())
          .stream().filter(c -> {
            JsonObject conflict = JsonParser.parseString(c).getAsJsonObject();
            JsonObject device = JsonParser.parseString(conflict.get("deviceValue").getAsString()).getAsJsonObject();
            return w.value().equals(device.get(w.field()));
          }).toList().isEmpty();
      boolean rejectedOnTablet = false;
      for (RejectedChange r : tablets.get(w.tablet()).client.syncStatus().rejected()) {
        rejectedOnTablet |= r.entityId().equals(w.entityId());
      }
      assertTrue(inHistory || inConflict || rejectedOnTablet,
          "seed " + seed + ": " + w + " was lost: not in history, not in a conflict record, not visibly rejected");
    }
  }

  /** One history row: who changed what on which version. */
  record Change(long version, String device, Long base, JsonObject changes) {}

  /**
   * A value may be overwritten only by a tablet that had seen it (its base version is at least
   * the version that wrote it, or it wrote the value itself); any other overwrite must have left
   * a conflict record that keeps the overwritten value.
   */
  private void checkNoSilentOverwrite(long seed, List<String> ids) {
    for (String id : ids) {
      List<Change> history = server.database().withReader(h -> h.createQuery(
              "SELECT version, device_id, base_version, changes FROM record_history WHERE record_id = :id ORDER BY version")
          .bind("id", id)
          .map((rs, ctx) -> new Change(rs.getLong(1), rs.getString(2), rs.getObject(3) == null ? null : rs.getLong(3),
              JsonParser.parseString(rs.getString(4)).getAsJsonObject()))
          .list());
      List<JsonObject> conflicts = new ArrayList<>();
      for (String data : server.database().withReader(h -> h.createQuery(
          "SELECT data FROM records WHERE entity_type = 'conflict' AND data LIKE :entity").bind("entity", "%" + id + "%").mapTo(String.class).list())) {
        conflicts.add(JsonParser.parseString(data).getAsJsonObject());
      }
      Map<String, Change> lastWrite = new HashMap<>();
      for (Change change : history) {
        for (String field : change.changes().keySet()) {
          Change previous = lastWrite.get(field);
          boolean seen = previous == null || change.device() == null || change.device().equals(previous.device())
              || (change.base() != null && change.base() >= previous.version());
          if (!seen && !previous.changes().get(field).equals(change.changes().get(field))) {
            JsonElement overwritten = previous.changes().get(field);
            boolean kept = conflicts.stream().anyMatch(c ->
                overwritten.equals(JsonParser.parseString(c.get("serverValue").getAsString()).getAsJsonObject().get(field)));
            assertTrue(kept, "seed " + seed + ": " + id + "." + field + " = " + overwritten
                + " was overwritten by a tablet that never saw it, with no conflict record");
          }
          lastWrite.put(field, change);
        }
      }
    }
  }

  private void checkConvergence(long seed, List<String> items, List<String> lines) {
    List<String> all = new ArrayList<>(items);
    all.addAll(lines);
    for (String id : all) {
      String serverData = server.database().withReader(h -> h.createQuery("SELECT data FROM records WHERE id = :id")
          .bind("id", id).mapTo(String.class).one());
      JsonObject expected = JsonParser.parseString(serverData).getAsJsonObject();
      for (Tablet t : tablets) {
        RecordSyncState state = t.client.syncStateOf(id);
        assertFalse(state == RecordSyncState.PENDING, "seed " + seed + ": " + t.name + " still has unsent changes");
        if (state == RecordSyncState.REJECTED) {
          continue; // a rejected change stays visible on that tablet until the user acts, by design
        }
        JsonObject local = com.google.gson.JsonParser.parseString(se.nara.sdk.protocol.Json.gson().toJson(
            items.contains(id) ? t.client.checklists().item(id) : t.client.medications().lines(lineList(id)).stream()
                .filter(l -> l.id().equals(id)).findFirst().orElseThrow())).getAsJsonObject();
        for (String field : expected.keySet()) {
          assertEquals(expected.get(field), local.get(field), "seed " + seed + ": " + t.name + " differs from the server on " + id + "." + field);
        }
      }
    }
  }

  private String lineList(String lineId) {
    String data = server.database().withReader(h -> h.createQuery("SELECT data FROM records WHERE id = :id").bind("id", lineId).mapTo(String.class).one());
    return JsonParser.parseString(data).getAsJsonObject().get("listId").getAsString();
  }

  private void checkSafety(long seed, List<String> items, List<String> lines, String checkId) {
    for (String item : items) {
      List<String> states = fieldHistory(item, "state");
      for (int i = 1; i < states.size(); i++) {
        assertFalse("DONE".equals(states.get(i - 1)) && "UNCHECKED".equals(states.get(i)),
            "seed " + seed + ": item " + item + " went from done to unchecked: " + states);
      }
    }
    for (String line : lines) {
      List<String> statuses = fieldHistory(line, "status");
      for (int i = 1; i < statuses.size(); i++) {
        assertFalse("STOPPED".equals(statuses.get(i - 1)) && "ACTIVE".equals(statuses.get(i)),
            "seed " + seed + ": line " + line + " restarted by a stale device: " + statuses);
      }
    }
    Set<String> discrepancies = new HashSet<>(server.database().withReader(h -> h.createQuery(
        "SELECT id FROM records WHERE entity_type = 'discrepancy' AND tombstone = 0 AND data LIKE :check")
        .bind("check", "%" + checkId + "%").mapTo(String.class).list()));
    Map<String, Integer> seenOnTablets = new HashMap<>();
    for (Tablet t : tablets) {
      for (Discrepancy d : t.client.medications().discrepancies(checkId)) {
        seenOnTablets.merge(d.id(), 1, Integer::sum);
        if (t.client.syncStateOf(d.id()) != RecordSyncState.REJECTED) {
          assertTrue(discrepancies.contains(d.id()), "seed " + seed + ": discrepancy " + d.id() + " vanished from the server");
        }
      }
    }
    for (String d : discrepancies) {
      assertEquals(tablets.size(), seenOnTablets.getOrDefault(d, 0), "seed " + seed + ": every tablet has discrepancy " + d);
      List<String> resolutions = fieldHistory(d, "resolution");
      boolean resolved = false;
      for (String r : resolutions) {
        assertFalse(resolved && "OPEN".equals(r), "seed " + seed + ": a resolution of " + d + " was undone: " + resolutions);
        resolved |= r != null && !"OPEN".equals(r);
      }
    }
  }

  /** The successive values of one field in a record's history. */
  private List<String> fieldHistory(String id, String field) {
    List<String> out = new ArrayList<>();
    for (String changes : server.database().withReader(h -> h.createQuery(
        "SELECT changes FROM record_history WHERE record_id = :id ORDER BY version").bind("id", id).mapTo(String.class).list())) {
      JsonElement value = JsonParser.parseString(changes).getAsJsonObject().get(field);
      if (value != null) {
        out.add(value.isJsonNull() ? null : value.getAsString());
      }
    }
    return out;
  }

}
