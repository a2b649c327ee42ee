package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.RecoveryRequest;
import se.nara.sdk.protocol.SyncRecord;
import se.nara.server.LogCapture;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/**
 * Conflict records offered back after a restore, and stored conflicts a reader cannot decode: a
 * recovered conflict is checked field by field (and its tablet value as a push would be), and one
 * bad stored row never takes down the review queue or the fleet view.
 */
class RecoveredConflictApiTest {
  @TempDir Path dir;
  TestServer t;
  String dev;
  String nurse;
  String lead;

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir);
    dev = UUID.randomUUID().toString();
    nurse = t.login("a1", dev);
    lead = t.login("lead", UUID.randomUUID().toString());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** A well-formed conflict record about ITEM_A, changed by {@code edit}. */
  static SyncRecord conflict(String id, Consumer<JsonObject> edit) {
    JsonObject d = new JsonObject();
    d.addProperty("patientId", TestServer.PATIENT_A);
    d.addProperty("entityType", "checklist_item");
    d.addProperty("entityId", TestServer.ITEM_A);
    JsonArray fields = new JsonArray();
    fields.add("state");
    d.add("fields", fields);
    d.addProperty("rule", "checklist: missing wins");
    d.addProperty("status", "NEEDS_REVIEW");
    d.addProperty("serverValue", "{\"state\":\"DONE\"}");
    d.addProperty("deviceValue", "{\"state\":\"MISSING\"}");
    d.addProperty("baseVersion", 1);
    d.addProperty("serverVersion", 2);
    d.addProperty("deviceVersion", 2);
    edit.accept(d);
    return new SyncRecord("conflict", id, 1, 0, TestServer.PATIENT_A, false, null, null, d);
  }

  Reply recover(SyncRecord... records) throws Exception {
    return t.post("/api/v1/sync/recovery", json(new RecoveryRequest(dev, 0, List.of(records))), nurse);
  }

  long conflicts() {
    return t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict'");
  }

  static JsonElement parse(String json) {
    return JsonParser.parseString(json);
  }

  @Test
  void aRecoveredConflictIsCheckedFieldByFieldNamingTheField() throws Exception {
    Object[][] bad = {
      {"fields", parse("[{\"a\":1}]")}, {"fields", parse("[null]")}, {"fields", parse("[1]")},
      {"deviceTime", parse("\"garbage\"")}, {"deviceTime", parse("\"1899-12-31T23:59:59Z\"")},
      {"deviceTime", parse("\"2200-01-01T00:00:00Z\"")}, {"resolvedAt", parse("\"garbage\"")},
      {"baseVersion", parse("\"abc\"")}, {"deviceVersion", parse("1.5")}, {"serverVersion", parse("-1")},
      {"deviceAuthor", parse("{}")}, {"deviceAuthor", parse("\"" + "x".repeat(100) + "\"")}, {"zzz", parse("1")},
      {"createdAt", parse("\"garbage\"")},
    };
    long before = conflicts();
    for (Object[] c : bad) {
      String field = (String) c[0];
      Reply r = recover(conflict(UUID.randomUUID().toString(), d -> d.add(field, (JsonElement) c[1])));
      assertEquals(400, r.status(), field + " " + c[1] + ": " + r.body());
      assertEquals("VALIDATION_FAILED", r.code(), r.body());
      assertEquals("records[0].data." + field, r.json().getAsJsonObject("details").get("field").getAsString(), r.body());
      assertFalse(r.body().contains("com.google") || r.body().contains("Exception"), r.body());
    }
    assertEquals(before, conflicts(), "nothing kept");
    Reply good = recover(conflict(UUID.randomUUID().toString(), d -> d.addProperty("deviceTime", "2026-11-23T08:00:00Z")));
    assertEquals(200, good.status(), good.body());
    assertEquals(1, good.json().get("kept").getAsInt(), good.body());
  }

  @Test
  void aRecoveredConflictsDeviceValueMustBeWhatAPushCouldWrite() throws Exception {
    String[] bad = {
      "{\"state\":\"DANCING\"}", "{\"favouriteColour\":\"blue\"}", "{\"state\":1}",
      "{\"state\":\"DONE\",\"patientId\":\"" + TestServer.PATIENT_B + "\"}", "{\"patientId\":null}",
    };
    long before = conflicts();
    for (String value : bad) {
      Reply r = recover(conflict(UUID.randomUUID().toString(), d -> d.addProperty("deviceValue", value)));
      assertEquals(400, r.status(), value + ": " + r.body());
      assertEquals("records[0].data.deviceValue", r.json().getAsJsonObject("details").get("field").getAsString(), r.body());
    }
    assertEquals(before, conflicts());
    // A retraction's tablet side writes no values: it stays acceptable.
    Reply retraction = recover(conflict(UUID.randomUUID().toString(), d -> {
      d.addProperty("deviceValue", "{\"enteredInError\":true,\"reason\":\"Fel patient\"}");
      d.addProperty("serverValue", "{\"enteredInError\":false}");
    }));
    assertEquals(200, retraction.status(), retraction.body());
  }

  @Test
  void aRecoveredRecordWhoseDataNamesAnotherPatientIsRefused() throws Exception {
    JsonObject data = new JsonObject();
    data.addProperty("id", TestServer.ITEM_A);
    data.addProperty("patientId", TestServer.PATIENT_B);
    data.addProperty("state", "DONE");
    Reply r = recover(new SyncRecord("checklist_item", TestServer.ITEM_A, 7, 0, TestServer.PATIENT_A, false, null, null, data));
    assertEquals(400, r.status(), r.body());
    assertEquals("records[0].data.patientId", r.json().getAsJsonObject("details").get("field").getAsString(), r.body());
  }

  @Test
  void aRecoveredRecordsUpdatedByIsAStaffId() throws Exception {
    JsonObject data = new JsonObject();
    data.addProperty("id", TestServer.ITEM_A);
    data.addProperty("state", "DONE");
    Reply r = recover(new SyncRecord("checklist_item", TestServer.ITEM_A, 7, 0, TestServer.PATIENT_A, false, null,
        "x".repeat(100_000), data));
    assertEquals(400, r.status(), r.body().substring(0, Math.min(300, r.body().length())));
    assertEquals("records[0].updatedBy", r.json().getAsJsonObject("details").get("field").getAsString());
    Reply ok = recover(new SyncRecord("checklist_item", TestServer.ITEM_A, 7, 0, TestServer.PATIENT_A, false, null,
        TestServer.NURSE_A2, data));
    assertEquals(200, ok.status(), ok.body());
  }

  /** A conflict on ITEM_A made by two tablets' pushes; its id. */
  String pushedConflict() throws Exception {
    String dev2 = UUID.randomUUID().toString();
    String nurse2 = t.login("a2", dev2);
    JsonObject done = new JsonObject();
    done.addProperty("state", "DONE");
    JsonObject missing = new JsonObject();
    missing.addProperty("state", "NOT_APPLICABLE");
    t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(
        new Mutation(dev, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, done, null, Instant.now())), 1, null)), nurse);
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev2, List.of(
        new Mutation(dev2, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, missing, null, Instant.now())), 1, null)), nurse2);
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("conflictIds").get(0).getAsString();
  }

  void corrupt(String conflictId, String path, String value) {
    t.server.database().inWrite(h -> h.createUpdate("UPDATE records SET data = json_set(data, '" + path + "', :v) WHERE id = :id")
        .bind("v", value).bind("id", conflictId).execute());
  }

  @Test
  void oneUnreadableStoredConflictDoesNotTakeDownTheQueue() throws Exception {
    String good = pushedConflict();
    assertEquals(200, recover(conflict(UUID.randomUUID().toString(), d -> { })).status());
    String bad = t.server.database().withReader(h -> h.createQuery(
        "SELECT id FROM records WHERE entity_type = 'conflict' AND id <> :good").bind("good", good).mapTo(String.class).one());
    corrupt(bad, "$.deviceTime", "garbage");
    try (LogCapture log = LogCapture.start()) {
      Reply list = t.get("/api/v1/review/conflicts", lead);
      assertEquals(200, list.status(), list.body());
      assertEquals(1, list.json().getAsJsonArray("conflicts").size(), list.body());
      assertTrue(list.body().contains(good));
      Reply bulk = t.post("/api/v1/review/restored/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead);
      assertEquals(200, bulk.status(), bulk.body());
      Reply one = t.post("/api/v1/review/conflicts/" + bad + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead);
      assertEquals(404, one.status(), one.body());
      assertEquals(List.of(), log.errors());
      assertTrue(log.text().contains(bad), "the warning names the row");
    }
  }

  @Test
  void takeDeviceChecksTheStoredDeviceValueAndSaysItIsTheValueThatIsInvalid() throws Exception {
    String id = pushedConflict();
    long version = t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'");
    for (String value : new String[] {"{\"state\":\"DANCING\"}", "{\"patientId\":\"" + TestServer.PATIENT_B + "\"}",
        "{\"favouriteColour\":\"blue\"}", "not json"}) {
      corrupt(id, "$.deviceValue", value);
      Reply r = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
      assertEquals(400, r.status(), value + ": " + r.body());
      assertEquals("deviceValue", r.json().getAsJsonObject("details").get("field").getAsString(), r.body());
      assertTrue(r.json().get("message").getAsString().contains("deviceValue"), r.body());
    }
    assertEquals(version, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "nothing written");
    assertEquals(TestServer.PATIENT_A, t.server.database().withReader(h -> h.createQuery(
        "SELECT patient_id FROM records WHERE id = :id").bind("id", TestServer.ITEM_A).mapTo(String.class).one()));
  }
}
