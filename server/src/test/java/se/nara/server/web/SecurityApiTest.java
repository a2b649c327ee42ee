package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/** Identity, devices, capabilities, care scope, audit and log review over real HTTP. */
class SecurityApiTest {
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

  private JsonObject push(String token, String device, long n, String type, String id, MutationOp op, long base, JsonObject fields)
      throws Exception {
    Mutation m = new Mutation(device, n, type, id, op, base, fields, op == MutationOp.ENTERED_IN_ERROR ? "fel" : null, Instant.now());
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(device, List.of(m), 1, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  private Set<String> pulledIds(String token) throws Exception {
    Set<String> ids = new HashSet<>();
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", token).json().getAsJsonArray("records")) {
      ids.add(e.getAsJsonObject().get("id").getAsString());
    }
    return ids;
  }

  private Reply admin(String path, String patient, String team) throws Exception {
    String token = t.login("svu", UUID.randomUUID().toString());
    return t.post(path, "{\"patientId\":\"" + patient + "\",\"teamId\":\"" + team + "\"}", token);
  }

  @Test
  @DisplayName("only nurses and physicians record medication checks; an undersköterska may tick checklist items")
  void capabilitiesPerProfession() throws Exception {
    String dev = UUID.randomUUID().toString();
    String usk = t.login("usk", dev);
    JsonObject check = new JsonObject();
    check.addProperty("patientId", TestServer.PATIENT_A);
    JsonObject refused = push(usk, dev, 1, "medication_check", UUID.randomUUID().toString(), MutationOp.CREATE, 0, check);
    assertEquals("REJECTED", refused.get("status").getAsString());
    assertEquals("FORBIDDEN", refused.get("code").getAsString());
    JsonObject tick = new JsonObject();
    tick.addProperty("state", "DONE");
    assertEquals("APPLIED", push(usk, dev, 2, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, tick).get("status").getAsString());
  }

  @Test
  @DisplayName("a revoked device is refused with DEVICE_REVOKED and told to wipe; only team leaders of its team revoke it")
  void deviceRevocation() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurse = t.login("a1", dev);
    assertEquals(200, t.get("/api/v1/sync/pull", nurse).status());
    assertEquals(403, t.post("/api/v1/devices/" + dev + "/revoke", "{}", nurse).status(), "a nurse cannot revoke");
    String otherTeamsDevice = UUID.randomUUID().toString();
    t.login("b1", otherTeamsDevice);
    String lead = t.login("lead", UUID.randomUUID().toString());
    assertEquals(404, t.post("/api/v1/devices/" + otherTeamsDevice + "/revoke", "{}", lead).status(), "not the lead's team");
    assertEquals(404, t.post("/api/v1/devices/../../etc/revoke", "{}", lead).status());
    assertEquals(200, t.post("/api/v1/devices/" + dev + "/revoke", "{}", lead).status());

    Reply refused = t.get("/api/v1/sync/pull", nurse);
    assertEquals(401, refused.status());
    assertEquals("DEVICE_REVOKED", refused.code());
    assertTrue(refused.json().getAsJsonObject("details").get("wipe").getAsBoolean());
    Reply relogin = t.post("/api/v1/auth/login",
        "{\"username\":\"a1\",\"password\":\"" + TestServer.PASSWORD + "\",\"deviceId\":\"" + dev + "\"}", null);
    assertEquals("DEVICE_REVOKED", relogin.code(), "a revoked device cannot sign in again");
  }

  @Test
  @DisplayName("a refreshed token replaces the old one")
  void tokenRefresh() throws Exception {
    String old = t.login("a1", UUID.randomUUID().toString());
    Reply refreshed = t.post("/api/v1/auth/refresh", "{}", old);
    assertEquals(200, refreshed.status(), refreshed.body());
    String fresh = refreshed.json().get("token").getAsString();
    assertNotEquals(old, fresh);
    assertEquals(401, t.get("/api/v1/sync/pull", old).status());
    assertEquals(200, t.get("/api/v1/sync/pull", fresh).status());
    assertEquals(401, t.post("/api/v1/auth/refresh", "{}", null).status());
  }

  @Test
  @DisplayName("signing out ends that token's session at once, and only that one; a repeat says it was not live")
  void logout() throws Exception {
    String device = UUID.randomUUID().toString();
    String leaving = t.login("a1", device);
    String other = t.login("a1", UUID.randomUUID().toString());
    assertEquals(200, t.get("/api/v1/sync/pull", leaving).status());

    Reply out = t.post("/api/v1/auth/logout", "{}", leaving);
    assertEquals(200, out.status(), out.body());
    assertTrue(out.json().get("signedOut").getAsBoolean());
    assertEquals(401, t.get("/api/v1/sync/pull", leaving).status(), "the signed-out token is refused at once");
    assertEquals(200, t.get("/api/v1/sync/pull", other).status(), "the same user's other tablet is still signed in");

    Reply again = t.post("/api/v1/auth/logout", "", leaving);
    assertEquals(200, again.status(), again.body());
    assertFalse(again.json().get("signedOut").getAsBoolean(), "a retry is harmless and says the token was not live");
    Reply anonymous = t.post("/api/v1/auth/logout", "{}", null);
    assertEquals(401, anonymous.status());
    assertEquals("UNAUTHENTICATED", anonymous.code());
    assertEquals("MALFORMED_REQUEST", t.post("/api/v1/auth/logout", "[1]", other).code());
    assertEquals(200, t.get("/api/v1/sync/pull", other).status(), "a refused sign-out ends nothing");
  }

  @Test
  @DisplayName("a token reaches the server exactly as sent, also after a token that differs only in letter case on the same connection")
  void tokensAreCaseExactOnAKeptAliveConnection() throws Exception {
    // Jetty's per-connection header cache matched values ignoring case by default, so a token
    // sent after its case-swapped twin on one kept-alive connection arrived as the twin: a valid
    // sign-in refused with 401 (seen in HostileInputTest after its "Bearer x" request, whenever a
    // fresh token began with "X").
    String token = t.login("a1", UUID.randomUUID().toString());
    StringBuilder twin = new StringBuilder();
    for (char c : token.toCharArray()) {
      twin.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    List<Connection> connections = new ArrayList<>();
    OkHttpClient client =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void connectionAcquired(Call call, Connection connection) {
                    connections.add(connection);
                  }
                })
            .build();
    try {
      int[] statuses = new int[2];
      String[] sent = {twin.toString(), token};
      for (int i = 0; i < 2; i++) {
        Request request =
            new Request.Builder()
                .url(t.url() + "/api/v1/sync/pull?limit=1")
                .header(ProtocolVersion.HEADER, "1")
                .header("Authorization", "Bearer " + sent[i])
                .build();
        try (Response response = client.newCall(request).execute()) {
          response.body().string();
          statuses[i] = response.code();
        }
      }
      assertEquals(2, connections.size());
      assertTrue(connections.get(0) == connections.get(1), "both requests went over one kept-alive connection");
      assertEquals(401, statuses[0], "the case-swapped twin is not a token");
      assertEquals(200, statuses[1], "the real token, sent right after its twin, is accepted");
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Test
  @DisplayName("when a care relationship ends, devices are told to purge, see nothing more, and later writes are quarantined")
  void relationshipEnds() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurse = t.login("a1", dev);
    assertTrue(pulledIds(nurse).contains(TestServer.ITEM_A));
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    // a device that is caught up: its cursor is the newest change
    Reply purge = t.get("/api/v1/sync/pull?cursor=" + t.count("SELECT MAX(seq) FROM records"), nurse);
    assertTrue(purge.json().getAsJsonArray("purgePatientIds").toString().contains(TestServer.PATIENT_A), purge.body());
    assertFalse(pulledIds(nurse).contains(TestServer.ITEM_A), "no pull shows the patient any more");

    JsonObject fields = new JsonObject();
    fields.addProperty("note", "skrivet offline innan relationen avslutades");
    JsonObject late = push(nurse, dev, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, fields);
    assertEquals("CONFLICT", late.get("status").getAsString(), "quarantined, not rejected");
    String conflict = late.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE id = '" + conflict + "' AND data LIKE '%access lost%' AND data LIKE '%NEEDS_REVIEW%'"));
    assertEquals(0, t.count("SELECT COUNT(*) FROM records WHERE id = '" + TestServer.ITEM_A + "' AND data LIKE '%skrivet offline%'"), "not applied");
    JsonObject stranger = push(nurse, dev, 2, "checklist_item", TestServer.ITEM_B, MutationOp.UPDATE, 1, fields);
    assertEquals("ENTITY_NOT_FOUND", stranger.get("code").getAsString(),
        "another team's record answers like a missing one, never revealing that it exists");
  }

  @Test
  @DisplayName("a team that starts caring for a patient receives the patient's whole existing record")
  void relationshipStarts() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurseB = t.login("b1", dev);
    Reply caughtUp = t.get("/api/v1/sync/pull?limit=5000", nurseB);
    String cursor = caughtUp.json().get("nextCursor").getAsString();
    assertFalse(pulledIds(nurseB).contains(TestServer.ITEM_A));
    assertEquals(200, admin("/api/v1/admin/care-relationships/start", TestServer.PATIENT_A, TestServer.TEAM_B).status());
    Set<String> delta = new HashSet<>();
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000&cursor=" + cursor, nurseB).json().getAsJsonArray("records")) {
      delta.add(e.getAsJsonObject().get("id").getAsString());
    }
    assertTrue(delta.contains(TestServer.ITEM_A) && delta.contains(TestServer.PATIENT_A) && delta.contains(TestServer.LINE_A),
        "older records arrive after the cursor: " + delta);
  }

  @Test
  @DisplayName("a spärr removes the patient from the team at once: purge, no pulls, writes quarantined")
  void sparr() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurse = t.login("a1", dev);
    assertEquals(200, admin("/api/v1/admin/sparr", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    Reply page = t.get("/api/v1/sync/pull?limit=5000", nurse);
    assertTrue(page.json().getAsJsonArray("purgePatientIds").toString().contains(TestServer.PATIENT_A));
    assertFalse(pulledIds(nurse).contains(TestServer.PATIENT_A));
    JsonObject fields = new JsonObject();
    fields.addProperty("note", "x");
    assertEquals("CONFLICT", push(nurse, dev, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, fields).get("status").getAsString());
  }

  @Test
  @DisplayName("a record linked to another team's patient's visit does not change that visit: no write outside the care relationship")
  void aLinkToAnotherPatientsVisitReachesNothing() throws Exception {
    // A checklist or medication check of one's own patient names the visit it was made during; a
    // reviewed visit becomes "granskning inaktuell" when such content changes. Followed blindly,
    // the link let a nurse of team B write a new version of team A's patient's visit.
    String dev = UUID.randomUUID().toString();
    String nurseB = t.login("b1", dev);
    long visitVersion = t.count("SELECT version FROM records WHERE id = '" + TestServer.VISIT_REVIEWED + "'");
    long historyBefore = t.count("SELECT COUNT(*) FROM record_history WHERE record_id = '" + TestServer.VISIT_REVIEWED + "'");
    JsonObject checklist = new JsonObject();
    checklist.addProperty("patientId", TestServer.PATIENT_B);
    checklist.addProperty("visitId", TestServer.VISIT_REVIEWED);
    push(nurseB, dev, 1, "discharge_checklist", UUID.randomUUID().toString(), MutationOp.CREATE, 0, checklist);
    JsonObject check = new JsonObject();
    check.addProperty("patientId", TestServer.PATIENT_B);
    check.addProperty("visitId", TestServer.VISIT_REVIEWED);
    push(nurseB, dev, 2, "medication_check", UUID.randomUUID().toString(), MutationOp.CREATE, 0, check);
    // and through a parent: an item of patient A's checklist, which carries a visit of its own
    t.server.database().inWrite(h -> h.execute(
        "UPDATE records SET data = json_set(data, '$.visitId', ?) WHERE id = ?", TestServer.VISIT_REVIEWED, TestServer.CHECKLIST_A));
    JsonObject item = new JsonObject();
    item.addProperty("patientId", TestServer.PATIENT_B);
    item.addProperty("checklistId", TestServer.CHECKLIST_A);
    item.addProperty("itemKey", "keys.extra");
    item.addProperty("state", "DONE");
    push(nurseB, dev, 3, "checklist_item", UUID.randomUUID().toString(), MutationOp.CREATE, 0, item);

    assertEquals(visitVersion, t.count("SELECT version FROM records WHERE id = '" + TestServer.VISIT_REVIEWED + "'"),
        "patient A's visit got no new version from team B's nurse");
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE id = '" + TestServer.VISIT_REVIEWED
        + "' AND json_extract(data, '$.reviewState') = 'REVIEWED'"), "its review still stands");
    assertEquals(historyBefore, t.count("SELECT COUNT(*) FROM record_history WHERE record_id = '" + TestServer.VISIT_REVIEWED + "'"));
  }

  @Test
  @DisplayName("admin endpoints are for administrators and validate their input")
  void adminValidation() throws Exception {
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply notAdmin = t.post("/api/v1/admin/sparr", "{\"patientId\":\"" + TestServer.PATIENT_A + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", lead);
    assertEquals(403, notAdmin.status());
    assertEquals(400, admin("/api/v1/admin/sparr", "x'; DROP TABLE records; --", TestServer.TEAM_A).status());
    assertEquals(404, admin("/api/v1/admin/care-relationships/end", UUID.randomUUID().toString(), TestServer.TEAM_A).status());
  }

  @Test
  @DisplayName("a protected identity's address never leaves the server")
  void protectedIdentity() throws Exception {
    String nurse = t.login("a1", UUID.randomUUID().toString());
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", nurse).json().getAsJsonArray("records")) {
      JsonObject r = e.getAsJsonObject();
      if (r.get("id").getAsString().equals(TestServer.PATIENT_A)) {
        assertFalse(r.getAsJsonObject("data").has("address"));
        assertEquals("Astrid Lind", r.getAsJsonObject("data").get("name").getAsString());
      }
    }
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE id = '" + TestServer.PATIENT_A + "' AND data LIKE '%Skyddad väg%'"));
  }

  @Test
  @DisplayName("a device's local reads arrive in the access log with device time and server time, even after access ended")
  void deviceAuditUpload() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurse = t.login("a1", dev);
    admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A);
    JsonObject entry = new JsonObject();
    entry.addProperty("patientId", TestServer.PATIENT_A);
    entry.addProperty("action", "READ");
    entry.addProperty("resourceType", "checklist_item");
    entry.addProperty("occurredAtDevice", "2026-11-23T07:00:00Z");
    JsonObject r = push(nurse, dev, 1, "audit_entry", UUID.randomUUID().toString(), MutationOp.CREATE, 0, entry);
    assertEquals("APPLIED", r.get("status").getAsString());
    assertEquals(1, t.count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'DEVICE' AND patient_id = '" + TestServer.PATIENT_A
        + "' AND staff_id = '" + TestServer.NURSE_A1 + "' AND device_id = '" + dev + "' AND occurred_at_device = "
        + Instant.parse("2026-11-23T07:00:00Z").toEpochMilli() + " AND received_at > occurred_at_device"));
    JsonObject update = new JsonObject();
    update.addProperty("action", "UPDATE");
    assertEquals("ENTITY_NOT_WRITABLE", push(nurse, dev, 2, "audit_entry", UUID.randomUUID().toString(), MutationOp.UPDATE, 1, update)
        .get("code").getAsString(), "append-only");
    JsonObject tooLong = entry.deepCopy();
    tooLong.addProperty("resourceType", "x".repeat(41));
    JsonObject refused = push(nurse, dev, 3, "audit_entry", UUID.randomUUID().toString(), MutationOp.CREATE, 0, tooLong);
    assertEquals("INVALID_FIELD", refused.get("code").getAsString(), "wider than the log's column on PostgreSQL: " + refused);
    tooLong.addProperty("resourceType", "checklist_item");
    tooLong.addProperty("resourceId", "y".repeat(65));
    assertEquals("INVALID_FIELD", push(nurse, dev, 4, "audit_entry", UUID.randomUUID().toString(), MutationOp.CREATE, 0, tooLong)
        .get("code").getAsString());
    assertEquals(0, t.count("SELECT COUNT(*) FROM audit_log WHERE resource_type = '" + "x".repeat(41) + "' OR resource_id = '" + "y".repeat(65) + "'"));
  }

  @Test
  @DisplayName("log review: MAS and admins filter and sample the log, every review is logged, old entries expire")
  void logReview() throws Exception {
    String nurse = t.login("a1", UUID.randomUUID().toString());
    t.get("/api/v1/sync/pull?limit=5000", nurse);
    assertEquals(403, t.get("/api/v1/audit", nurse).status());
    String mas = t.login("mas", UUID.randomUUID().toString());
    Reply byPatient = t.get("/api/v1/audit?patient=" + TestServer.PATIENT_A, mas);
    assertEquals(200, byPatient.status(), byPatient.body());
    assertTrue(byPatient.json().getAsJsonArray("entries").size() >= 1);
    for (JsonElement e : byPatient.json().getAsJsonArray("entries")) {
      assertEquals(TestServer.PATIENT_A, e.getAsJsonObject().get("patientId").getAsString());
    }
    Reply byUser = t.get("/api/v1/audit?user=" + TestServer.NURSE_A1 + "&from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z", mas);
    for (JsonElement e : byUser.json().getAsJsonArray("entries")) {
      assertEquals(TestServer.NURSE_A1, e.getAsJsonObject().get("staffId").getAsString());
    }
    Reply sample = t.get("/api/v1/audit?sample=2", mas);
    assertEquals(2, sample.json().getAsJsonArray("entries").size());
    assertEquals(400, t.get("/api/v1/audit?sample=0", mas).status());
    assertEquals(400, t.get("/api/v1/audit?from=igår", mas).status());
    assertEquals(400, t.get("/api/v1/audit?patient=1%20OR%201=1", mas).status());
    assertTrue(t.count("SELECT COUNT(*) FROM audit_log WHERE staff_id = '" + TestServer.MAS + "' AND resource_type = 'audit_log'") >= 2,
        "the log review is itself logged");

    long old = Instant.now().minusSeconds(6L * 365 * 24 * 3600).toEpochMilli();
    t.server.database().inWrite(h -> h.execute(
        "INSERT INTO audit_log (id, received_at, action, outcome) VALUES ('old-entry', " + old + ", 'READ', 'OK')"));
    new se.nara.server.audit.LogReviewService(t.server.database(), new se.nara.server.store.AuditStore(),
        new se.nara.server.audit.AuditService(new se.nara.server.store.AuditStore(), java.time.Clock.systemUTC()),
        java.time.Duration.ofDays(5 * 365 + 1), java.time.Clock.systemUTC()).applyRetention();
    assertEquals(0, t.count("SELECT COUNT(*) FROM audit_log WHERE id = 'old-entry'"));
    assertTrue(t.count("SELECT COUNT(*) FROM audit_log") > 0, "recent entries stay");
  }

  @Test
  @DisplayName("JSON nested deeper than any protocol message is refused as malformed")
  void jsonDepth() throws Exception {
    String nurse = t.login("a1", UUID.randomUUID().toString());
    String deep = "[".repeat(5000) + "]".repeat(5000);
    Reply r = t.post("/api/v1/sync/push", "{\"deviceId\":\"x\",\"mutations\":" + deep + "}", nurse);
    assertEquals(400, r.status());
    assertEquals("MALFORMED_REQUEST", r.code());
    Reply trailing = t.post("/api/v1/auth/login", "{\"username\":\"a1\"} {\"x\":1}", null);
    assertEquals(400, trailing.status());
  }

  @Test
  @DisplayName("log review: a period boundary no clock can show is a 400 naming it, not a 500")
  void logReviewPeriodBounds() throws Exception {
    String mas = t.login("mas", UUID.randomUUID().toString());
    String[][] bad = {
      {"from", "%2B1000000000-01-01T00:00:00Z"}, {"to", "-1000000000-01-01T00:00:00Z"},
      {"from", "-1000000000-01-01T00:00:00Z"}, {"to", "%2B1000000000-12-31T23:59:59Z"}, {"from", "1899-12-31T23:59:59Z"},
    };
    for (String[] b : bad) {
      Reply r = t.get("/api/v1/audit?" + b[0] + "=" + b[1], mas);
      assertEquals(400, r.status(), b[0] + "=" + b[1] + ": " + r.body());
      assertEquals("VALIDATION_FAILED", r.code());
      assertEquals(b[0], r.json().getAsJsonObject("details").get("field").getAsString());
    }
    assertEquals(200, t.get("/api/v1/audit?from=2020-01-01T00:00:00Z&to=2199-12-31T23:59:59Z", mas).status());
  }
}
