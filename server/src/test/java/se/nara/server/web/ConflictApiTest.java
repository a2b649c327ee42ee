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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;
import se.nara.server.rules.ConflictRules;
import se.nara.server.rules.SignedRecords;

/** The clinical rules through the real push path, and the team leader's review API. */
class ConflictApiTest {
  @TempDir Path dir;
  TestServer t;
  String devA;
  String devB;
  String tokenA;
  String tokenB;
  long nA;
  long nB;

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir);
    devA = UUID.randomUUID().toString();
    devB = UUID.randomUUID().toString();
    tokenA = t.login("a1", devA);
    tokenB = t.login("a2", devB);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  static JsonObject fields(Object... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v instanceof JsonElement e) {
        o.add((String) kv[i], e);
      } else {
        o.addProperty((String) kv[i], (String) v);
      }
    }
    return o;
  }

  private JsonObject pushA(String type, String id, long base, JsonObject f) throws Exception {
    return push(tokenA, devA, ++nA, type, id, MutationOp.UPDATE, base, f, null);
  }

  private JsonObject pushB(String type, String id, long base, JsonObject f) throws Exception {
    return push(tokenB, devB, ++nB, type, id, MutationOp.UPDATE, base, f, null);
  }

  private JsonObject push(String token, String dev, long n, String type, String id, MutationOp op, long base, JsonObject f, String reason)
      throws Exception {
    Mutation m = new Mutation(dev, n, type, id, op, base, f, reason, Instant.now());
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(m), 1, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  private JsonObject record(String id) {
    String data = t.server.database().withReader(h -> h.createQuery("SELECT data FROM records WHERE id = :id").bind("id", id).mapTo(String.class).one());
    return JsonParser.parseString(data).getAsJsonObject();
  }

  private boolean tombstone(String id) {
    return t.server.database().withReader(h -> h.createQuery("SELECT tombstone FROM records WHERE id = :id").bind("id", id).mapTo(Boolean.class).one());
  }

  private JsonArray queue(String token, String query) throws Exception {
    Reply r = t.get("/api/v1/review/conflicts" + query, token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("conflicts");
  }

  @Test
  @DisplayName("a team leader sees a dose clash first in the queue and resolves it with the device's value")
  void resolveByTakingTheDeviceValue() throws Exception {
    pushA("medication_line", TestServer.LINE_A, 1, fields("dose", "2 tabletter"));
    pushA("checklist_item", TestServer.ITEM_A, 1, fields("note", "a"));
    pushB("checklist_item", TestServer.ITEM_A, 1, fields("sortOrder", new com.google.gson.JsonPrimitive(9)));
    JsonObject clash = pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "1/2 tablett"));
    assertEquals("CONFLICT", clash.get("status").getAsString());
    String conflictId = clash.getAsJsonArray("conflictIds").get(0).getAsString();

    String lead = t.login("lead", UUID.randomUUID().toString());
    JsonArray queue = queue(lead, "");
    assertEquals(1, queue.size(), queue.toString());
    JsonObject view = queue.get(0).getAsJsonObject();
    assertEquals("MEDICATION", view.get("kind").getAsString());
    assertEquals("Astrid Lind", view.get("patientName").getAsString());
    JsonObject conflict = view.getAsJsonObject("conflict");
    assertEquals(conflictId, conflict.get("id").getAsString());
    assertEquals("{\"dose\":\"1/2 tablett\"}", conflict.get("deviceValue").getAsString());

    Reply resolved = t.post("/api/v1/review/conflicts/" + conflictId + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"note\":\"Läkaren bekräftade halv tablett\"}", lead);
    assertEquals(200, resolved.status(), resolved.body());
    assertEquals("RESOLVED", resolved.json().get("status").getAsString());
    assertEquals(TestServer.LEAD_A, resolved.json().get("resolvedBy").getAsString());
    assertEquals("1/2 tablett", record(TestServer.LINE_A).get("dose").getAsString());
    assertEquals(0, queue(lead, "").size(), "nothing left to review");
    assertEquals(1, queue(lead, "?status=RESOLVED").size());

    Reply again = t.post("/api/v1/review/conflicts/" + conflictId + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead);
    assertEquals(409, again.status());
    assertEquals("ALREADY_RESOLVED", again.code());

    // the resolution reaches the devices as new versions of the line and of the conflict
    JsonArray pulled = t.get("/api/v1/sync/pull?limit=5000", tokenA).json().getAsJsonArray("records");
    boolean lineSeen = false;
    boolean resolvedSeen = false;
    for (JsonElement e : pulled) {
      JsonObject r = e.getAsJsonObject();
      lineSeen |= r.get("id").getAsString().equals(TestServer.LINE_A) && r.getAsJsonObject("data").get("dose").getAsString().equals("1/2 tablett");
      resolvedSeen |= r.get("id").getAsString().equals(conflictId) && r.getAsJsonObject("data").get("status").getAsString().equals("RESOLVED");
    }
    assertTrue(lineSeen && resolvedSeen);
    long audited = t.server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM audit_log WHERE staff_id = :s AND outcome LIKE 'RESOLVED TAKE_DEVICE%'").bind("s", TestServer.LEAD_A).mapTo(Long.class).one());
    assertEquals(1, audited, "every resolution is audited");
  }

  private long version(String id) {
    return t.count("SELECT version FROM records WHERE id = '" + id + "'");
  }

  @Test
  @DisplayName("a decision is refused while the conflict's field changed after it unseen, and applies once the leader saw it")
  void aDecisionNeverOverwritesANewerValueUnseen() throws Exception {
    pushA("medication_line", TestServer.LINE_A, 1, fields("dose", "20 mg"));
    String id = pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "30 mg")).getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("APPLIED", pushA("medication_line", TestServer.LINE_A, version(TestServer.LINE_A), fields("dose", "40 mg"))
        .get("status").getAsString(), "a new order after the conflict");
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply refused = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
    assertEquals(409, refused.status(), refused.body());
    assertEquals("ENTITY_CHANGED", refused.code());
    assertEquals("40 mg", refused.json().getAsJsonObject("details").getAsJsonObject("current").get("dose").getAsString());
    assertEquals("40 mg", record(TestServer.LINE_A).get("dose").getAsString(), "the newer order stands");
    Reply edit = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"EDIT\",\"value\":{\"dose\":\"35 mg\"}}", lead);
    assertEquals(409, edit.status(), "an edit made on the old view too");
    long seen = version(TestServer.LINE_A);
    Reply decided = t.post("/api/v1/review/conflicts/" + id + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":" + seen + ",\"note\":\"Sett 40 mg, läkaren vill ha 30\"}", lead);
    assertEquals(200, decided.status(), decided.body());
    assertEquals("30 mg", record(TestServer.LINE_A).get("dose").getAsString());
  }

  @Test
  @DisplayName("a decision on a visit signed after its conflict is refused: a signed record changes only by amendment")
  void aDecisionNeverRewritesARecordSignedSince() throws Exception {
    String visit = UUID.randomUUID().toString();
    JsonObject created = fields("patientId", TestServer.PATIENT_A, "teamId", TestServer.TEAM_A, "visitType", "FOLLOW_UP",
        "status", "PLANNED", "plannedStart", "2026-11-24T08:00:00Z", "plannedEnd", "2026-11-24T08:30:00Z");
    assertEquals("APPLIED", push(tokenA, devA, ++nA, "visit", visit, MutationOp.CREATE, 0, created, null).get("status").getAsString());
    pushA("visit", visit, 1, fields("status", "COMPLETED"));
    JsonObject clash = pushB("visit", visit, 1, fields("status", "MISSED"));
    assertEquals("CONFLICT", clash.get("status").getAsString(), clash.toString());
    String id = clash.getAsJsonArray("conflictIds").get(0).getAsString();
    JsonObject sign = fields("note", "Besöket genomfört", "signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T08:40:00Z");
    assertEquals("APPLIED", pushA("visit", visit, version(visit), sign).get("status").getAsString());
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply refused = t.post("/api/v1/review/conflicts/" + id + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":" + version(visit) + "}", lead);
    assertEquals(409, refused.status(), refused.body());
    assertEquals("ENTITY_CHANGED", refused.code());
    assertEquals("COMPLETED", record(visit).get("status").getAsString(), "the signed visit is as signed");
  }

  @Test
  @DisplayName("taking the device's value of a record marked entered-in-error is refused, not silently ignored")
  void takingAValueIntoARetractedRecordIsRefused() throws Exception {
    push(tokenA, devA, ++nA, "medication_line", TestServer.LINE_A, MutationOp.ENTERED_IN_ERROR, 1, null, "Dubblett");
    String id = pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "3")).getAsJsonArray("conflictIds").get(0).getAsString();
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply refused = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
    assertEquals(409, refused.status(), refused.body());
    assertEquals("ENTITY_CHANGED", refused.code());
    assertTrue(queue(lead, "").size() > 0, "still waiting for a decision");
    assertEquals(200, t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead).status());
  }

  @Test
  @DisplayName("a team leader can resolve by editing a value, only of the conflict's fields")
  void resolveByEditing() throws Exception {
    pushA("medication_line", TestServer.LINE_A, 1, fields("dose", "2 tabletter"));
    String id = pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "3 tabletter")).getAsJsonArray("conflictIds").get(0).getAsString();
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply wrongField = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"EDIT\",\"value\":{\"route\":\"iv\"}}", lead);
    assertEquals(400, wrongField.status());
    Reply badChoice = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"WHATEVER\"}", lead);
    assertEquals(400, badChoice.status());
    Reply edited = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"EDIT\",\"value\":{\"dose\":\"2,5 tabletter\"}}", lead);
    assertEquals(200, edited.status(), edited.body());
    assertEquals("2,5 tabletter", record(TestServer.LINE_A).get("dose").getAsString());
  }

  @Test
  @DisplayName("only team leaders review, and only their own teams' conflicts")
  void reviewIsForTeamLeadersOfTheTeam() throws Exception {
    pushA("medication_line", TestServer.LINE_A, 1, fields("dose", "2"));
    String id = pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "3")).getAsJsonArray("conflictIds").get(0).getAsString();
    Reply nurse = t.get("/api/v1/review/conflicts", tokenA);
    assertEquals(403, nurse.status());
    assertEquals("FORBIDDEN", nurse.code());
    Reply nurseResolves = t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", tokenA);
    assertEquals(403, nurseResolves.status());
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply otherTeam = t.get("/api/v1/review/conflicts?team=" + TestServer.TEAM_B, lead);
    assertEquals(403, otherTeam.status());
    Reply unknown = t.post("/api/v1/review/conflicts/" + UUID.randomUUID() + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead);
    assertEquals(404, unknown.status());
    Reply badFilter = t.get("/api/v1/review/conflicts?kind=NONSENSE", lead);
    assertEquals(400, badFilter.status());
    assertEquals(1, queue(lead, "?kind=MEDICATION&patient=" + TestServer.PATIENT_A).size());
    assertEquals(0, queue(lead, "?kind=VISIT").size());
    assertEquals(0, queue(lead, "?minAgeHours=1").size());
  }

  @Test
  @DisplayName("missing and done on the same item at once keeps missing, keeps both, and needs review")
  void missingAndDone() throws Exception {
    pushA("checklist_item", TestServer.ITEM_A, 1, fields("state", "DONE", "confirmedBy", TestServer.NURSE_A1));
    JsonObject r = pushB("checklist_item", TestServer.ITEM_A, 1, fields("state", "MISSING", "confirmedBy", TestServer.NURSE_A2));
    assertEquals("MERGED", r.get("status").getAsString(), "the device's missing landed");
    assertEquals("MISSING", record(TestServer.ITEM_A).get("state").getAsString());
    String lead = t.login("lead", UUID.randomUUID().toString());
    JsonObject c = queue(lead, "?kind=CHECKLIST").get(0).getAsJsonObject().getAsJsonObject("conflict");
    assertTrue(c.get("serverValue").getAsString().contains("DONE"), "the done is kept");
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
  }

  @Test
  @DisplayName("a confirmed done is not unchecked by a device that never saw it, and that device's value is kept")
  void doneBeatsStaleUnchecked() throws Exception {
    pushA("checklist_item", TestServer.ITEM_A, 1, fields("state", "NOT_APPLICABLE"));
    // a device that saw the item as not applicable reverts it: refused outright
    JsonObject revert = pushA("checklist_item", TestServer.ITEM_A, 2, fields("state", "UNCHECKED"));
    assertEquals("REJECTED", revert.get("status").getAsString());
    assertEquals("INVALID_FIELD", revert.get("code").getAsString());
    assertEquals("NOT_APPLICABLE", record(TestServer.ITEM_A).get("state").getAsString());
  }

  @Test
  @DisplayName("a change to a signed visit becomes a new linked version and the signed text stays")
  void signedVisitsAreImmutable() throws Exception {
    JsonObject r = pushA("visit", TestServer.VISIT_SIGNED, 1, fields("note", "Rättad anteckning"));
    assertEquals("CONFLICT", r.get("status").getAsString());
    assertEquals("Signerad anteckning", record(TestServer.VISIT_SIGNED).get("note").getAsString());
    String amendment = t.server.database().withReader(h -> h.createQuery(
        "SELECT id FROM records WHERE entity_type = 'visit' AND data LIKE :link").bind("link", "%\"amendsId\":\"" + TestServer.VISIT_SIGNED + "\"%")
        .mapTo(String.class).one());
    JsonObject amended = record(amendment);
    assertEquals("Rättad anteckning", amended.get("note").getAsString());
    assertFalse(amended.has("signedAt"));
    String conflictId = r.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("AUTO_RESOLVED", record(conflictId).get("status").getAsString());
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply take = t.post("/api/v1/review/conflicts/" + conflictId + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
    assertEquals(400, take.status(), "a signed record is never overwritten, even by review");
    assertEquals(200, t.post("/api/v1/review/conflicts/" + conflictId + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead).status());
  }

  @Test
  @DisplayName("a signature over a concurrent change its signer never saw is applied but waits for review, naming the unseen change")
  void signingOverAnUnseenChangeWaitsForReview() throws Exception {
    String visit = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "visit", visit,
        fields("patientId", TestServer.PATIENT_A, "teamId", TestServer.TEAM_A, "status", "IN_PROGRESS", "note", "Besök påbörjat"));
    JsonObject b = pushB("visit", visit, 1, fields("note", "Föll i natt, misstänkt höftfraktur"));
    assertEquals("APPLIED", b.get("status").getAsString(), b.toString());
    JsonObject a = pushA("visit", visit, 1, fields("status", "COMPLETED", "note", "Allt lugnt",
        "signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z"));
    JsonObject signed = record(visit);
    assertEquals("2026-11-24T10:00:00Z", signed.get("signedAt").getAsString(), "the signature is applied");
    assertTrue(signed.get("note").getAsString().contains("Allt lugnt"));
    assertTrue(signed.get("note").getAsString().contains("höftfraktur"), "nothing in a note is lost");
    JsonObject unseen = null;
    for (JsonElement id : a.getAsJsonArray("conflictIds")) {
      JsonObject c = record(id.getAsString());
      if ("NEEDS_REVIEW".equals(c.get("status").getAsString())) {
        unseen = c;
      }
    }
    assertTrue(unseen != null, "the signature over an unseen note waits for review: " + a);
    assertTrue(unseen.get("rule").getAsString().contains("not seen"), unseen.toString());
    assertTrue(unseen.get("fields").toString().contains("note"), unseen.toString());
    assertTrue(unseen.get("serverValue").getAsString().contains("höftfraktur"), "names the unseen value: " + unseen);
    String lead = t.login("lead", UUID.randomUUID().toString());
    String id = unseen.get("id").getAsString();
    assertEquals(400, t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead).status(),
        "a signed record is never overwritten by review");
    assertEquals(200, t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead).status());
  }

  @Test
  @DisplayName("a signature over nothing unseen is applied with no review")
  void signingWhatWasSeenIsNotFlagged() throws Exception {
    String visit = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "visit", visit,
        fields("patientId", TestServer.PATIENT_A, "teamId", TestServer.TEAM_A, "status", "IN_PROGRESS", "note", "Besök påbörjat"));
    pushA("visit", visit, 1, fields("note", "Allt lugnt"));
    JsonObject a = pushA("visit", visit, 1, fields("status", "COMPLETED",
        "signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z"));
    assertEquals("APPLIED", a.get("status").getAsString(), a.toString());
  }

  @Test
  @DisplayName("a device's offline changes to a record signed meanwhile go to one amendment")
  void offlineChangesToASignedRecordShareOneAmendment() throws Exception {
    String visit = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "visit", visit,
        fields("patientId", TestServer.PATIENT_A, "teamId", TestServer.TEAM_A, "status", "IN_PROGRESS", "note", "Besök påbörjat"));
    pushA("visit", visit, 1, fields("status", "COMPLETED", "signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z"));
    JsonObject first = pushB("visit", visit, 1, fields("note", "Glömde: ont i höften"));
    JsonObject second = pushB("visit", visit, 1, fields("actualEnd", "2026-11-24T09:45:00Z"));
    assertEquals("CONFLICT", first.get("status").getAsString(), first.toString());
    assertEquals("CONFLICT", second.get("status").getAsString(), second.toString());
    List<String> amendments = t.server.database().withReader(h -> h.createQuery(
        "SELECT id FROM records WHERE entity_type = 'visit' AND data LIKE :link").bind("link", "%\"amendsId\":\"" + visit + "\"%")
        .mapTo(String.class).list());
    assertEquals(1, amendments.size(), "one amendment holds both changes: " + amendments);
    JsonObject amended = record(amendments.get(0));
    assertEquals("Glömde: ont i höften", amended.get("note").getAsString());
    assertEquals("2026-11-24T09:45:00Z", amended.get("actualEnd").getAsString());
    assertFalse(amended.has("signedAt"));
    assertEquals("Besök påbörjat", record(visit).get("note").getAsString(), "the signed text stays");
    String c = second.getAsJsonArray("conflictIds").get(0).getAsString();
    assertTrue(record(c).get("resultValue").getAsString().contains(amendments.get(0)), "the second change names the same amendment");
    // A change made after the device saw the signed version is a new correction.
    JsonObject later = pushB("visit", visit, 2, fields("note", "Ny rättelse"));
    assertEquals("CONFLICT", later.get("status").getAsString(), later.toString());
    assertEquals(2, (long) t.server.database().withReader(h -> h.createQuery(
        "SELECT count(*) FROM records WHERE entity_type = 'visit' AND data LIKE :link").bind("link", "%\"amendsId\":\"" + visit + "\"%")
        .mapTo(Long.class).one()));
  }

  @Test
  @DisplayName("entered-in-error against a concurrent update waits for review, and review can accept it")
  void retractionAgainstAConcurrentUpdate() throws Exception {
    pushA("medication_line", TestServer.LINE_A, 1, fields("dose", "2"));
    JsonObject r = push(tokenB, devB, ++nB, "medication_line", TestServer.LINE_A, MutationOp.ENTERED_IN_ERROR, 1, null, "Fel patient");
    assertEquals("CONFLICT", r.get("status").getAsString());
    assertFalse(tombstone(TestServer.LINE_A), "not retracted while the change is unreviewed");
    String id = r.getAsJsonArray("conflictIds").get(0).getAsString();
    String lead = t.login("lead", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/review/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead).status());
    assertTrue(tombstone(TestServer.LINE_A));
  }

  @Test
  @DisplayName("an update meeting a retraction its device never saw is kept for review, not dropped")
  void updateAgainstAnUnseenRetraction() throws Exception {
    push(tokenA, devA, ++nA, "medication_line", TestServer.LINE_A, MutationOp.ENTERED_IN_ERROR, 1, null, "Dubblett");
    JsonObject r = pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "3"));
    assertEquals("CONFLICT", r.get("status").getAsString());
    String id = r.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("{\"dose\":\"3\"}", record(id).get("deviceValue").getAsString());
    JsonObject seen = pushB("medication_line", TestServer.LINE_A, 2, fields("dose", "4"));
    assertEquals("ENTITY_RETRACTED", seen.get("code").getAsString(), "a device that saw the retraction is told so");
  }

  @Test
  @DisplayName("a reviewed visit's review goes stale when its content changes")
  void reviewGoesStale() throws Exception {
    pushA("visit", TestServer.VISIT_REVIEWED, 1, fields("note", "Tillägg efter granskning"));
    assertEquals("REVIEW_STALE", record(TestServer.VISIT_REVIEWED).get("reviewState").getAsString());
    JsonObject forged = pushA("visit", TestServer.VISIT_REVIEWED, 2, fields("reviewState", "REVIEWED"));
    assertEquals("REJECTED", forged.get("status").getAsString(), "devices cannot review");
  }

  @Test
  @DisplayName("a reviewed visit's review goes stale when the checklist or medication check shown with it changes (DOMAIN rule 12)")
  void reviewGoesStaleWithItsChecklistAndChecks() throws Exception {
    String checklist = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "discharge_checklist", checklist, fields("patientId", TestServer.PATIENT_A,
        "visitId", TestServer.VISIT_REVIEWED, "status", "IN_PROGRESS"));
    assertEquals("REVIEW_STALE", record(TestServer.VISIT_REVIEWED).get("reviewState").getAsString(),
        "a checklist added to the reviewed visit");

    String item = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "checklist_item", item, fields("patientId", TestServer.PATIENT_A, "checklistId", checklist,
        "itemKey", "MEDICATION_LIST", "label", "Läkemedelslista", "state", "UNCHECKED"));
    String otherVisit = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "visit", otherVisit, fields("patientId", TestServer.PATIENT_A, "status", "COMPLETED"));
    t.server.database().inWriteTransaction(h -> h.createUpdate(
        "UPDATE records SET data = json_set(data, '$.reviewState', 'REVIEWED') WHERE id = :id")
        .bind("id", TestServer.VISIT_REVIEWED).execute());
    long before = t.server.database().withReader(h -> h.createQuery("SELECT version FROM records WHERE id = :id")
        .bind("id", TestServer.VISIT_REVIEWED).mapTo(Long.class).one());
    JsonObject done = pushB("checklist_item", item, 1, fields("state", "MISSING", "confirmedBy", TestServer.NURSE_A2,
        "confirmedAt", "2026-11-24T10:00:00Z"));
    assertEquals("APPLIED", done.get("status").getAsString(), done.toString());
    JsonObject visit = record(TestServer.VISIT_REVIEWED);
    assertEquals("REVIEW_STALE", visit.get("reviewState").getAsString(), "an item of its checklist changed after the review");
    assertEquals(before + 1, reviewedVisitVersion(), "the stale review syncs to the tablets as a new version");

    JsonArray listIds = new JsonArray();
    listIds.add(TestServer.LIST_A);
    JsonObject check = fields("patientId", TestServer.PATIENT_A, "visitId", otherVisit, "performedBy", TestServer.NURSE_A1,
        "status", "IN_PROGRESS", "startedAt", "2026-11-24T08:00:00Z");
    check.add("comparedListIds", listIds);
    String checkId = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "medication_check", checkId, check);
    t.server.database().inWriteTransaction(h -> h.createUpdate(
        "UPDATE records SET data = json_set(data, '$.reviewState', 'NEEDS_ACTION') WHERE id = :id")
        .bind("id", otherVisit).execute());
    String lineCheck = UUID.randomUUID().toString();
    create(tokenB, devB, ++nB, "medication_line_check", lineCheck, fields("patientId", TestServer.PATIENT_A, "checkId", checkId,
        "lineId", TestServer.LINE_A, "outcome", "MATCH"));
    assertEquals("REVIEW_STALE", record(otherVisit).get("reviewState").getAsString(), "a line check added to its medication check");
  }

  @Test
  @DisplayName("a team leader's decision that changes an item of a reviewed visit's checklist makes the review stale (DOMAIN rule 12)")
  void resolutionOnTheChecklistMakesTheReviewStale() throws Exception {
    String[] itemAndConflict = conflictOnAChecklistItemNamingTheReviewedVisit(TestServer.PATIENT_A);
    String item = itemAndConflict[0];
    String conflictId = itemAndConflict[1];
    long before = reviewedVisitVersion();

    // Then decides the conflict for the server's earlier value: the item is done again.
    String lead = t.login("lead", UUID.randomUUID().toString());
    JsonObject value = fields("state", "DONE", "confirmedBy", TestServer.NURSE_A1, "confirmedAt", "2026-11-24T09:00:00Z");
    Reply resolved = t.post("/api/v1/review/conflicts/" + conflictId + "/resolve",
        "{\"choice\":\"EDIT\",\"value\":" + value + ",\"note\":\"Rollatorn fanns i förrådet\"}", lead);
    assertEquals(200, resolved.status(), resolved.body());
    assertEquals("DONE", record(item).get("state").getAsString());
    assertEquals("REVIEW_STALE", record(TestServer.VISIT_REVIEWED).get("reviewState").getAsString(),
        "the approval covered the item as missing; it is done now");
    long after = t.server.database().withReader(h -> h.createQuery("SELECT version FROM records WHERE id = :id")
        .bind("id", TestServer.VISIT_REVIEWED).mapTo(Long.class).one());
    assertEquals(before + 1, after, "the stale review syncs to the tablets as a new version");
  }

  @Test
  @DisplayName("a team leader's decision on another patient's checklist item leaves a reviewed visit its checklist only"
      + " names alone: only the item's own patient's visit is content that review covered")
  void resolutionOnAnotherPatientsChecklistLeavesTheReviewAlone() throws Exception {
    // Team A also cares for patient B (e.g. ASIH and hemtagning), so its nurses and leader reach both.
    String admin = t.login("svu", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/admin/care-relationships/start",
        "{\"patientId\":\"" + TestServer.PATIENT_B + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", admin).status());
    // Patient B's checklist names patient A's reviewed visit (a tablet's link; the push ignores it).
    String[] itemAndConflict = conflictOnAChecklistItemNamingTheReviewedVisit(TestServer.PATIENT_B);
    String item = itemAndConflict[0];
    String conflictId = itemAndConflict[1];
    long before = reviewedVisitVersion();

    String lead = t.login("lead", UUID.randomUUID().toString());
    JsonObject value = fields("state", "DONE", "confirmedBy", TestServer.NURSE_A1, "confirmedAt", "2026-11-24T09:00:00Z");
    Reply resolved = t.post("/api/v1/review/conflicts/" + conflictId + "/resolve",
        "{\"choice\":\"EDIT\",\"value\":" + value + ",\"note\":\"Rollatorn fanns\"}", lead);
    assertEquals(200, resolved.status(), resolved.body());
    assertEquals("DONE", record(item).get("state").getAsString());
    assertEquals("REVIEWED", record(TestServer.VISIT_REVIEWED).get("reviewState").getAsString(),
        "patient A's review does not cover patient B's checklist");
    assertEquals(before, reviewedVisitVersion(), "no new version of patient A's visit");
  }

  /**
   * A checklist of {@code patient} naming the reviewed visit, an item of it that two nurses set
   * apart offline (Anna done, Erik missing: a conflict), and the visit then approved as it stands.
   * Returns the item's and the conflict's ids.
   */
  private String[] conflictOnAChecklistItemNamingTheReviewedVisit(String patient) throws Exception {
    String checklist = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "discharge_checklist", checklist, fields("patientId", patient,
        "visitId", TestServer.VISIT_REVIEWED, "status", "IN_PROGRESS"));
    String item = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "checklist_item", item, fields("patientId", patient, "checklistId", checklist,
        "itemKey", "aids", "label", "Hjälpmedel levererade och provade", "state", "UNCHECKED"));
    pushA("checklist_item", item, 1, fields("state", "DONE", "confirmedBy", TestServer.NURSE_A1,
        "confirmedAt", "2026-11-24T09:00:00Z"));
    JsonObject missing = pushB("checklist_item", item, 1, fields("state", "MISSING", "confirmedBy", TestServer.NURSE_A2,
        "confirmedAt", "2026-11-24T09:05:00Z"));
    assertEquals("MERGED", missing.get("status").getAsString(), missing.toString());
    // The team leader approves the visit as it now stands: the item missing.
    t.server.database().inWriteTransaction(h -> h.createUpdate(
        "UPDATE records SET data = json_set(data, '$.reviewState', 'REVIEWED') WHERE id = :id")
        .bind("id", TestServer.VISIT_REVIEWED).execute());
    return new String[] {item, missing.getAsJsonArray("conflictIds").get(0).getAsString()};
  }

  private long reviewedVisitVersion() {
    return t.server.database().withReader(h -> h.createQuery("SELECT version FROM records WHERE id = :id")
        .bind("id", TestServer.VISIT_REVIEWED).mapTo(Long.class).one());
  }

  @Test
  @DisplayName("SVU times come from the messages, never from a tablet")
  void svuTimesAreServerOnly() throws Exception {
    JsonObject r = pushA("care_episode", TestServer.EPISODE_A, 1, fields("utskrivenAt", "2026-11-23T08:00:00Z"));
    assertEquals("REJECTED", r.get("status").getAsString());
    assertTrue(r.get("message").getAsString().contains("SVU"));
    JsonObject ok = pushA("care_episode", TestServer.EPISODE_A, 1, fields("ward", "Avd 7"));
    assertEquals("APPLIED", ok.get("status").getAsString());
  }

  @Test
  @DisplayName("a medication check completed on a list that changed meanwhile is flagged for review")
  void staleDecisionIsFlagged() throws Exception {
    String check = UUID.randomUUID().toString();
    JsonArray lists = new JsonArray();
    lists.add(TestServer.LIST_A);
    push(tokenA, devA, ++nA, "medication_check", check, MutationOp.CREATE, 0,
        fields("patientId", TestServer.PATIENT_A, "comparedListIds", lists, "status", "IN_PROGRESS"), null);
    pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "ändrad dos"));
    JsonArray seen = new JsonArray();
    seen.add(TestServer.LINE_A + "@1");
    JsonObject r = push(tokenA, devA, ++nA, "medication_check", check, MutationOp.UPDATE, 1,
        fields("status", "COMPLETE", "seenLineVersions", seen), null);
    assertEquals("MERGED", r.get("status").getAsString(), "the check stands");
    assertEquals("COMPLETE", record(check).get("status").getAsString());
    String id = r.getAsJsonArray("conflictIds").get(0).getAsString();
    JsonObject c = record(id);
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertTrue(c.get("resultValue").getAsString().contains("changed from version 1 to 2"), c.toString());
  }

  @Test
  @DisplayName("a check completed on current data is not flagged")
  void currentDecisionIsNotFlagged() throws Exception {
    String check = UUID.randomUUID().toString();
    JsonArray lists = new JsonArray();
    lists.add(TestServer.LIST_A);
    JsonArray seen = new JsonArray();
    seen.add(TestServer.LINE_A + "@1");
    JsonObject r = push(tokenA, devA, ++nA, "medication_check", check, MutationOp.CREATE, 0,
        fields("patientId", TestServer.PATIENT_A, "comparedListIds", lists, "status", "COMPLETE", "seenLineVersions", seen), null);
    assertEquals("APPLIED", r.get("status").getAsString());
    assertEquals(0, r.getAsJsonArray("conflictIds").size());
  }

  private JsonObject create(String token, String dev, long n, String type, String id, JsonObject f) throws Exception {
    JsonObject r = push(token, dev, n, type, id, MutationOp.CREATE, 0, f, null);
    assertEquals("APPLIED", r.get("status").getAsString(), r.toString());
    return r;
  }

  @Test
  @DisplayName("a new dose meeting a concurrent stop is not merged: the line stays stopped on its old dose, both kept for review")
  void stopMeetsANewDose() throws Exception {
    String before = record(TestServer.LINE_A).get("dose").getAsString();
    JsonObject stop = pushA("medication_line", TestServer.LINE_A, 1, fields("status", "STOPPED", "stopDate", "2026-11-24"));
    assertEquals("APPLIED", stop.get("status").getAsString());
    JsonObject dose = pushB("medication_line", TestServer.LINE_A, 1, fields("dose", "2 tabletter", "dosageText", "2 tabletter morgon"));
    assertEquals("CONFLICT", dose.get("status").getAsString(), dose.toString());
    JsonObject line = record(TestServer.LINE_A);
    assertEquals("STOPPED", line.get("status").getAsString());
    assertEquals(before, line.get("dose").getAsString(), "the new dose is not applied to the stopped line");
    JsonObject c = record(dose.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertTrue(c.get("deviceValue").getAsString().contains("2 tabletter"), c.toString());
    assertTrue(c.get("serverValue").getAsString().contains("STOPPED"), c.toString());
    assertEquals(TestServer.NURSE_A1, c.get("serverAuthor").getAsString(), "the stop's author is named");

    // a restart with a new dose from a device that never saw the stop: neither lands
    JsonObject restart = push(tokenB, devB, ++nB, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, 1,
        fields("status", "ACTIVE", "dose", "9 mg"), null);
    assertEquals("CONFLICT", restart.get("status").getAsString());
    assertEquals("STOPPED", record(TestServer.LINE_A).get("status").getAsString());
    assertEquals(before, record(TestServer.LINE_A).get("dose").getAsString(), "the 9 mg is not applied silently");
  }

  @Test
  @DisplayName("a SIP action's responsible party and unit changed on two tablets at once is a conflict for both parties")
  void sipResponsibilityIsOneDecision() throws Exception {
    String plan = newPlan(true);
    String action = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "plan_action", action, fields("patientId", TestServer.PATIENT_A, "planId", plan,
        "description", "Hjälp med dusch", "responsible", "KOMMUN", "responsibleUnit", "Hemtjänst Öst", "status", "PLANNED"));
    assertEquals("APPLIED", pushA("plan_action", action, 1, fields("responsible", "REGION")).get("status").getAsString());
    JsonObject r = pushB("plan_action", action, 1, fields("responsibleUnit", "Hemtjänst Väst"));
    assertEquals("CONFLICT", r.get("status").getAsString(), r.toString());
    assertEquals("Hemtjänst Öst", record(action).get("responsibleUnit").getAsString());
    JsonObject c = record(r.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertTrue(c.get("rule").getAsString().startsWith("SIP responsibility"), c.toString());
  }

  @Test
  @DisplayName("retracting a checklist does not hide an item another tablet changed unseen: the retraction waits for review")
  void retractionOfAParentWithAnUnseenPartChange() throws Exception {
    JsonObject missing = pushB("checklist_item", TestServer.ITEM_A, 1, fields("state", "MISSING", "note", "Rollator saknas"));
    assertEquals("APPLIED", missing.get("status").getAsString());
    JsonObject r = push(tokenA, devA, ++nA, "discharge_checklist", TestServer.CHECKLIST_A, MutationOp.ENTERED_IN_ERROR, 1, null, "Fel patient");
    assertEquals("CONFLICT", r.get("status").getAsString(), r.toString());
    assertFalse(tombstone(TestServer.CHECKLIST_A), "the checklist stays while the unseen item change is unreviewed");
    JsonObject c = record(r.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertTrue(c.get("resultValue").getAsString().contains(TestServer.ITEM_A), c.toString());
    String lead = t.login("lead", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/review/conflicts/" + c.get("id").getAsString() + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead).status());
    assertTrue(tombstone(TestServer.CHECKLIST_A), "review can accept the retraction");
  }

  @Test
  @DisplayName("retracting a checklist whose items only this tablet changed, or nobody changed, applies")
  void retractionOfAParentWithOnlyOwnPartChanges() throws Exception {
    pushA("checklist_item", TestServer.ITEM_A, 1, fields("note", "egen ändring"));
    JsonObject r = push(tokenA, devA, ++nA, "discharge_checklist", TestServer.CHECKLIST_A, MutationOp.ENTERED_IN_ERROR, 1, null, "Dubblett");
    assertEquals("APPLIED", r.get("status").getAsString(), r.toString());
    assertTrue(tombstone(TestServer.CHECKLIST_A));
  }

  @Test
  @DisplayName("an action of a signed SIP is not edited in place: the change waits for review and the signed action stays")
  void signedPlanActionsAreNotEditedInPlace() throws Exception {
    String plan = newPlan(true);
    String action = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "plan_action", action, fields("patientId", TestServer.PATIENT_A, "planId", plan,
        "description", "Hjälp med dusch", "responsible", "KOMMUN", "status", "PLANNED"));
    JsonObject unsigned = pushB("plan_action", action, 1, fields("performer", "Hemtjänst Öst"));
    assertEquals("APPLIED", unsigned.get("status").getAsString(), "an unsigned plan's action is edited as usual");
    JsonObject sign = pushA("plan", plan, 1, fields("signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z"));
    // A signs without having pulled B's edit of the action: the signature stands and is flagged (15c).
    assertEquals("MERGED", sign.get("status").getAsString(), sign.toString());
    assertTrue(record(plan).has("signedAt"), "the plan is signed");
    JsonObject r = pushB("plan_action", action, 2, fields("description", "Dusch två gånger i veckan", "responsible", "REGION"));
    assertEquals("CONFLICT", r.get("status").getAsString(), r.toString());
    JsonObject now = record(action);
    assertEquals("Hjälp med dusch", now.get("description").getAsString());
    assertEquals("KOMMUN", now.get("responsible").getAsString());
    JsonObject c = record(r.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertTrue(c.get("deviceValue").getAsString().contains("REGION"), c.toString());
  }

  /** A new unsigned SIP for patient A, created by tablet A or B; returns its id. */
  private String newPlan(boolean byA) throws Exception {
    String plan = UUID.randomUUID().toString();
    JsonObject f = fields("patientId", TestServer.PATIENT_A, "planType", "SIP", "status", "ACTIVE");
    if (byA) {
      create(tokenA, devA, ++nA, "plan", plan, f);
    } else {
      create(tokenB, devB, ++nB, "plan", plan, f);
    }
    return plan;
  }

  /** A planned action of {@code plan}, created by A or B; returns its id. */
  private String newAction(boolean byA, String plan, String description, String responsible) throws Exception {
    String action = UUID.randomUUID().toString();
    JsonObject f = fields("patientId", TestServer.PATIENT_A, "planId", plan, "description", description,
        "responsible", responsible, "status", "PLANNED");
    if (byA) {
      create(tokenA, devA, ++nA, "plan_action", action, f);
    } else {
      create(tokenB, devB, ++nB, "plan_action", action, f);
    }
    return action;
  }

  /** A signing change of a plan by A that names the part versions the signer saw ("id@version"). */
  private JsonObject signSeeing(String plan, String... seenParts) throws Exception {
    JsonArray seen = new JsonArray();
    for (String part : seenParts) {
      seen.add(part);
    }
    return pushA("plan", plan, 1, fields("signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z",
        "seenPartVersions", seen));
  }

  /** A plan with one action, signed by A; returns {plan, action}. */
  private String[] signedPlanWithAction() throws Exception {
    String plan = newPlan(true);
    String action = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "plan_action", action, fields("patientId", TestServer.PATIENT_A, "planId", plan,
        "description", "Hjälp med dusch", "responsible", "KOMMUN", "status", "PLANNED"));
    JsonObject sign = pushA("plan", plan, 1, fields("signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z"));
    assertEquals("APPLIED", sign.get("status").getAsString(), sign.toString());
    return new String[] {plan, action};
  }

  private long auditRows(String deviceId, String action, String outcome) {
    return t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE device_id = :d AND action = :a AND outcome = :o")
        .bind("d", deviceId).bind("a", action).bind("o", outcome).mapTo(Long.class).one());
  }

  @Test
  @DisplayName("marking an action of a signed SIP entered-in-error waits for review; the team leader can accept it")
  void signedPlanActionsAreNotRetractedInPlace() throws Exception {
    String[] planAndAction = signedPlanWithAction();
    String action = planAndAction[1];
    JsonObject r = push(tokenB, devB, ++nB, "plan_action", action, MutationOp.ENTERED_IN_ERROR, 1, null, "Fel insats");
    assertEquals("CONFLICT", r.get("status").getAsString(), r.toString());
    assertFalse(tombstone(action), "the signed action stays while the retraction waits");
    JsonObject c = record(r.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertEquals(SignedRecords.RULE_SIGNED_PART, c.get("rule").getAsString());
    assertTrue(c.get("deviceValue").getAsString().contains("Fel insats"), "the reason is kept: " + c);
    assertEquals(1, auditRows(devB, "ENTERED_IN_ERROR", "CONFLICT"), "the held attempt is in the access log");
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply decided = t.post("/api/v1/review/conflicts/" + c.get("id").getAsString() + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
    assertEquals(200, decided.status(), decided.body());
    assertTrue(tombstone(action), "review can accept the retraction");
  }

  @Test
  @DisplayName("an action added to a signed SIP is applied, and flagged for review because no signature covers it")
  void actionAddedToASignedPlanIsFlagged() throws Exception {
    String plan = signedPlanWithAction()[0];
    String added = UUID.randomUUID().toString();
    JsonObject r = push(tokenB, devB, ++nB, "plan_action", added, MutationOp.CREATE, 0, fields("patientId", TestServer.PATIENT_A,
        "planId", plan, "description", "Trycksårsprofylax", "responsible", "KOMMUN", "status", "PLANNED"), null);
    assertEquals("MERGED", r.get("status").getAsString(), r.toString());
    assertEquals("Trycksårsprofylax", record(added).get("description").getAsString(), "planned work does not vanish");
    JsonObject c = record(r.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals("NEEDS_REVIEW", c.get("status").getAsString());
    assertEquals(SignedRecords.RULE_ADDED_AFTER_SIGNING, c.get("rule").getAsString());
    assertTrue(c.get("ruleLabel").getAsString().startsWith("Signerad plan:"), "the record carries the rule in Swedish: " + c);
    assertTrue(c.get("deviceValue").getAsString().contains("Trycksårsprofylax"), c.toString());
    assertFalse(c.getAsJsonArray("fields").toString().contains("planId"), "the link is not a reviewed value: " + c);
    assertEquals(1, auditRows(devB, "CREATE", "CONFLICT"), "the access log says the addition was flagged");
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply taken = t.post("/api/v1/review/conflicts/" + c.get("id").getAsString() + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
    assertEquals(400, taken.status(), "only acknowledged: " + taken.body());
    Reply acknowledged = t.post("/api/v1/review/conflicts/" + c.get("id").getAsString() + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead);
    assertEquals(200, acknowledged.status(), acknowledged.body());
    assertEquals("Trycksårsprofylax", record(added).get("description").getAsString(), "acknowledging keeps the action");

    String unsignedPlan = newPlan(true);
    JsonObject plain = push(tokenB, devB, ++nB, "plan_goal", UUID.randomUUID().toString(), MutationOp.CREATE, 0,
        fields("patientId", TestServer.PATIENT_A, "planId", unsignedPlan, "description", "Klara dusch själv"), null);
    assertEquals("APPLIED", plain.get("status").getAsString(), "a goal of an unsigned plan is added as usual: " + plain);
  }

  @Test
  @DisplayName("moving an action into a signed plan waits for review; so does marking the signed plan itself entered-in-error")
  void signedPlanCannotBeChangedAroundItsParts() throws Exception {
    String signedPlan = signedPlanWithAction()[0];
    String otherPlan = newPlan(false);
    String action = UUID.randomUUID().toString();
    create(tokenB, devB, ++nB, "plan_action", action, fields("patientId", TestServer.PATIENT_A, "planId", otherPlan,
        "description", "Nattpatrull", "responsible", "KOMMUN", "status", "PLANNED"));
    JsonObject moved = pushB("plan_action", action, 1, fields("planId", signedPlan));
    assertEquals("CONFLICT", moved.get("status").getAsString(), moved.toString());
    assertEquals(otherPlan, record(action).get("planId").getAsString(), "the action stays where it was");

    JsonObject retracted = push(tokenB, devB, ++nB, "plan", signedPlan, MutationOp.ENTERED_IN_ERROR, 2, null, "Fel patient");
    assertEquals("CONFLICT", retracted.get("status").getAsString(), retracted.toString());
    assertFalse(tombstone(signedPlan), "the signed plan stays while the retraction waits");
    JsonObject c = record(retracted.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals(SignedRecords.RULE_SIGNED_PLAN_RETRACTION, c.get("rule").getAsString());
    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply decided = t.post("/api/v1/review/conflicts/" + c.get("id").getAsString() + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
    assertEquals(200, decided.status(), decided.body());
    assertTrue(tombstone(signedPlan), "review can accept the retraction");
  }

  @Test
  @DisplayName("signing a plan over an action another tablet added after the version the signer saw is flagged; the signature stands")
  void signatureOverAnUnseenPart() throws Exception {
    String plan = newPlan(true);
    String added = UUID.randomUUID().toString();
    create(tokenB, devB, ++nB, "plan_action", added, fields("patientId", TestServer.PATIENT_A, "planId", plan,
        "description", "Insulin kväll", "responsible", "REGION", "status", "PLANNED"));
    JsonObject sign = pushA("plan", plan, 1, fields("signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z"));
    assertEquals("MERGED", sign.get("status").getAsString(), sign.toString());
    assertTrue(record(plan).has("signedAt"), "the signature stands");
    JsonObject c = record(sign.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals(SignedRecords.RULE_SIGNED_UNSEEN, c.get("rule").getAsString());
    assertTrue(c.get("resultValue").getAsString().contains(added), "the unseen action is named: " + c);
  }

  @Test
  @DisplayName("a signature that names the part versions its signer saw is flagged only for parts changed after those")
  void signatureWithSeenPartVersions() throws Exception {
    String plan = newPlan(true);
    String seenAction = UUID.randomUUID().toString();
    String laterAction = UUID.randomUUID().toString();
    create(tokenB, devB, ++nB, "plan_action", seenAction, fields("patientId", TestServer.PATIENT_A, "planId", plan,
        "description", "Insulin kväll", "responsible", "REGION", "status", "PLANNED"));
    JsonArray seen = new JsonArray();
    seen.add(seenAction + "@1");
    JsonObject exact = pushA("plan", plan, 1, fields("signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z",
        "seenPartVersions", seen));
    assertEquals("APPLIED", exact.get("status").getAsString(), "the signer saw B's action: nothing to flag " + exact);

    String plan2 = newPlan(true);
    create(tokenB, devB, ++nB, "plan_action", laterAction,
        fields("patientId", TestServer.PATIENT_A, "planId", plan2, "description", "Nattpatrull", "responsible", "KOMMUN", "status", "PLANNED"));
    JsonObject flagged = pushA("plan", plan2, 1, fields("signedBy", TestServer.NURSE_A1, "signedAt", "2026-11-24T10:00:00Z",
        "seenPartVersions", new JsonArray()));
    assertEquals("MERGED", flagged.get("status").getAsString(), flagged.toString());
    JsonObject c = record(flagged.getAsJsonArray("conflictIds").get(0).getAsString());
    assertTrue(c.get("resultValue").getAsString().contains(laterAction), "the action the signer never saw is named: " + c);
    assertEquals(seen, record(plan).getAsJsonArray("seenPartVersions"), "the plan keeps what its signer saw");
  }

  @Test
  @DisplayName("a signature names an action the signer saw in the plan that another tablet has since moved to another plan")
  void signatureNamesAPartMovedOutSinceSeen() throws Exception {
    String plan = newPlan(true);
    String otherPlan = newPlan(true);
    String action = newAction(false, plan, "Insulin kväll", "REGION");
    JsonObject moved = pushB("plan_action", action, 1, fields("planId", otherPlan));
    assertEquals("APPLIED", moved.get("status").getAsString(), moved.toString());

    JsonObject sign = signSeeing(plan, action + "@1");
    assertEquals("MERGED", sign.get("status").getAsString(), "the signer saw the action in this plan: " + sign);
    JsonObject c = record(sign.getAsJsonArray("conflictIds").get(0).getAsString());
    assertEquals(SignedRecords.RULE_SIGNED_UNSEEN, c.get("rule").getAsString());
    assertTrue(c.get("resultValue").getAsString().contains(action), "the moved action is named: " + c);

    String keptPlan = newPlan(true);
    String ownAction = newAction(true, keptPlan, "Dusch", "KOMMUN");
    JsonObject ownMove = pushA("plan_action", ownAction, 1, fields("planId", otherPlan));
    assertEquals("APPLIED", ownMove.get("status").getAsString(), ownMove.toString());
    JsonObject ownSign = signSeeing(keptPlan, ownAction + "@1");
    assertEquals("APPLIED", ownSign.get("status").getAsString(), "the signer's own move is not someone else's change: " + ownSign);
  }

  @Test
  @DisplayName("the server refuses overwriting a final discrepancy resolution, editing a completed check, and a deviation moving back without a reason")
  void appendOnlyClinicalRecordsAreRefusedAtTheServer() throws Exception {
    String check = UUID.randomUUID().toString();
    JsonArray listIds = new JsonArray();
    listIds.add(TestServer.LIST_A);
    JsonObject checkFields = fields("patientId", TestServer.PATIENT_A, "performedBy", TestServer.NURSE_A1,
        "status", "COMPLETE", "startedAt", "2026-11-24T08:00:00Z", "completedAt", "2026-11-24T08:30:00Z");
    checkFields.add("comparedListIds", listIds);
    create(tokenA, devA, ++nA, "medication_check", check, checkFields);
    JsonObject edited = pushB("medication_check", check, 1, fields("status", "IN_PROGRESS"));
    assertEquals("REJECTED", edited.get("status").getAsString(), edited.toString());
    assertEquals("COMPLETE", record(check).get("status").getAsString(), "the completed check stands as attested");

    String discrepancy = UUID.randomUUID().toString();
    JsonArray lineIds = new JsonArray();
    lineIds.add(TestServer.LINE_A);
    JsonObject d = fields("patientId", TestServer.PATIENT_A, "checkId", check, "type", "WRONG_DOSE",
        "intent", "UNCLEAR", "resolution", "ESCALATED");
    d.add("lineIds", lineIds);
    create(tokenA, devA, ++nA, "discrepancy", discrepancy, d);
    assertEquals("APPLIED", pushA("discrepancy", discrepancy, 1, fields("resolution", "CORRECTED_NEW_ORDER")).get("status").getAsString(),
        "an escalated discrepancy gets the prescriber's resolution");
    JsonObject overwrite = pushA("discrepancy", discrepancy, 2, fields("resolution", "CONFIRMED_INTENTIONAL"));
    assertEquals("REJECTED", overwrite.get("status").getAsString(), overwrite.toString());
    assertEquals("CORRECTED_NEW_ORDER", record(discrepancy).get("resolution").getAsString());

    String deviation = UUID.randomUUID().toString();
    create(tokenA, devA, ++nA, "deviation", deviation, fields("patientId", TestServer.PATIENT_A, "category", "COLLABORATION",
        "description", "Hjälpmedel saknades", "severity", "RISK", "status", "ACTIONED"));
    JsonObject back = pushA("deviation", deviation, 1, fields("status", "INVESTIGATING"));
    assertEquals("REJECTED", back.get("status").getAsString(), back.toString());
    JsonObject reasoned = pushA("deviation", deviation, 1, fields("status", "INVESTIGATING", "statusReason", "Åtgärden höll inte"));
    assertEquals("APPLIED", reasoned.get("status").getAsString(), reasoned.toString());
    assertEquals("INVESTIGATING", record(deviation).get("status").getAsString());
  }

  @Test
  @DisplayName("a change of who is responsible in a SIP is decided with the other huvudman: taking it needs the counterpart's name; keeping what holds does not (DOMAIN rule 13)")
  void sipResponsibilityNeedsTheOtherParty() throws Exception {
    String plan = newPlan(true);
    String action = newAction(true, plan, "Insulin kväll", "KOMMUN");
    assertEquals("APPLIED", pushA("plan_action", action, 1, fields("responsible", "REGION")).get("status").getAsString());
    JsonObject clash = pushB("plan_action", action, 1, fields("responsible", "OTHER"));
    assertEquals("CONFLICT", clash.get("status").getAsString(), clash.toString());
    String conflict = clash.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals(ConflictRules.RULE_SIP, record(conflict).get("rule").getAsString());
    String lead = t.login("lead", UUID.randomUUID().toString());

    Reply alone = t.post("/api/v1/review/conflicts/" + conflict + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", lead);
    assertEquals(400, alone.status(), alone.body());
    assertTrue(alone.body().contains("counterpart"), alone.body());
    assertEquals("REGION", record(action).get("responsible").getAsString(), "one side alone does not move the responsibility");

    Reply agreed = t.post("/api/v1/review/conflicts/" + conflict + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"counterpart\":\"Dr Eva Ek, Vårdcentralen Lund\"}", lead);
    assertEquals(200, agreed.status(), agreed.body());
    assertEquals("OTHER", record(action).get("responsible").getAsString());
    assertTrue(record(conflict).get("resolution").getAsString().contains("Dr Eva Ek, Vårdcentralen Lund"),
        "the counterpart is recorded with the decision");

    // Keeping what holds changes nothing both sides agreed: one team leader may.
    assertEquals("APPLIED", pushA("plan_action", action, 3, fields("responsible", "KOMMUN")).get("status").getAsString());
    JsonObject again = pushB("plan_action", action, 3, fields("responsible", "REGION"));
    String second = again.getAsJsonArray("conflictIds").get(0).getAsString();
    Reply kept = t.post("/api/v1/review/conflicts/" + second + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead);
    assertEquals(200, kept.status(), kept.body());
  }
}
