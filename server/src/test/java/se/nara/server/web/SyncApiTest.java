package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/** Protocol v1 against a real server on a free port, over real HTTP. */
class SyncApiTest {
  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static JsonObject fields(String... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      o.addProperty(kv[i], kv[i + 1]);
    }
    return o;
  }

  private static Mutation update(String device, long n, String type, String id, long base, JsonObject fields) {
    return new Mutation(device, n, type, id, MutationOp.UPDATE, base, fields, null, Instant.now());
  }

  private Reply push(String token, String device, Mutation... mutations) throws Exception {
    return t.post("/api/v1/sync/push", json(new PushRequest(device, List.of(mutations), mutations.length, null)), token);
  }

  private List<JsonObject> pullAll(String token) throws Exception {
    List<JsonObject> all = new ArrayList<>();
    String cursor = "";
    while (true) {
      Reply r = t.get("/api/v1/sync/pull?limit=3&cursor=" + cursor, token);
      assertEquals(200, r.status(), r.body());
      for (JsonElement e : r.json().getAsJsonArray("records")) {
        all.add(e.getAsJsonObject());
      }
      cursor = r.json().get("nextCursor").getAsString();
      if (!r.json().get("hasMore").getAsBoolean()) {
        return all;
      }
    }
  }

  private static JsonObject record(List<JsonObject> records, String id) {
    JsonObject found = null;
    for (JsonObject r : records) {
      if (r.get("id").getAsString().equals(id)) {
        found = r; // the latest occurrence wins
      }
    }
    return found;
  }

  @Test
  void healthAnswersWithoutAuthentication() throws Exception {
    Reply r = t.send(new Request.Builder().url(t.url() + "/health").build());
    assertEquals(200, r.status());
    assertEquals("UP", r.json().get("status").getAsString());
  }

  @Test
  void databaseRunsInWalMode() {
    assertEquals("wal", t.server.database().journalMode());
  }

  @Test
  void loginGivesATokenAndWrongPasswordGivesAJsonError() throws Exception {
    assertNotNull(t.login("a1", UUID.randomUUID().toString()));
    Reply wrong = t.post("/api/v1/auth/login", "{\"username\":\"a1\",\"password\":\"fel\",\"deviceId\":\"" + UUID.randomUUID() + "\"}", null);
    assertEquals(401, wrong.status());
    assertEquals("INVALID_CREDENTIALS", wrong.code());
    Reply unknown = t.post("/api/v1/auth/login", "{\"username\":\"nobody\",\"password\":\"x\",\"deviceId\":\"" + UUID.randomUUID() + "\"}", null);
    assertEquals(401, unknown.status());
    assertEquals("INVALID_CREDENTIALS", unknown.code());
  }

  @Test
  void fiveFailedLoginsLockTheAccount() throws Exception {
    String device = UUID.randomUUID().toString();
    for (int i = 0; i < 5; i++) {
      t.post("/api/v1/auth/login", "{\"username\":\"a2\",\"password\":\"fel\",\"deviceId\":\"" + device + "\"}", null);
    }
    Reply locked = t.post("/api/v1/auth/login", "{\"username\":\"a2\",\"password\":\"" + TestServer.PASSWORD + "\",\"deviceId\":\"" + device + "\"}", null);
    assertEquals(429, locked.status(), locked.body());
    assertEquals("ACCOUNT_LOCKED", locked.code());
  }

  @Test
  void loginValidatesItsInput() throws Exception {
    Reply missing = t.post("/api/v1/auth/login", "{\"username\":\"a1\"}", null);
    assertEquals(400, missing.status());
    assertEquals("VALIDATION_FAILED", missing.code());
    Reply badDevice = t.post("/api/v1/auth/login", "{\"username\":\"a1\",\"password\":\"x\",\"deviceId\":\"../../etc\"}", null);
    assertEquals(400, badDevice.status());
    assertEquals("deviceId", badDevice.json().getAsJsonObject("details").get("field").getAsString());
  }

  @Test
  void everyApiRequestNeedsASupportedProtocolVersion() throws Exception {
    Reply none = t.send(new Request.Builder().url(t.url() + "/api/v1/sync/pull").build());
    assertEquals(400, none.status());
    assertEquals("UNSUPPORTED_PROTOCOL_VERSION", none.code());
    Reply two = t.send(new Request.Builder().url(t.url() + "/api/v1/sync/pull").header("Nara-Protocol-Version", "2").build());
    assertEquals(400, two.status());
    assertEquals("UNSUPPORTED_PROTOCOL_VERSION", two.code());
    assertEquals(1, two.json().getAsJsonObject("details").getAsJsonArray("supported").get(0).getAsInt());
  }

  @Test
  void clientMistakesGetJsonErrorsNever500() throws Exception {
    String token = t.login("a1", UUID.randomUUID().toString());
    Reply noToken = t.get("/api/v1/sync/pull", null);
    assertEquals(401, noToken.status());
    assertEquals("UNAUTHENTICATED", noToken.code());
    Reply badToken = t.get("/api/v1/sync/pull", "not-a-token");
    assertEquals(401, badToken.status());
    Reply malformed = t.post("/api/v1/sync/push", "{not json", token);
    assertEquals(400, malformed.status());
    assertEquals("MALFORMED_REQUEST", malformed.code());
    Reply wrongType = t.send(new Request.Builder().url(t.url() + "/api/v1/sync/push")
        .header("Nara-Protocol-Version", "1").header("Authorization", "Bearer " + token)
        .post(RequestBody.create("x=1", MediaType.get("application/x-www-form-urlencoded"))).build());
    assertEquals(415, wrongType.status());
    assertEquals("UNSUPPORTED_MEDIA_TYPE", wrongType.code());
    Reply badCursor = t.get("/api/v1/sync/pull?cursor=abc", token);
    assertEquals(400, badCursor.status());
    assertEquals("VALIDATION_FAILED", badCursor.code());
    Reply badLimit = t.get("/api/v1/sync/pull?limit=0", token);
    assertEquals(400, badLimit.status());
    Reply unknown = t.get("/api/v1/nothing", token);
    assertEquals(404, unknown.status());
    assertEquals("NOT_FOUND", unknown.code());
    Reply wrongMethod = t.send(new Request.Builder().url(t.url() + "/api/v1/sync/pull")
        .header("Nara-Protocol-Version", "1").header("Authorization", "Bearer " + token).delete().build());
    assertEquals(405, wrongMethod.status());
    assertEquals("METHOD_NOT_ALLOWED", wrongMethod.code());
    StringBuilder huge = new StringBuilder("{\"deviceId\":\"");
    while (huge.length() < 9 * 1024 * 1024) {
      huge.append("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }
    Reply tooLarge = t.post("/api/v1/sync/push", huge.append("\"}").toString(), token);
    assertEquals(413, tooLarge.status());
    assertEquals("PAYLOAD_TOO_LARGE", tooLarge.code());
  }

  @Test
  void pushAppliesOnceAndAReplayedBatchChangesNothing() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    String visit = UUID.randomUUID().toString();
    JsonObject visitFields = fields("patientId", TestServer.PATIENT_A, "note", "Besök", "status", "COMPLETED");
    Mutation create = new Mutation(device, 1, "visit", visit, MutationOp.CREATE, 0, visitFields, null, Instant.now());
    Mutation tick = update(device, 2, "checklist_item", TestServer.ITEM_A, 1, fields("state", "DONE", "confirmedBy", TestServer.NURSE_A1));
    Reply first = push(token, device, create, tick);
    assertEquals(200, first.status(), first.body());
    JsonArray results = first.json().getAsJsonArray("results");
    assertEquals("APPLIED", results.get(0).getAsJsonObject().get("status").getAsString());
    assertEquals("APPLIED", results.get(1).getAsJsonObject().get("status").getAsString());
    assertEquals(2, results.get(1).getAsJsonObject().get("version").getAsLong());
    assertEquals(2, first.json().get("lastMutationId").getAsLong());

    long history = t.count("SELECT COUNT(*) FROM record_history");
    long log = t.count("SELECT COUNT(*) FROM mutation_log");
    String data = t.server.database().withReader(h -> h.createQuery("SELECT data FROM records WHERE id = :id").bind("id", TestServer.ITEM_A).mapTo(String.class).one());

    Reply replay = push(token, device, create, tick);
    assertEquals(200, replay.status());
    assertEquals(JsonParser.parseString(first.body()).getAsJsonObject().get("results"), replay.json().get("results"));
    assertEquals(history, t.count("SELECT COUNT(*) FROM record_history"));
    assertEquals(log, t.count("SELECT COUNT(*) FROM mutation_log"));
    assertEquals(data, t.server.database().withReader(h -> h.createQuery("SELECT data FROM records WHERE id = :id").bind("id", TestServer.ITEM_A).mapTo(String.class).one()));
  }

  @Test
  void aNumberSentAgainWithAnotherChangeOfTheSameRecordIsNotAnsweredAsAReplay() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    Instant before = Instant.parse("2026-11-24T08:00:00Z");
    Mutation first = new Mutation(device, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1,
        fields("note", "före kopian"), null, before);
    assertEquals("APPLIED", push(token, device, first).json().getAsJsonArray("results").get(0).getAsJsonObject()
        .get("status").getAsString());
    long log = t.count("SELECT COUNT(*) FROM mutation_log");
    // The tablet's database is put back from a copy taken before mutation 1: its next change,
    // on the same item, gets number 1 again.
    Mutation reused = new Mutation(device, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1,
        fields("note", "efter återställningen"), null, before.plusSeconds(3600));
    JsonObject answer = push(token, device, reused).json().getAsJsonArray("results").get(0).getAsJsonObject();
    assertEquals("REJECTED", answer.get("status").getAsString(), answer.toString());
    assertEquals("MUTATION_REUSED", answer.get("code").getAsString());
    assertEquals(log, t.count("SELECT COUNT(*) FROM mutation_log"), "the number's record stays the first change's");
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE id = '" + TestServer.ITEM_A + "' AND data LIKE '%före kopian%'"));
    // The first change sent again is still a replay, answered as before.
    assertEquals("APPLIED", push(token, device, first).json().getAsJsonArray("results").get(0).getAsJsonObject()
        .get("status").getAsString());
  }

  @Test
  void aGapInMutationNumbersIsRefusedWithTheExpectedNumber() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    Reply gap = push(token, device, update(device, 3, "checklist_item", TestServer.ITEM_A, 1, fields("note", "x")));
    assertEquals(409, gap.status());
    assertEquals("MUTATION_GAP", gap.code());
    assertEquals(1, gap.json().getAsJsonObject("details").get("expected").getAsLong());
    assertEquals(0, t.count("SELECT COUNT(*) FROM mutation_log"));
  }

  @Test
  void aCursorBeyondTheServersNewestChangeIsRefusedNotAnsweredWithNothingNew() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    long newest = t.count("SELECT MAX(seq) FROM records");
    Reply caughtUp = t.get("/api/v1/sync/pull?cursor=" + newest, token);
    assertEquals(200, caughtUp.status(), caughtUp.body());
    assertEquals(0, caughtUp.json().getAsJsonArray("records").size());

    // As after a restore from an older backup: the tablet has seen more than the server has.
    Reply ahead = t.get("/api/v1/sync/pull?cursor=" + (newest + 40), token);
    assertEquals(409, ahead.status(), ahead.body());
    assertEquals("CURSOR_AHEAD", ahead.code());
    assertEquals(newest + 40, ahead.json().getAsJsonObject("details").get("cursor").getAsLong());
    assertEquals(newest, ahead.json().getAsJsonObject("details").get("serverSeq").getAsLong());
    assertTrue(ahead.json().get("message").getAsString().contains("backup"), ahead.body());
  }

  @Test
  void aCursorNamingAChangeThisServerDoesNotHaveIsRefusedEvenBelowTheNewest() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    Reply all = t.get("/api/v1/sync/pull", token);
    String cursor = all.json().get("nextCursor").getAsString();
    String[] parts = cursor.split("\\.");
    assertEquals(3, parts.length, cursor);
    assertEquals(200, t.get("/api/v1/sync/pull?cursor=" + cursor, token).status(), "the server's own cursor holds");

    // A restored server has given this position and history id to other changes: other times.
    String elsewhere = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) - 1);
    Reply lost = t.get("/api/v1/sync/pull?cursor=" + elsewhere, token);
    assertEquals(409, lost.status(), lost.body());
    assertEquals("CURSOR_AHEAD", lost.code());
    assertEquals(Long.parseLong(parts[0]), lost.json().getAsJsonObject("details").get("cursor").getAsLong());
    assertTrue(lost.json().get("message").getAsString().contains("backup"), lost.body());
    Reply missing = t.get("/api/v1/sync/pull?cursor=" + parts[0] + ".987654321." + parts[2], token);
    assertEquals("CURSOR_AHEAD", missing.code(), "a history entry this server never wrote: " + missing.body());

    for (String bad : new String[] {"1.2", "1.2.3.4", "1..3", "-1", "1.-2.3", "+1", "x.2.3", "1.2.3."}) {
      Reply refused = t.get("/api/v1/sync/pull?cursor=" + bad, token);
      assertEquals(400, refused.status(), bad + ": " + refused.body());
      assertEquals("VALIDATION_FAILED", refused.code(), bad);
    }
    assertEquals(200, t.get("/api/v1/sync/pull?cursor=" + parts[0], token).status(), "a bare position of an older SDK");
  }

  private static se.nara.sdk.protocol.SyncRecord offered(String type, String id, long version, String patientId, JsonObject data) {
    return new se.nara.sdk.protocol.SyncRecord(type, id, version, 0, patientId, false, null, null, data);
  }

  private Reply recover(String token, String device, long lastMutationId, se.nara.sdk.protocol.SyncRecord... records) throws Exception {
    return t.post("/api/v1/sync/recovery", json(new se.nara.sdk.protocol.RecoveryRequest(device, lastMutationId, List.of(records))), token);
  }

  @Test
  void recoveryKeepsOnlyNewerVersionsOfTheCallersPatientsOnceAndRefusesBadOffersClearly() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    JsonObject newer = fields("state", "DONE", "note", "lost by the server");
    long conflictsBefore = t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict'");

    Reply first = recover(token, device, 0,
        offered("checklist_item", TestServer.ITEM_A, 7, TestServer.PATIENT_A, newer),
        offered("checklist_item", TestServer.ITEM_A, 1, TestServer.PATIENT_A, fields("note", "the server's own version")),
        offered("checklist_item", TestServer.ITEM_B, 7, TestServer.PATIENT_B, newer)); // another team's patient
    assertEquals(200, first.status(), first.body());
    assertEquals(3, first.json().get("offered").getAsInt());
    assertEquals(1, first.json().get("kept").getAsInt(), "only the newer version of a patient in the caller's care");
    assertEquals(conflictsBefore + 1, t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict'"));
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict' AND data LIKE '%lost by the server%'"
        + " AND data LIKE '%NEEDS_REVIEW%'"));
    assertEquals(1, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "nothing applied");

    String other = UUID.randomUUID().toString();
    Reply again = recover(t.login("a1", other), other, 0, offered("checklist_item", TestServer.ITEM_A, 7, TestServer.PATIENT_A, newer));
    assertEquals(0, again.json().get("kept").getAsInt());
    assertEquals(1, again.json().get("keptBefore").getAsInt(), "the same lost version from another tablet is kept once");
    assertEquals(conflictsBefore + 1, t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict'"));

    se.nara.sdk.protocol.SyncRecord retracted = new se.nara.sdk.protocol.SyncRecord("checklist_item", TestServer.ITEM_A, 8, 0,
        TestServer.PATIENT_A, true, null, null, fields("note", "x"));
    Reply lostRetraction = recover(token, device, 0, retracted);
    assertEquals(1, lostRetraction.json().get("kept").getAsInt());
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict' AND data LIKE '%enteredInError%'"),
        "a lost retraction is kept as a value too");
    assertEquals(0, recover(token, device, 0, offered("team", TestServer.TEAM_B, 9, null, fields("name", "x")))
        .json().get("kept").getAsInt(), "the team directory is the server's own data");
    String openOnItem = "SELECT COUNT(*) FROM records WHERE entity_type = 'conflict' AND data LIKE '%NEEDS_REVIEW%'"
        + " AND data LIKE '%restored from an older backup%' AND data LIKE '%" + TestServer.ITEM_A + "%'";
    assertEquals(1, t.count(openOnItem), "version 8 replaced version 7 in the review: it holds 7's changes");
    Reply older = recover(token, device, 0, offered("checklist_item", TestServer.ITEM_A, 5, TestServer.PATIENT_A, fields("note", "v5")));
    assertEquals(0, older.json().get("kept").getAsInt());
    assertEquals(1, older.json().get("keptBefore").getAsInt(), "an older lost version is held by the newer one");
    assertEquals(1, recover(token, device, 0, offered("checklist_item", TestServer.ITEM_A, 9, TestServer.PATIENT_A, fields("note", "v9")))
        .json().get("kept").getAsInt());
    assertEquals(1, t.count(openOnItem), "still one to review, the newest");
    conflictsBefore += 2;

    // After a restore, version numbers are handed out again: a lost version can share its number
    // with another change the server has. The content tells them apart.
    JsonObject lineNow = com.google.gson.JsonParser.parseString(t.server.database().withReader(h -> h.createQuery(
        "SELECT data FROM records WHERE id = :id").bind("id", TestServer.LINE_A).mapTo(String.class).one())).getAsJsonObject();
    long lineVersion = t.count("SELECT version FROM records WHERE id = '" + TestServer.LINE_A + "'");
    assertEquals(0, recover(token, device, 0, offered("medication_line", TestServer.LINE_A, lineVersion, TestServer.PATIENT_A, lineNow))
        .json().get("kept").getAsInt(), "the very version the server has");
    JsonObject otherChange = lineNow.deepCopy();
    otherChange.addProperty("dose", "3 tabletter");
    assertEquals(1, recover(token, device, 0, offered("medication_line", TestServer.LINE_A, lineVersion, TestServer.PATIENT_A, otherChange))
        .json().get("kept").getAsInt(), "the same version number, another change: lost all the same");
    conflictsBefore++;

    Reply advanced = recover(token, device, 12);
    assertEquals(12, advanced.json().get("lastMutationId").getAsLong(), "numbering goes on after what the server lost");
    assertEquals(12, recover(token, device, 3).json().get("lastMutationId").getAsLong(), "and never goes back");

    Reply otherDevice = recover(token, other, 0);
    assertEquals(403, otherDevice.status(), otherDevice.body());
    String[][] bad = {
      {"conflict", TestServer.ITEM_A, "7"}, {"nonsense", TestServer.ITEM_A, "7"}, {"checklist_item", "not-a-uuid", "7"},
      {"checklist_item", TestServer.ITEM_A, "0"},
    };
    for (String[] b : bad) {
      Reply refused = recover(token, device, 0, offered(b[0], b[1], Long.parseLong(b[2]), TestServer.PATIENT_A, newer));
      assertEquals(400, refused.status(), String.join(" ", b) + ": " + refused.body());
      assertEquals("VALIDATION_FAILED", refused.code());
    }
    assertEquals(400, recover(token, device, -1).status());
    assertEquals(400, recover(token, device, 0, offered("checklist_item", TestServer.ITEM_A, 7, TestServer.PATIENT_A, null)).status());
    se.nara.sdk.protocol.SyncRecord[] tooMany = new se.nara.sdk.protocol.SyncRecord[se.nara.sdk.protocol.RecoveryRequest.MAX_RECORDS + 1];
    java.util.Arrays.fill(tooMany, offered("checklist_item", TestServer.ITEM_A, 7, TestServer.PATIENT_A, newer));
    assertEquals(400, recover(token, device, 0, tooMany).status());
    assertEquals(conflictsBefore + 1, t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict'"), "no refusal kept anything");

    Reply edit = t.post("/api/v1/review/restored/resolve", "{\"choice\":\"EDIT\",\"value\":{\"note\":\"x\"}}", t.login("lead", UUID.randomUUID().toString()));
    assertEquals(400, edit.status(), "EDIT is made one conflict at a time: " + edit.body());
    Reply nurse = t.post("/api/v1/review/restored/resolve", "{\"choice\":\"TAKE_DEVICE\"}", token);
    assertEquals(403, nurse.status(), "only team leaders decide: " + nurse.body());
    assertEquals(1, t.count(openOnItem), "neither refusal resolved anything");
  }

  @Test
  void aRefusedMutationWithAnOverlongTypeAndIdIsLoggedWithinTheColumnsWidthsAndReplaysTheSameRefusal() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    Mutation garbage = update(device, 1, "t".repeat(5000), "i".repeat(5000), 1, fields("note", "x"));
    for (int attempt = 0; attempt < 2; attempt++) { // the second is a replay, answered from the log
      Reply r = push(token, device, garbage);
      assertEquals(200, r.status(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
      JsonObject answer = r.json().getAsJsonArray("results").get(0).getAsJsonObject();
      assertEquals("REJECTED", answer.get("status").getAsString());
      assertEquals("ENTITY_NOT_WRITABLE", answer.get("code").getAsString());
      assertTrue(answer.get("message").getAsString().length() < 200, "the refusal does not echo 5,000 characters back");
    }
    assertEquals(1, t.count("SELECT COUNT(*) FROM mutation_log WHERE device_id = '" + device + "' AND LENGTH(entity_type) <= 40"
        + " AND LENGTH(entity_id) <= 64 AND LENGTH(message) <= 2000"), "within the widths PostgreSQL would enforce");
  }

  /** A conflict record as a tablet holds it: a value rule 13 set aside on the item. */
  private static JsonObject lostConflict(String patientId, String status) {
    JsonObject c = fields("patientId", patientId, "entityType", "checklist_item", "entityId", TestServer.ITEM_A,
        "baseValue", "{\"note\":\"\"}", "serverValue", "{\"note\":\"the server's\"}",
        "deviceValue", "{\"note\":\"set aside, kept only here\"}", "resultValue", "{\"note\":\"the server's\"}",
        "rule", "rule 13", "status", status);
    JsonArray fieldNames = new JsonArray();
    fieldNames.add("note");
    c.add("fields", fieldNames);
    return c;
  }

  @Test
  void aConflictRecordOfferedInARecoveryCannotReachAnotherPatientsRecordOrTheServersOwn() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    // Offered for the caller's own patient, but about a record of team B's patient.
    JsonObject forged = lostConflict(TestServer.PATIENT_A, "NEEDS_REVIEW");
    forged.addProperty("entityId", TestServer.ITEM_B);
    String id = UUID.randomUUID().toString();
    Reply refused = recover(token, device, 0, offered("conflict", id, 1, TestServer.PATIENT_A, forged));
    assertEquals(400, refused.status(), refused.body());
    assertEquals("VALIDATION_FAILED", refused.code());
    assertEquals(0, t.count("SELECT COUNT(*) FROM records WHERE id = '" + id + "'"));
    // About a patient record: the server's own data.
    JsonObject aboutPatient = lostConflict(TestServer.PATIENT_A, "NEEDS_REVIEW");
    aboutPatient.addProperty("entityType", "patient");
    aboutPatient.addProperty("entityId", TestServer.PATIENT_B);
    Reply refusedToo = recover(token, device, 0, offered("conflict", UUID.randomUUID().toString(), 1, TestServer.PATIENT_A, aboutPatient));
    assertEquals(400, refusedToo.status(), refusedToo.body());
    long lost = t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict' AND data LIKE '%" + TestServer.ITEM_B + "%'");
    assertEquals(0, lost, "nothing points at team B's record");
  }

  @Test
  void recoveryBringsBackAConflictRecordTheServerLostWaitingForReviewAgain() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    String id = UUID.randomUUID().toString();
    JsonObject resolved = lostConflict(TestServer.PATIENT_A, "RESOLVED");
    resolved.addProperty("resolvedBy", TestServer.LEAD_A);
    resolved.addProperty("resolvedAt", "2026-11-20T10:00:00Z");
    resolved.addProperty("resolution", "{\"choice\":\"KEEP_SERVER\",\"note\":\"" + "n".repeat(2000) + "\"}");
    resolved.addProperty("rule", se.nara.server.rules.ConflictRules.RULE_CLINICAL);
    resolved.addProperty("ruleLabel", "Ring 0701234567 för att lösa konflikten");

    Reply kept = recover(token, device, 0, offered("conflict", id, 2, TestServer.PATIENT_A, resolved));
    assertEquals(200, kept.status(), kept.body());
    assertEquals(1, kept.json().get("kept").getAsInt(), "the set-aside value lived only in that conflict record");
    JsonObject stored = com.google.gson.JsonParser.parseString(t.server.database().withReader(h -> h.createQuery(
        "SELECT data FROM records WHERE id = :id AND entity_type = 'conflict'").bind("id", id).mapTo(String.class).one())).getAsJsonObject();
    assertEquals("NEEDS_REVIEW", stored.get("status").getAsString(), "a decision the backup lacks is made again");
    assertFalse(stored.has("resolution"), stored.toString());
    assertEquals(se.nara.server.sync.RuleLabels.swedish(se.nara.server.rules.ConflictRules.RULE_CLINICAL), stored.get("ruleLabel").getAsString(),
        "the label is the server's words for the rule, not the tablet's");
    assertTrue(stored.get("deviceValue").getAsString().contains("set aside, kept only here"), stored.toString());
    assertEquals(1, t.count("SELECT COUNT(*) FROM record_history WHERE record_id = '" + id + "' AND reason LIKE '%decided KEEP_SERVER before the restore by %'"),
        "the earlier decision is named in the history");
    assertEquals(0, t.count("SELECT COUNT(*) FROM record_history WHERE LENGTH(reason) > 2000"), "its long note is not copied into the reason");
    assertEquals(1, t.count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'RESTORE_OFFERED' AND detail = 'conflict " + id + "'"));

    String other = UUID.randomUUID().toString();
    assertEquals(0, recover(t.login("a1", other), other, 0, offered("conflict", id, 2, TestServer.PATIENT_A, resolved))
        .json().get("kept").getAsInt(), "another tablet's copy: the server has it again");
    String elsewhere = UUID.randomUUID().toString();
    assertEquals(0, recover(token, device, 0, offered("conflict", elsewhere, 1, TestServer.PATIENT_B, lostConflict(TestServer.PATIENT_B, "NEEDS_REVIEW")))
        .json().get("kept").getAsInt(), "another team's patient is not this tablet's to offer");
    assertEquals(0, t.count("SELECT COUNT(*) FROM records WHERE id = '" + elsewhere + "'"));

    // It is reviewed like any other: taking the set-aside value writes it.
    Reply decided = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\",\"note\":\"x\"}",
        t.login("lead", UUID.randomUUID().toString()));
    assertEquals(200, decided.status(), decided.body());
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE id = '" + TestServer.ITEM_A + "' AND data LIKE '%set aside, kept only here%'"));

    String[][] broken = {
      {"patientId", TestServer.PATIENT_B}, {"entityType", "conflict"}, {"entityId", "not-a-uuid"}, {"status", "DECIDED"},
      {"deviceValue", "not json"}, {"serverValue", null}, {"resultValue", "[1]"}, {"rule", null}, {"rule", "r".repeat(1001)}, {"fields", null},
    };
    for (String[] b : broken) {
      JsonObject data = lostConflict(TestServer.PATIENT_A, "NEEDS_REVIEW");
      if (b[1] == null) {
        data.remove(b[0]);
      } else {
        data.addProperty(b[0], b[1]);
      }
      Reply refused = recover(token, device, 0, offered("conflict", UUID.randomUUID().toString(), 1, TestServer.PATIENT_A, data));
      assertEquals(400, refused.status(), b[0] + ": " + refused.body());
      assertEquals("VALIDATION_FAILED", refused.code(), b[0]);
      assertTrue(refused.json().get("message").getAsString().contains("conflict record") || refused.body().contains(b[0]), refused.body());
    }
  }

  @Test
  void concurrentEditsOfDifferentFieldsMergeAndOfTheSameFieldKeepBothValues() throws Exception {
    String devA = UUID.randomUUID().toString();
    String devB = UUID.randomUUID().toString();
    String tokenA = t.login("a1", devA);
    String tokenB = t.login("a2", devB);
    // both devices saw version 1 of the medication line
    Reply a = push(tokenA, devA, update(devA, 1, "medication_line", TestServer.LINE_A, 1, fields("dose", "2 tabletter")));
    assertEquals("APPLIED", a.json().getAsJsonArray("results").get(0).getAsJsonObject().get("status").getAsString());
    Reply disjoint = push(tokenB, devB, update(devB, 1, "medication_line", TestServer.LINE_A, 1, fields("reason", "Hjärtsvikt")));
    assertEquals("MERGED", disjoint.json().getAsJsonArray("results").get(0).getAsJsonObject().get("status").getAsString());
    Reply clash = push(tokenB, devB, update(devB, 2, "medication_line", TestServer.LINE_A, 1, fields("dose", "1/2 tablett")));
    JsonObject result = clash.json().getAsJsonArray("results").get(0).getAsJsonObject();
    assertEquals("CONFLICT", result.get("status").getAsString());
    String conflictId = result.getAsJsonArray("conflictIds").get(0).getAsString();

    List<JsonObject> pulled = pullAll(tokenA);
    JsonObject line = record(pulled, TestServer.LINE_A).getAsJsonObject("data");
    assertEquals("2 tabletter", line.get("dose").getAsString(), "the server value stays");
    assertEquals("Hjärtsvikt", line.get("reason").getAsString(), "the disjoint change merged");
    JsonObject conflict = record(pulled, conflictId);
    assertNotNull(conflict, "conflict records are pulled by the team's devices");
    JsonObject c = conflict.getAsJsonObject("data");
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertEquals(TestServer.LINE_A, c.get("entityId").getAsString());
    assertEquals("{\"dose\":\"1/2 tablett\"}", c.get("deviceValue").getAsString());
    assertEquals("{\"dose\":\"2 tabletter\"}", c.get("serverValue").getAsString());
    assertEquals("{\"dose\":\"1 tablett\"}", c.get("baseValue").getAsString());
    assertEquals(TestServer.NURSE_A2, c.get("deviceAuthor").getAsString());
    assertEquals(TestServer.NURSE_A1, c.get("serverAuthor").getAsString());
    assertEquals(devA, c.get("serverDeviceId").getAsString(), "each side's device");
    assertEquals(devB, c.get("deviceId").getAsString());
    assertTrue(c.has("serverDeviceTime") && c.has("deviceTime"), "each side's device time");
  }

  @Test
  void aDeviceNeverConflictsWithItsOwnEarlierChange() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    Reply r = push(token, dev,
        update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "först")),
        update(dev, 2, "checklist_item", TestServer.ITEM_A, 1, fields("note", "rättat")));
    assertEquals("APPLIED", r.json().getAsJsonArray("results").get(1).getAsJsonObject().get("status").getAsString());
  }

  @Test
  void anEntityCreatedAndChangedOfflineIsOneDevicesStoryNotAConflict() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    String visit = UUID.randomUUID().toString();
    Reply r = push(token, dev,
        new Mutation(dev, 1, "visit", visit, MutationOp.CREATE, 0, fields("patientId", TestServer.PATIENT_A, "note", "utkast"), null, Instant.now()),
        update(dev, 2, "visit", visit, 0, fields("note", "klart")));
    JsonArray results = r.json().getAsJsonArray("results");
    assertEquals("APPLIED", results.get(1).getAsJsonObject().get("status").getAsString(), r.body());
    assertEquals(2, results.get(1).getAsJsonObject().get("version").getAsLong());
  }

  @Test
  void badMutationsAreRejectedOneByOneAndTheRestOfTheBatchApplies() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    Reply r = push(token, dev,
        update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("nonsense", "x")),
        update(dev, 2, "checklist_item", TestServer.ITEM_A, 1, fields("state", "MAYBE")),
        update(dev, 3, "checklist_item", TestServer.ITEM_B, 1, fields("state", "DONE")),
        update(dev, 4, "patient", TestServer.PATIENT_A, 1, fields("name", "X")),
        update(dev, 5, "checklist_item", UUID.randomUUID().toString(), 1, fields("state", "DONE")),
        new Mutation(dev, 6, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, fields("id", "x"), null, Instant.now()),
        update(dev, 7, "checklist_item", TestServer.ITEM_A, 1, fields("state", "DONE")));
    assertEquals(200, r.status(), r.body());
    JsonArray results = r.json().getAsJsonArray("results");
    String[] expected = {"INVALID_FIELD", "INVALID_FIELD", "ENTITY_NOT_FOUND", "ENTITY_NOT_WRITABLE", "ENTITY_NOT_FOUND", "INVALID_FIELD"};
    for (int i = 0; i < expected.length; i++) {
      JsonObject result = results.get(i).getAsJsonObject();
      assertEquals("REJECTED", result.get("status").getAsString(), result.toString());
      assertEquals(expected[i], result.get("code").getAsString(), result.toString());
      assertFalse(result.get("message").getAsString().isEmpty());
    }
    assertEquals("APPLIED", results.get(6).getAsJsonObject().get("status").getAsString());
    assertEquals(7, r.json().get("lastMutationId").getAsLong(), "rejections advance the counter: they are final answers");
  }

  @Test
  void aChangeOnAVersionTheServerDoesNotHaveStopsThePushWithNothingApplied() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    long versionBefore = t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'");
    // As after a restore from an older backup: the tablet had seen version 7 of the item.
    Reply r = push(token, dev,
        update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "fine on its own")),
        update(dev, 2, "checklist_item", TestServer.ITEM_A, 7, fields("state", "DONE")));
    assertEquals(409, r.status(), r.body());
    assertEquals("CURSOR_AHEAD", r.code());
    assertEquals(TestServer.ITEM_A, r.json().getAsJsonObject("details").get("entityId").getAsString());
    assertEquals(7, r.json().getAsJsonObject("details").get("baseVersion").getAsLong());
    assertTrue(r.json().get("message").getAsString().contains("backup"), r.body());
    assertEquals(versionBefore, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "nothing applied");
    assertEquals(0, t.count("SELECT COUNT(*) FROM mutation_log WHERE device_id = '" + dev + "'"), "nothing answered: both stay queued");
  }

  @Test
  void aServerFaultInOneMutationIsQuarantinedAndTheRestOfTheBatchApplies() throws Exception {
    String corrupt = UUID.randomUUID().toString();
    t.server.database().inWrite(h -> h.execute(
        "INSERT INTO records (id, entity_type, patient_id, version, seq, tombstone, data, created_at, updated_at)"
            + " VALUES (?, 'checklist_item', ?, 1, 999999, 0, '[\"not an object\"]', 0, 0)", corrupt, TestServer.PATIENT_A));
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    Reply r = push(token, dev,
        update(dev, 1, "checklist_item", corrupt, 1, fields("note", "x")),
        update(dev, 2, "checklist_item", TestServer.ITEM_A, 1, fields("note", "still applied")));
    assertEquals(200, r.status(), r.body());
    JsonObject poisoned = r.json().getAsJsonArray("results").get(0).getAsJsonObject();
    assertEquals("REJECTED", poisoned.get("status").getAsString());
    assertEquals("INTERNAL_ERROR", poisoned.get("code").getAsString());
    assertTrue(poisoned.get("message").getAsString().contains("incident"), poisoned.toString());
    assertEquals("APPLIED", r.json().getAsJsonArray("results").get(1).getAsJsonObject().get("status").getAsString());
    assertEquals(2, r.json().get("lastMutationId").getAsLong(), "the queue moves on");
  }

  @Test
  void aFaultAfterAMutationHasWrittenUndoesThatMutationOnlyAndAppliesTheRestOnce() throws Exception {
    // The visit's record row is written, then its history row fails: a fault in the middle of a
    // mutation, after the fast pass (no savepoint per mutation) has already changed the database.
    String visit = UUID.randomUUID().toString();
    t.server.database().inWrite(h -> h.execute(
        "CREATE TRIGGER injected_fault BEFORE INSERT ON record_history WHEN NEW.record_id = '" + visit + "'"
            + " BEGIN SELECT RAISE(ABORT, 'injected fault'); END"));
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    Reply r = push(token, dev,
        update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "före")),
        new Mutation(dev, 2, "visit", visit, MutationOp.CREATE, 0, fields("patientId", TestServer.PATIENT_A, "note", "x"), null, Instant.now()),
        update(dev, 3, "checklist_item", TestServer.ITEM_A, 1, fields("note", "efter")));
    assertEquals(200, r.status(), r.body());
    JsonArray results = r.json().getAsJsonArray("results");
    assertEquals("APPLIED", results.get(0).getAsJsonObject().get("status").getAsString(), r.body());
    assertEquals("INTERNAL_ERROR", results.get(1).getAsJsonObject().get("code").getAsString(), r.body());
    assertEquals("APPLIED", results.get(2).getAsJsonObject().get("status").getAsString(), r.body());
    assertEquals(3, r.json().get("lastMutationId").getAsLong());

    assertEquals(0L, t.count("SELECT COUNT(*) FROM records WHERE id = '" + visit + "'"), "the failed mutation's row is undone");
    assertEquals(3L, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"));
    assertEquals(List.of(2L, 3L), t.server.database().withReader(h -> h.createQuery(
            "SELECT version FROM record_history WHERE record_id = :id AND version > 1 ORDER BY version")
        .bind("id", TestServer.ITEM_A).mapTo(Long.class).list()), "the mutations around it are applied exactly once");
    assertEquals(3L, t.count("SELECT COUNT(*) FROM mutation_log WHERE device_id = '" + dev + "'"));
    assertEquals(0L, t.count("SELECT COUNT(*) FROM audit_log WHERE resource_id = '" + visit + "' AND outcome = 'APPLIED'"),
        "no access-log entry claims the undone change");
  }

  @Test
  void aPushForAnotherDeviceIsForbidden() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    String other = UUID.randomUUID().toString();
    Reply r = push(token, other, update(other, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "x")));
    assertEquals(403, r.status());
    assertEquals("FORBIDDEN", r.code());
  }

  @Test
  void pullIsScopedToTheTeamsPatientsPagedAndComplete() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    List<JsonObject> records = pullAll(token);
    Set<String> ids = new HashSet<>();
    long lastSeq = 0;
    for (JsonObject r : records) {
      assertTrue(ids.add(r.get("id").getAsString()), "each record once");
      long seq = r.get("seq").getAsLong();
      assertTrue(seq > lastSeq, "commit order");
      lastSeq = seq;
      if (r.has("patientId") && !r.get("patientId").isJsonNull()) {
        assertEquals(TestServer.PATIENT_A, r.get("patientId").getAsString(), "only team A's patient");
      }
    }
    assertTrue(ids.contains(TestServer.ITEM_A));
    assertFalse(ids.contains(TestServer.ITEM_B));
    assertFalse(ids.contains(TestServer.PATIENT_B));
    assertTrue(ids.contains(TestServer.TEAM_B), "the team directory is visible to all staff");

    Reply caughtUp = t.get("/api/v1/sync/pull?cursor=" + lastSeq, token);
    assertEquals(0, caughtUp.json().getAsJsonArray("records").size());
    assertFalse(caughtUp.json().get("hasMore").getAsBoolean());
    assertTrue(caughtUp.json().get("nextCursor").getAsString().startsWith(lastSeq + "."),
        "the cursor stays at the newest change, and names it: " + caughtUp.body());
  }

  @Test
  void pullReportsTheDevicesLastAppliedMutation() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    push(token, dev, update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "x")));
    assertEquals(1, t.get("/api/v1/sync/pull", token).json().get("lastMutationId").getAsLong());
  }

  @Test
  void everyAppliedWriteAndEveryPulledPatientIsAudited() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    push(token, dev, update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("state", "DONE")));
    pullAll(token);
    assertEquals(1, t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'UPDATE' AND patient_id = '" + TestServer.PATIENT_A + "' AND staff_id = '" + TestServer.NURSE_A1 + "'"));
    assertTrue(t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'SYNC_PULL' AND patient_id = '" + TestServer.PATIENT_A + "' AND device_id = '" + dev + "'") >= 1);
    // Each pull entry names the care team through which the nurse saw the patient.
    assertEquals(0, t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'SYNC_PULL' AND device_id = '" + dev + "'"
        + " AND (team_id IS NULL OR team_id <> '" + TestServer.TEAM_A + "')"));
    assertEquals(0, t.count("SELECT COUNT(*) FROM audit_log WHERE patient_id = '" + TestServer.PATIENT_B + "'"));
  }

  @Test
  void enteredInErrorKeepsTheRecordAsATombstoneAndRefusesLaterEdits() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    Reply noReason = push(token, dev, new Mutation(dev, 1, "checklist_item", TestServer.ITEM_A, MutationOp.ENTERED_IN_ERROR, 1, null, null, Instant.now()));
    assertEquals(200, noReason.status(), noReason.body());
    assertEquals("INVALID_FIELD", noReason.json().getAsJsonArray("results").get(0).getAsJsonObject().get("code").getAsString());
    Reply retract = push(token, dev, new Mutation(dev, 2, "checklist_item", TestServer.ITEM_A, MutationOp.ENTERED_IN_ERROR, 1, null, "Fel patient", Instant.now()));
    assertEquals("APPLIED", retract.json().getAsJsonArray("results").get(0).getAsJsonObject().get("status").getAsString());
    Reply edit = push(token, dev, update(dev, 3, "checklist_item", TestServer.ITEM_A, 2, fields("note", "x")));
    assertEquals("ENTITY_RETRACTED", edit.json().getAsJsonArray("results").get(0).getAsJsonObject().get("code").getAsString());
    JsonObject pulled = record(pullAll(token), TestServer.ITEM_A);
    assertTrue(pulled.get("tombstone").getAsBoolean());
    assertEquals("Läkemedel finns hemma", pulled.getAsJsonObject("data").get("label").getAsString(), "the data stays readable");
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "never hard-deleted");
  }

  // --- input that once got a 500, or was taken silently ------------------------------------------

  /** Instant.parse reads these; no clock shows them, and epoch milliseconds cannot hold them. */
  static final Instant FAR_FUTURE = Instant.parse("+1000000000-01-01T00:00:00Z");
  static final Instant FAR_PAST = Instant.parse("-1000000000-01-01T00:00:00Z");

  private static JsonObject result(Reply r, int i) {
    return r.json().getAsJsonArray("results").get(i).getAsJsonObject();
  }

  private static void assertRejected(JsonObject result, String code, String mentioning) {
    assertEquals("REJECTED", result.get("status").getAsString(), result.toString());
    assertEquals(code, result.get("code").getAsString(), result.toString());
    assertTrue(result.get("message").getAsString().contains(mentioning), result.toString());
  }

  /** Writes a record as the server would, bypassing the push's checks: data stored before they existed. */
  private void stored(String type, String id, String patientId, JsonObject data) {
    t.server.database().inWrite(h -> new se.nara.server.sync.ServerRecords(new se.nara.server.store.RecordStore(), java.time.Clock.systemUTC())
        .insert(h, type, id, patientId, data, null, "written before times were bounded"));
  }

  @Test
  void aRecordTimeBeyondTheCalendarIsRejectedAsAnInvalidFieldNotStored() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    String poisoned = UUID.randomUUID().toString();
    String fine = UUID.randomUUID().toString();
    Reply r = push(token, dev,
        new Mutation(dev, 1, "visit", poisoned, MutationOp.CREATE, 0,
            fields("patientId", TestServer.PATIENT_A, "plannedStart", "+1000000000-01-01T00:00:00Z"), null, Instant.now()),
        new Mutation(dev, 2, "visit", fine, MutationOp.CREATE, 0,
            fields("patientId", TestServer.PATIENT_A, "plannedStart", Instant.now().toString()), null, Instant.now()));
    assertEquals(200, r.status(), r.body());
    assertRejected(result(r, 0), "INVALID_FIELD", "plannedStart");
    assertEquals("APPLIED", result(r, 1).get("status").getAsString(), r.body());
    assertEquals(0, t.count("SELECT COUNT(*) FROM records WHERE id = '" + poisoned + "'"));
    assertEquals(200, t.get("/api/v1/sync/pull?priority=today", token).status());
  }

  @Test
  void aStoredVisitTimeBeyondTheCalendarDoesNotFailTheTeamsPriorityPull() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    JsonObject poison = fields("id", UUID.randomUUID().toString(), "patientId", TestServer.PATIENT_A,
        "plannedStart", "+1000000000-01-01T00:00:00Z");
    stored("visit", poison.get("id").getAsString(), TestServer.PATIENT_A, poison);
    JsonObject today = fields("id", UUID.randomUUID().toString(), "patientId", TestServer.PATIENT_A,
        "plannedStart", Instant.now().toString());
    stored("visit", today.get("id").getAsString(), TestServer.PATIENT_A, today);
    try (se.nara.server.LogCapture log = se.nara.server.LogCapture.start()) {
      Reply r = t.get("/api/v1/sync/pull?priority=today", token);
      assertEquals(200, r.status(), r.body());
      assertTrue(r.body().contains(today.get("id").getAsString()), "today's visit still comes first");
      assertEquals(List.of(), log.errors());
    }
  }

  @Test
  void aDeviceClockBeyondTheCalendarIsRefusedPerMutationAndTheRestOfTheBatchGoesThrough() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    Mutation[] batch = {
      new Mutation(dev, 1, "no_such_type", UUID.randomUUID().toString(), MutationOp.UPDATE, 1, fields("note", "x"), null, FAR_FUTURE),
      new Mutation(dev, 2, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, fields("note", "x"), null, FAR_FUTURE),
      new Mutation(dev, 3, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, fields("note", "y"), null, FAR_PAST),
      update(dev, 4, "checklist_item", TestServer.ITEM_A, 1, fields("note", "still applied")),
    };
    try (se.nara.server.LogCapture log = se.nara.server.LogCapture.start()) {
      for (int attempt = 0; attempt < 2; attempt++) { // the second is a replay, answered from the log
        Reply r = push(token, dev, batch);
        assertEquals(200, r.status(), r.body());
        assertEquals("REJECTED", result(r, 0).get("status").getAsString(), r.body());
        assertRejected(result(r, 1), "INVALID_FIELD", "deviceTime");
        assertRejected(result(r, 2), "INVALID_FIELD", "deviceTime");
        assertEquals("APPLIED", result(r, 3).get("status").getAsString(), r.body());
        assertEquals(4, r.json().get("lastMutationId").getAsLong(), "the queue moves on");
      }
      assertEquals(List.of(), log.errors());
      assertFalse(log.hasStackTrace(), log.text());
    }
  }

  @Test
  void anOldestPendingTimeBeyondTheCalendarIsAValidationFailure() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    for (Instant oldest : new Instant[] {FAR_FUTURE, FAR_PAST}) {
      Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev,
          List.of(update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "x"))), 1, oldest)), token);
      assertEquals(400, r.status(), r.body());
      assertEquals("VALIDATION_FAILED", r.code());
      assertEquals("oldestPendingAt", r.json().getAsJsonObject("details").get("field").getAsString());
    }
    assertEquals(0, t.count("SELECT COUNT(*) FROM mutation_log WHERE device_id = '" + dev + "'"));
  }

  @Test
  void anImplausibleLastMutationIdIsRefusedAndACounterAtTheLimitCannotOverflow() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    for (long last : new long[] {Long.MAX_VALUE, (1L << 53) + 1}) { // beyond 2^53, the documented bound
      Reply refused = recover(token, dev, last);
      assertEquals(400, refused.status(), refused.body());
      assertEquals("VALIDATION_FAILED", refused.code());
      assertEquals("lastMutationId", refused.json().getAsJsonObject("details").get("field").getAsString());
    }
    Reply first = push(token, dev, update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "x")));
    assertEquals("APPLIED", result(first, 0).get("status").getAsString(), "the counter was not moved: " + first.body());

    // A counter stored before the bound: the next expected number must not wrap to Long.MIN_VALUE.
    t.server.database().inWrite(h -> h.execute("UPDATE devices SET last_mutation_id = ? WHERE device_id = ?", Long.MAX_VALUE, dev));
    Reply after = push(token, dev, update(dev, 2, "checklist_item", TestServer.ITEM_A, 1, fields("note", "y")));
    assertEquals(200, after.status(), after.body());
    assertEquals("REJECTED", result(after, 0).get("status").getAsString(), after.body());
    Reply huge = push(token, dev, update(dev, Long.MAX_VALUE, "checklist_item", TestServer.ITEM_A, 1, fields("note", "z")));
    assertEquals(400, huge.status(), huge.body());
    assertEquals("VALIDATION_FAILED", huge.code());
  }

  @Test
  void aNumberARecoveryMovedPastIsRefusedPerMutationOnceAndForGood() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    assertEquals(5, recover(token, dev, 5).json().get("lastMutationId").getAsLong());
    Mutation one = update(dev, 1, "checklist_item", TestServer.ITEM_A, 1, fields("note", "numbered before the restore"));
    Mutation two = update(dev, 2, "checklist_item", TestServer.ITEM_A, 1, fields("note", "so was this"));
    for (int attempt = 0; attempt < 2; attempt++) {
      Reply r = push(token, dev, one, two); // the same changes sent again
      assertEquals(200, r.status(), r.body());
      assertRejected(result(r, 0), "INVALID_FIELD", "mutation number 1");
      assertRejected(result(r, 1), "INVALID_FIELD", "mutation number 2");
      assertEquals(5, r.json().get("lastMutationId").getAsLong());
    }
    assertEquals(1, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "nothing applied");
    Reply next = push(token, dev, update(dev, 6, "checklist_item", TestServer.ITEM_A, 1, fields("note", "new")));
    assertEquals("APPLIED", result(next, 0).get("status").getAsString(), next.body());
  }

  @Test
  void enteredInErrorWithFieldsIsRejectedRatherThanDroppingTheFields() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    Reply r = push(token, dev,
        new Mutation(dev, 1, "checklist_item", TestServer.ITEM_A, MutationOp.ENTERED_IN_ERROR, 1, fields("note", "kept?"), "Fel patient", Instant.now()));
    assertEquals(200, r.status(), r.body());
    assertRejected(result(r, 0), "INVALID_FIELD", "not fields");
    assertEquals(0, t.count("SELECT tombstone FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "not retracted");
    Reply plain = push(token, dev,
        new Mutation(dev, 2, "checklist_item", TestServer.ITEM_A, MutationOp.ENTERED_IN_ERROR, 1, new JsonObject(), "Fel patient", Instant.now()));
    assertEquals("APPLIED", result(plain, 0).get("status").getAsString(), "no fields, as the SDK sends it: " + plain.body());
  }

  @Test
  void recoveryRefusesOfferedValuesNoPushCouldWriteNamingTheRecord() throws Exception {
    String dev = UUID.randomUUID().toString();
    String token = t.login("a1", dev);
    long conflictsBefore = t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict'");
    JsonObject[] invalid = {
      fields("id", TestServer.ITEM_A, "state", "DANCING"),
      fields("id", TestServer.ITEM_A, "note", "n".repeat(30_000)),
      fields("id", TestServer.ITEM_A, "note", "x", "favouriteColour", "blue"),
      fields("id", TestServer.ITEM_A, "confirmedAt", "+1000000000-01-01T00:00:00Z"),
    };
    for (JsonObject data : invalid) {
      Reply refused = recover(token, dev, 0, offered("checklist_item", TestServer.ITEM_A, 7, TestServer.PATIENT_A, data));
      assertEquals(400, refused.status(), refused.body());
      assertEquals("VALIDATION_FAILED", refused.code());
      assertEquals("records[0].data", refused.json().getAsJsonObject("details").get("field").getAsString());
      assertTrue(refused.json().get("message").getAsString().contains(TestServer.ITEM_A), refused.body());
    }
    assertEquals(conflictsBefore, t.count("SELECT COUNT(*) FROM records WHERE entity_type = 'conflict'"), "nothing kept for review");
    Reply valid = recover(token, dev, 0, offered("checklist_item", TestServer.ITEM_A, 7, TestServer.PATIENT_A,
        fields("id", TestServer.ITEM_A, "state", "DONE", "note", "lost by the server")));
    assertEquals(1, valid.json().get("kept").getAsInt(), valid.body());
  }

  @Test
  void cursorsAreAsciiDigitsAndAMadeUpOneIsRefusedWithAWarningNotAnError() throws Exception {
    String token = t.login("a1", UUID.randomUUID().toString());
    try (se.nara.server.LogCapture log = se.nara.server.LogCapture.start()) {
      for (String bad : new String[] {"%D9%A3", "1%EF%BC%92", "0.0.0", "0.5.5", "5.0.5"}) {
        Reply refused = t.get("/api/v1/sync/pull?cursor=" + bad, token);
        assertEquals(400, refused.status(), bad + ": " + refused.body());
        assertEquals("VALIDATION_FAILED", refused.code(), bad);
      }
      for (String broken : new String[] {"%zz", "1%2", "%"}) {
        Reply refused = t.get("/api/v1/sync/pull?cursor=" + broken, token);
        assertEquals(400, refused.status(), broken + " is not read as no cursor: " + refused.body());
      }
      assertEquals(List.of(), log.errors());
      assertFalse(log.warnings().isEmpty(), "a made-up cursor is worth a warning");
    }
  }

  @Test
  void aMalformedBodyIsExplainedWithoutGsonsAdviceToProgrammers() throws Exception {
    String token = t.login("a1", UUID.randomUUID().toString());
    for (String body : new String[] {"{not json", "{\"deviceId\":", "{\"deviceId\": 'x'}", "[1,]"}) {
      Reply r = t.post("/api/v1/sync/push", body, token);
      assertEquals(400, r.status(), r.body());
      assertEquals("MALFORMED_REQUEST", r.code());
      String message = r.json().get("message").getAsString();
      assertFalse(message.contains("http") || message.contains("Strictness") || message.contains("LENIENT")
          || message.contains("JsonReader") || message.contains("\n"), message);
    }
  }
}
