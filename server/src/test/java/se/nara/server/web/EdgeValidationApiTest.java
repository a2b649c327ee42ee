package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/** Requests at the edge of what the API accepts: each refused clearly, none silently read another way. */
class EdgeValidationApiTest {
  @TempDir Path dir;
  TestServer t;
  String dev1;
  String nurse1;
  String lead;

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir);
    dev1 = UUID.randomUUID().toString();
    nurse1 = t.login("a1", dev1);
    lead = t.login("lead", UUID.randomUUID().toString());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  static JsonObject state(String state) {
    JsonObject f = new JsonObject();
    f.addProperty("state", state);
    return f;
  }

  Reply push(String token, String dev, long n, String type, String id, MutationOp op, long base, JsonObject fields) throws Exception {
    return t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(
        new Mutation(dev, n, type, id, op, base, fields, null, Instant.now())), 1, null)), token);
  }

  static JsonObject result(Reply r) {
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  static String field(Reply r) {
    return r.json().getAsJsonObject("details").get("field").getAsString();
  }

  /** A conflict on ITEM_A made by two tablets' pushes; its id. Device 1 has used mutation 1. */
  String pushedConflict() throws Exception {
    String dev2 = UUID.randomUUID().toString();
    String nurse2 = t.login("a2", dev2);
    push(nurse1, dev1, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, state("DONE"));
    Reply r = push(nurse2, dev2, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, state("NOT_APPLICABLE"));
    return result(r).getAsJsonArray("conflictIds").get(0).getAsString();
  }

  @Test
  void aSeenVersionTheRecordNeverHadDoesNotPassForHavingSeenEverything() throws Exception {
    String conflict = pushedConflict();
    // A later change to the conflict's field that the team leader has not seen.
    Reply later = push(nurse1, dev1, 2, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 2, state("MISSING"));
    assertEquals("APPLIED", result(later).get("status").getAsString(), later.body());
    long version = t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'");
    for (long seen : new long[] {version + 1, 99_999, 0, -1}) {
      Reply r = t.post("/api/v1/review/conflicts/" + conflict + "/resolve",
          "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":" + seen + "}", lead);
      assertEquals(400, r.status(), seen + ": " + r.body());
      assertEquals("seenVersion", field(r), r.body());
    }
    assertEquals(version, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "nothing overwritten");
    Reply unseen = t.post("/api/v1/review/conflicts/" + conflict + "/resolve", "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":2}", lead);
    assertEquals("ENTITY_CHANGED", unseen.code(), unseen.body());
    Reply seen = t.post("/api/v1/review/conflicts/" + conflict + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":" + version + "}", lead);
    assertEquals(200, seen.status(), seen.body());
  }

  @Test
  void bulkRestoredResolveRefusesAnOverlongNoteUpFront() throws Exception {
    Reply r = t.post("/api/v1/review/restored/resolve",
        "{\"choice\":\"KEEP_SERVER\",\"note\":\"" + "n".repeat(2001) + "\"}", lead);
    assertEquals(400, r.status(), r.body());
    assertEquals("note", field(r));
    assertEquals(200, t.post("/api/v1/review/restored/resolve", "{\"choice\":\"KEEP_SERVER\",\"note\":\"ok\"}", lead).status());
  }

  static void assertNoJavaNames(Reply r) {
    assertFalse(r.body().contains("com.google") || r.body().contains("java.") || r.body().contains("Exception")
        || r.body().contains("JsonObject") || r.body().contains("JsonNull"), r.body());
  }

  void assertWrongKind(Reply r, String field) {
    assertEquals(400, r.status(), r.body());
    assertEquals("VALIDATION_FAILED", r.code(), r.body());
    assertEquals(field, field(r), r.body());
    assertNoJavaNames(r);
  }

  @Test
  void aValueOfTheWrongJsonKindIsRefusedNamingItsFieldNeverCoerced() throws Exception {
    String push = "{\"deviceId\":\"" + dev1 + "\",\"outboxDepth\":1,\"mutations\":[{\"deviceId\":\"" + dev1
        + "\",\"mutationId\":\"1\",\"entityType\":\"checklist_item\",\"entityId\":\"" + TestServer.ITEM_A
        + "\",\"op\":\"UPDATE\",\"baseVersion\":1,\"fields\":{\"state\":\"DONE\"}}]}";
    assertWrongKind(t.post("/api/v1/sync/push", push, nurse1), "mutations[0].mutationId");
    assertWrongKind(t.post("/api/v1/sync/push", push.replace("\"mutationId\":\"1\"", "\"mutationId\":1.5"), nurse1),
        "mutations[0].mutationId");
    assertWrongKind(t.post("/api/v1/sync/push", push.replace("\"mutationId\":\"1\"", "\"mutationId\":1")
        .replace("\"op\":\"UPDATE\"", "\"op\":\"SMASH\""), nurse1), "mutations[0].op");
    assertWrongKind(t.post("/api/v1/sync/push", push.replace("\"mutationId\":\"1\"", "\"mutationId\":1")
        .replace("\"outboxDepth\":1", "\"outboxDepth\":true"), nurse1), "outboxDepth");
    assertWrongKind(t.post("/api/v1/sync/push", push.replace("\"mutationId\":\"1\"", "\"mutationId\":1")
        .replace("\"baseVersion\":1", "\"baseVersion\":1,\"deviceTime\":12"), nurse1), "mutations[0].deviceTime");
    assertEquals(0, t.count("SELECT COUNT(*) FROM mutation_log"), "nothing applied");
    assertWrongKind(t.post("/api/v1/auth/login", "{\"username\":1,\"password\":\"x\",\"deviceId\":\"" + dev1 + "\"}", null),
        "username");
    assertWrongKind(t.post("/api/v1/access/emergency", "{\"personnummer\":193804122384,\"reason\":\"Akut försämring hemma\"}", nurse1),
        "personnummer");
    assertWrongKind(t.post("/api/v1/access/emergency", "{\"personnummer\":\"19380412-2384\",\"reason\":12}", nurse1), "reason");
    String record = "{\"type\":\"checklist_item\",\"id\":\"" + TestServer.ITEM_A + "\",\"version\":7,\"patientId\":\""
        + TestServer.PATIENT_A + "\",\"tombstone\":\"yes\",\"data\":{\"state\":\"DONE\"}}";
    assertWrongKind(t.post("/api/v1/sync/recovery", "{\"deviceId\":\"" + dev1 + "\",\"lastMutationId\":0,\"records\":[" + record + "]}",
        nurse1), "records[0].tombstone");
    assertWrongKind(t.post("/api/v1/sync/recovery", "{\"deviceId\":\"" + dev1 + "\",\"lastMutationId\":0,\"records\":{}}",
        nurse1), "records");
    Reply array = t.post("/api/v1/sync/push", "[1,2]", nurse1);
    assertEquals("MALFORMED_REQUEST", array.code(), array.body());
    assertNoJavaNames(array);
  }

  @Test
  void aNullResolveValueIsAbsentAndAWrongKindNamesValueWithoutJavaNames() throws Exception {
    String conflict = pushedConflict();
    String path = "/api/v1/review/conflicts/" + conflict + "/resolve";
    for (String value : new String[] {"5", "\"x\"", "[1]", "true"}) {
      assertWrongKind(t.post(path, "{\"choice\":\"EDIT\",\"value\":" + value + "}", lead), "value");
      assertWrongKind(t.post(path, "{\"choice\":\"KEEP_SERVER\",\"value\":" + value + "}", lead), "value");
    }
    Reply edit = t.post(path, "{\"choice\":\"EDIT\",\"value\":null}", lead);
    assertEquals("value", field(edit), "EDIT still needs its values: " + edit.body());
    assertNoJavaNames(edit);
    Reply keep = t.post(path, "{\"choice\":\"KEEP_SERVER\",\"value\":null}", lead);
    assertEquals(200, keep.status(), keep.body());
  }

  @Test
  void parseErrorsNeverNameJavaClasses() throws Exception {
    for (String body : new String[] {"{\"choice\":{}}", "{\"choice\":\"KEEP_SERVER\",\"seenVersion\":\"x\"}", "{", "\"x\"", "1"}) {
      Reply r = t.post("/api/v1/review/restored/resolve", body, lead);
      assertEquals(400, r.status(), body + ": " + r.body());
      assertNoJavaNames(r);
    }
    assertEquals("malformed JSON", Requests.humanMessage("java.io.EOFException"));
    assertFalse(Requests.humanMessage("Expected a com.google.gson.JsonObject but was com.google.gson.JsonNull at path $.value")
        .contains("com.google"));
  }

  @Test
  void endpointsThatReadNoBodyRefuseGarbageButTakeNoneOrAnObject() throws Exception {
    Reply garbage = t.post("/api/v1/auth/refresh", "garbage", nurse1);
    assertEquals(400, garbage.status(), garbage.body());
    assertEquals("MALFORMED_REQUEST", garbage.code());
    assertEquals("MALFORMED_REQUEST", t.post("/api/v1/auth/refresh", "[1]", nurse1).code());
    Reply ok = t.post("/api/v1/auth/refresh", "{}", nurse1);
    assertEquals(200, ok.status(), ok.body());
    String token = ok.json().get("token").getAsString();
    Reply empty = t.post("/api/v1/auth/refresh", "", token);
    assertEquals(200, empty.status(), empty.body());
    String admin = t.login("svu", UUID.randomUUID().toString());
    Reply revoke = t.post("/api/v1/devices/" + dev1 + "/revoke", "{not json", admin);
    assertEquals(400, revoke.status(), revoke.body());
    assertEquals("MALFORMED_REQUEST", revoke.code());
    assertEquals(0, t.count("SELECT COUNT(*) FROM devices WHERE revoked_at IS NOT NULL"), "not revoked");
    assertEquals(200, t.post("/api/v1/devices/" + dev1 + "/revoke", "{}", admin).status());
  }

  @Test
  void anUpperCaseIdIsRefusedEverywhereNeverTakenForAnotherRecord() throws Exception {
    String upper = TestServer.ITEM_A.toUpperCase();
    JsonObject item = new JsonObject();
    item.addProperty("patientId", TestServer.PATIENT_A);
    item.addProperty("checklistId", TestServer.CHECKLIST_A);
    item.addProperty("itemKey", "extra");
    item.addProperty("group", "MEDICINES");
    item.addProperty("label", "Extra");
    item.addProperty("state", "UNCHECKED");
    item.addProperty("sortOrder", 2);
    Reply create = push(nurse1, dev1, 1, "checklist_item", upper, MutationOp.CREATE, 0, item);
    assertEquals("REJECTED", result(create).get("status").getAsString(), create.body());
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE lower(id) = '" + TestServer.ITEM_A + "'"), "no second record");
    JsonObject upperField = item.deepCopy();
    upperField.addProperty("checklistId", TestServer.CHECKLIST_A.toUpperCase());
    Reply field = push(nurse1, dev1, 2, "checklist_item", UUID.randomUUID().toString(), MutationOp.CREATE, 0, upperField);
    assertEquals("REJECTED", result(field).get("status").getAsString(), field.body());
    assertTrue(result(field).toString().contains("checklistId"), field.body());
    Reply query = t.get("/api/v1/review/conflicts?patient=" + TestServer.PATIENT_A.toUpperCase(), lead);
    assertEquals(400, query.status(), query.body());
    assertEquals("patient", field(query));
    Reply path = t.post("/api/v1/review/conflicts/" + UUID.randomUUID().toString().toUpperCase() + "/resolve",
        "{\"choice\":\"KEEP_SERVER\"}", lead);
    assertEquals(404, path.status(), path.body());
    Reply login = t.post("/api/v1/auth/login", "{\"username\":\"a1\",\"password\":\"" + TestServer.PASSWORD
        + "\",\"deviceId\":\"" + dev1.toUpperCase() + "\"}", null);
    assertEquals(400, login.status(), login.body());
    assertEquals("deviceId", field(login));
    Reply dashes = t.post("/api/v1/auth/login", "{\"username\":\"a1\",\"password\":\"" + TestServer.PASSWORD
        + "\",\"deviceId\":\"" + "-".repeat(36) + "\"}", null);
    assertEquals(400, dashes.status(), dashes.body());
    String admin = t.login("svu", UUID.randomUUID().toString());
    for (String episode : new String[] {"-".repeat(36), TestServer.EPISODE_A.toUpperCase()}) {
      Reply svu = t.post("/api/v1/svu/messages", "{\"episodeId\":\"" + episode
          + "\",\"type\":\"UTSKRIVNINGSKLAR\",\"eventTime\":\"2026-11-20T10:00:00Z\"}", admin);
      assertEquals(400, svu.status(), episode + ": " + svu.body());
      assertEquals("episodeId", field(svu), svu.body());
    }
    Reply care = t.post("/api/v1/admin/sparr", "{\"patientId\":\"" + TestServer.PATIENT_A.toUpperCase() + "\",\"teamId\":\""
        + TestServer.TEAM_A + "\"}", admin);
    assertEquals(400, care.status(), care.body());
    assertEquals("patientId", field(care));
  }

  @Test
  void careRelationshipsAndSparrarNameATeamThatExists() throws Exception {
    String admin = t.login("svu", UUID.randomUUID().toString());
    String noTeam = UUID.randomUUID().toString();
    for (String path : new String[] {"care-relationships/start", "care-relationships/end", "sparr"}) {
      Reply r = t.post("/api/v1/admin/" + path, "{\"patientId\":\"" + TestServer.PATIENT_B + "\",\"teamId\":\"" + noTeam + "\"}", admin);
      assertEquals(404, r.status(), path + ": " + r.body());
      assertEquals("NOT_FOUND", r.code());
      assertTrue(r.json().get("message").getAsString().contains("team"), r.body());
    }
    assertEquals(0, t.count("SELECT COUNT(*) FROM care_relationships WHERE team_id = '" + noTeam + "'"));
    assertEquals(0, t.count("SELECT COUNT(*) FROM sparrar WHERE team_id = '" + noTeam + "'"));
    Reply real = t.post("/api/v1/admin/care-relationships/start", "{\"patientId\":\"" + TestServer.PATIENT_B + "\",\"teamId\":\""
        + TestServer.TEAM_A + "\"}", admin);
    assertEquals(200, real.status(), real.body());
  }

  @Test
  void aCreateIsBasedOnNoVersion() throws Exception {
    JsonObject item = new JsonObject();
    item.addProperty("patientId", TestServer.PATIENT_A);
    item.addProperty("checklistId", TestServer.CHECKLIST_A);
    item.addProperty("itemKey", "extra");
    item.addProperty("group", "MEDICINES");
    item.addProperty("label", "Extra");
    item.addProperty("state", "UNCHECKED");
    item.addProperty("sortOrder", 2);
    String id = UUID.randomUUID().toString();
    Reply five = push(nurse1, dev1, 1, "checklist_item", id, MutationOp.CREATE, 5, item);
    assertEquals("REJECTED", result(five).get("status").getAsString(), five.body());
    assertTrue(result(five).toString().contains("baseVersion"), five.body());
    assertEquals(0, t.count("SELECT COUNT(*) FROM records WHERE id = '" + id + "'"));
    Reply zero = push(nurse1, dev1, 2, "checklist_item", id, MutationOp.CREATE, 0, item);
    assertEquals("APPLIED", result(zero).get("status").getAsString(), zero.body());
  }

  @Test
  void anInventedCursorRaisesTheAlarmOncePerDeviceNotOnEveryPull() throws Exception {
    String dev2 = UUID.randomUUID().toString();
    String nurse2 = t.login("a2", dev2);
    try (se.nara.server.LogCapture log = se.nara.server.LogCapture.start()) {
      for (int i = 0; i < 5; i++) {
        Reply r = t.get("/api/v1/sync/pull?cursor=99999999", nurse1);
        assertEquals("CURSOR_AHEAD", r.code(), r.body());
        String message = r.json().get("message").getAsString();
        assertEquals(message.indexOf("newest"), message.lastIndexOf("newest"), "the newest change is named once: " + message);
      }
      assertEquals(1, log.errors().size(), log.text());
      assertTrue(log.warnings().size() >= 4, log.text());
      assertEquals("CURSOR_AHEAD", t.get("/api/v1/sync/pull?cursor=99999999", nurse2).code());
      assertEquals(2, log.errors().size(), "another device raises its own alarm: " + log.text());
    }
  }
}
