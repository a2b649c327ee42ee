package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Conflict records of patients no team cares for any more (DOMAIN rule 8: a write from someone
 * who lost access is quarantined for review, and somebody must be able to review it): the
 * writer's team leader and the MAS follow them up; the patient's other data, other teams'
 * patients and a spärr stay out of reach; every view and decision is logged as such a follow-up.
 */
class FollowUpConflictApiTest {
  @TempDir Path dir;
  TestServer t;
  String devA1;
  String nurseA1;
  final Map<String, Long> sent = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir);
    devA1 = UUID.randomUUID().toString();
    nurseA1 = t.login("a1", devA1);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonObject push(String token, String dev, String type, String id, long base, JsonObject fields) throws Exception {
    Mutation m = new Mutation(dev, sent.merge(dev, 1L, Long::sum), type, id, MutationOp.UPDATE, base, fields, null, Instant.now());
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(m), 1, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  private static JsonObject fields(String... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      o.addProperty(kv[i], kv[i + 1]);
    }
    return o;
  }

  private Reply admin(String path, String patient, String team) throws Exception {
    String token = t.login("svu", UUID.randomUUID().toString());
    return t.post(path, "{\"patientId\":\"" + patient + "\",\"teamId\":\"" + team + "\"}", token);
  }

  private String token(String user) throws Exception {
    return t.login(user, UUID.randomUUID().toString());
  }

  /** The open conflicts the caller's review queue lists, by id. */
  private Map<String, JsonObject> queue(String token) throws Exception {
    Reply r = t.get("/api/v1/review/conflicts", token);
    assertEquals(200, r.status(), r.body());
    Map<String, JsonObject> byId = new HashMap<>();
    for (JsonElement e : r.json().getAsJsonArray("conflicts")) {
      JsonObject view = e.getAsJsonObject();
      byId.put(view.getAsJsonObject("conflict").get("id").getAsString(), view);
    }
    return byId;
  }

  private Reply resolve(String token, String conflictId, String choice, String note) throws Exception {
    return t.post("/api/v1/review/conflicts/" + conflictId + "/resolve",
        "{\"choice\":\"" + choice + "\",\"note\":\"" + note + "\"}", token);
  }

  private JsonObject record(String id) {
    return com.google.gson.JsonParser.parseString(t.server.database().withReader(
        h -> h.createQuery("SELECT data FROM records WHERE id = :id").bind("id", id).mapTo(String.class).one())).getAsJsonObject();
  }

  /** A dose change a1 made offline, pushed after team A's care of patient A ended: quarantined. */
  private String quarantinedDoseChange() throws Exception {
    JsonObject late = push(nurseA1, devA1, "medication_line", TestServer.LINE_A, 1, fields("dose", "2 tabletter"));
    assertEquals("CONFLICT", late.get("status").getAsString(), late.toString());
    String id = late.getAsJsonArray("conflictIds").get(0).getAsString();
    assertTrue(record(id).get("rule").getAsString().startsWith("access lost"), "quarantined because access was lost");
    assertEquals("1 tablett", record(TestServer.LINE_A).get("dose").getAsString(), "not applied");
    return id;
  }

  private long auditCount(String staffId, String patientId, String action, String outcomeLike) {
    return t.count("SELECT COUNT(*) FROM audit_log WHERE staff_id = '" + staffId + "' AND patient_id = '" + patientId
        + "' AND action = '" + action + "' AND outcome LIKE '" + outcomeLike + "'");
  }

  @Test
  @DisplayName("(a) a write quarantined after the patient's last care relationship ended is listed for the writer's team leader and the MAS, logged as a follow-up")
  void quarantinedWriteOfAnUncaredPatientReachesTheWritersLeaderAndTheMas() throws Exception {
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    String conflict = quarantinedDoseChange();

    JsonObject seen = queue(token("lead")).get(conflict);
    assertTrue(seen != null, "team A's leader (the writer's team) lists it");
    assertEquals(TestServer.TEAM_A, seen.get("teamId").getAsString());
    assertTrue(seen.get("followUp").getAsBoolean(), "marked as a follow-up without an active care relationship");
    assertEquals("{\"dose\":\"2 tabletter\"}", seen.getAsJsonObject("conflict").get("deviceValue").getAsString());
    assertTrue(queue(token("mas")).containsKey(conflict), "the MAS lists it");
    assertFalse(queue(token("leadb")).containsKey(conflict), "team B never cared for the patient: not its leader's");

    assertEquals(1, auditCount(TestServer.LEAD_A, TestServer.PATIENT_A, "READ", "%FOLLOW_UP%"),
        "the team leader's view is logged as a follow-up without care relationship");
    assertEquals(1, auditCount(TestServer.MAS, TestServer.PATIENT_A, "READ", "%FOLLOW_UP%"), "so is the MAS's");
  }

  @Test
  @DisplayName("(a) the writer's team leader decides a quarantined dose change: applied under the leader's name with history, RESOLVED, and the next care team's tablets get it")
  void followUpDecisionWritesBack() throws Exception {
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    String conflict = quarantinedDoseChange();
    String lead = token("lead");

    Reply decided = resolve(lead, conflict, "TAKE_DEVICE", "ordinationen bekräftad med läkaren");
    assertEquals(200, decided.status(), decided.body());
    assertEquals("RESOLVED", decided.json().get("status").getAsString());
    assertEquals(TestServer.LEAD_A, decided.json().get("resolvedBy").getAsString());
    assertEquals("2 tabletter", record(TestServer.LINE_A).get("dose").getAsString(), "the value is applied");
    assertEquals(1, t.count("SELECT COUNT(*) FROM record_history WHERE record_id = '" + TestServer.LINE_A
        + "' AND op = 'RESOLVE' AND changed_by = '" + TestServer.LEAD_A + "'"), "under the decider's name, with history");
    assertEquals(1, auditCount(TestServer.LEAD_A, TestServer.PATIENT_A, "UPDATE", "%FOLLOW_UP%"),
        "the decision is logged as a follow-up without care relationship");
    assertEquals("ALREADY_RESOLVED", resolve(token("mas"), conflict, "KEEP_SERVER", "").code(), "decided once");
    assertFalse(queue(lead).containsKey(conflict), "no longer waiting");

    // The writer's tablet stays purged of the patient; a team that takes the patient on receives the decided value.
    assertFalse(t.get("/api/v1/sync/pull?limit=5000", nurseA1).body().contains(TestServer.LINE_A));
    assertEquals(200, admin("/api/v1/admin/care-relationships/start", TestServer.PATIENT_A, TestServer.TEAM_B).status());
    boolean line = false;
    boolean resolved = false;
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", token("b1")).json().getAsJsonArray("records")) {
      JsonObject r = e.getAsJsonObject();
      line |= r.get("id").getAsString().equals(TestServer.LINE_A) && r.getAsJsonObject("data").get("dose").getAsString().equals("2 tabletter");
      resolved |= r.get("id").getAsString().equals(conflict) && r.getAsJsonObject("data").get("status").getAsString().equals("RESOLVED");
    }
    assertTrue(line && resolved, "team B's tablet gets the decided dose and the resolved conflict");
  }

  @Test
  @DisplayName("(a) the MAS keeps the server value of a quarantined checklist confirmation: nothing changes, the tablet's value stays in the resolved record")
  void masKeepsTheServerValue() throws Exception {
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    JsonObject late = push(nurseA1, devA1, "checklist_item", TestServer.ITEM_A, 1,
        fields("state", "DONE", "confirmedBy", TestServer.NURSE_A1));
    assertEquals("CONFLICT", late.get("status").getAsString(), late.toString());
    String conflict = late.getAsJsonArray("conflictIds").get(0).getAsString();
    long before = t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'");

    Reply kept = resolve(token("mas"), conflict, "KEEP_SERVER", "patienten avliden; bekräftelsen gäller inte");
    assertEquals(200, kept.status(), kept.body());
    assertEquals("RESOLVED", kept.json().get("status").getAsString());
    assertEquals(TestServer.MAS, kept.json().get("resolvedBy").getAsString());
    assertEquals(before, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "the item is unchanged");
    assertTrue(record(conflict).get("deviceValue").getAsString().contains("DONE"), "the tablet's value is kept in the record");
    assertEquals(1, auditCount(TestServer.MAS, TestServer.PATIENT_A, "UPDATE", "%FOLLOW_UP%"));
  }

  @Test
  @DisplayName("(a) a conflict that was already open when the care ended stays decidable by the writer's team leader")
  void aConflictOpenAtDischargeStaysDecidable() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String nurseA2 = t.login("a2", devA2);
    assertEquals("APPLIED", push(nurseA1, devA1, "medication_line", TestServer.LINE_A, 1, fields("dose", "20 mg")).get("status").getAsString());
    JsonObject clash = push(nurseA2, devA2, "medication_line", TestServer.LINE_A, 1, fields("dose", "30 mg"));
    String conflict = clash.getAsJsonArray("conflictIds").get(0).getAsString();
    String lead = token("lead");
    assertTrue(queue(lead).containsKey(conflict));
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());

    assertTrue(queue(lead).containsKey(conflict), "still listed after the patient left all care");
    // A conflict recorded before the writer's team was kept with it: found through the writer's teams.
    t.server.database().inWrite(h -> h.execute("DELETE FROM conflict_teams WHERE conflict_id = ?", conflict));
    assertTrue(queue(lead).containsKey(conflict), "an older record is found through its writer's team");
    assertFalse(queue(token("leadb")).containsKey(conflict));
    assertEquals(200, resolve(lead, conflict, "KEEP_SERVER", "uppföljt").status());
  }

  @Test
  @DisplayName("(a) out of reach: another team's leader, patients other teams care for, and a spärr against the writer's team")
  void outOfReach() throws Exception {
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    String conflict = quarantinedDoseChange();
    String leadB = token("leadb");
    assertEquals("NOT_FOUND", resolve(leadB, conflict, "KEEP_SERVER", "").code(), "team B's leader cannot decide it");

    // Patient B is cared for by team B only: its conflicts are for team B's leader, never team A's or the MAS of team A.
    String devB1 = UUID.randomUUID().toString();
    String nurseB1 = t.login("b1", devB1);
    String devB2 = UUID.randomUUID().toString();
    String nurseB1Again = t.login("b1", devB2);
    assertEquals("APPLIED", push(nurseB1, devB1, "checklist_item", TestServer.ITEM_B, 1,
        fields("state", "DONE", "confirmedBy", TestServer.NURSE_B1)).get("status").getAsString());
    JsonObject clashB = push(nurseB1Again, devB2, "checklist_item", TestServer.ITEM_B, 1,
        fields("state", "MISSING", "confirmedBy", TestServer.NURSE_B1));
    String conflictB = clashB.getAsJsonArray("conflictIds").get(0).getAsString();
    assertTrue(queue(leadB).containsKey(conflictB));
    assertFalse(queue(token("lead")).containsKey(conflictB));
    assertFalse(queue(token("mas")).containsKey(conflictB));
    assertEquals("NOT_FOUND", resolve(token("mas"), conflictB, "KEEP_SERVER", "").code());

    // The patient blocks team A: its leader and the MAS no longer see the follow-up, and it is kept, not dropped.
    assertEquals(200, admin("/api/v1/admin/sparr", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    assertFalse(queue(token("lead")).containsKey(conflict));
    assertFalse(queue(token("mas")).containsKey(conflict));
    assertEquals("NOT_FOUND", resolve(token("lead"), conflict, "TAKE_DEVICE", "").code());
    assertEquals("1 tablett", record(TestServer.LINE_A).get("dose").getAsString());
    assertEquals("NEEDS_REVIEW", record(conflict).get("status").getAsString(), "kept for review, not dropped");
  }

  @Test
  @DisplayName("(a) only open conflicts are followed up: a rule's resolution of a patient no team cares for is neither listed"
      + " (status=AUTO_RESOLVED or ALL) nor decidable by the writer's team leader or the MAS, and the record stays as it is")
  void aRulesResolutionOfAnUncaredPatientIsNoFollowUp() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String nurseA2 = t.login("a2", devA2);
    assertEquals("APPLIED", push(nurseA1, devA1, "checklist_item", TestServer.ITEM_A, 1,
        fields("state", "DONE", "confirmedBy", TestServer.NURSE_A1)).get("status").getAsString());
    JsonObject second = push(nurseA2, devA2, "checklist_item", TestServer.ITEM_A, 1,
        fields("state", "DONE", "confirmedBy", TestServer.NURSE_A2));
    String conflict = second.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("AUTO_RESOLVED", record(conflict).get("status").getAsString(), "rule 5: the first confirmer stays");
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    long version = t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'");

    for (String user : List.of("lead", "mas")) {
      String token = token(user);
      for (String status : List.of("AUTO_RESOLVED", "ALL")) {
        Reply r = t.get("/api/v1/review/conflicts?status=" + status, token);
        assertEquals(200, r.status(), r.body());
        assertFalse(r.body().contains(conflict), user + " does not list a closed conflict of a patient nobody cares for (" + status + ")");
      }
      Reply taken = resolve(token, conflict, "TAKE_DEVICE", "andra bekräftaren");
      assertEquals(404, taken.status(), user + ": " + taken.body());
      assertEquals("NOT_FOUND", taken.code());
    }
    assertEquals(version, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"),
        "nobody without a care relationship rewrote the item");
    assertEquals(TestServer.NURSE_A1, record(TestServer.ITEM_A).get("confirmedBy").getAsString());
    assertEquals("AUTO_RESOLVED", record(conflict).get("status").getAsString());
    assertEquals(0, auditCount(TestServer.LEAD_A, TestServer.PATIENT_A, "READ", "%FOLLOW_UP%"), "nothing shown, nothing logged");
  }

  @Test
  @DisplayName("(b) the patient moved to team B: team B's leader (active care relationship) lists and decides team A's quarantined write; team A's leader and the MAS do not")
  void patientMovedToAnotherTeam() throws Exception {
    assertEquals(200, admin("/api/v1/admin/care-relationships/start", TestServer.PATIENT_A, TestServer.TEAM_B).status());
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    String conflict = quarantinedDoseChange();
    String leadB = token("leadb");

    JsonObject seen = queue(leadB).get(conflict);
    assertTrue(seen != null, "the caring team's leader lists it");
    assertEquals(TestServer.TEAM_B, seen.get("teamId").getAsString());
    assertFalse(seen.get("followUp").getAsBoolean(), "an ordinary review: team B cares for the patient");
    assertFalse(queue(token("lead")).containsKey(conflict), "team A no longer cares for the patient: its leader does not see it");
    assertFalse(queue(token("mas")).containsKey(conflict), "a cared-for patient's conflicts are the caring team's");
    assertEquals("NOT_FOUND", resolve(token("lead"), conflict, "KEEP_SERVER", "").code());

    assertEquals(200, resolve(leadB, conflict, "TAKE_DEVICE", "stämt av med a1").status());
    assertEquals("2 tabletter", record(TestServer.LINE_A).get("dose").getAsString());
    boolean line = false;
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", token("b1")).json().getAsJsonArray("records")) {
      JsonObject r = e.getAsJsonObject();
      line |= r.get("id").getAsString().equals(TestServer.LINE_A) && r.getAsJsonObject("data").get("dose").getAsString().equals("2 tabletter");
    }
    assertTrue(line, "team B's tablets get the decided dose");
  }

  /** Two nurses of team A change the same dose offline: a conflict waiting for review (rule 6). */
  private String openDoseConflict() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String nurseA2 = t.login("a2", devA2);
    assertEquals("APPLIED", push(nurseA1, devA1, "medication_line", TestServer.LINE_A, 1, fields("dose", "20 mg")).get("status").getAsString());
    JsonObject clash = push(nurseA2, devA2, "medication_line", TestServer.LINE_A, 1, fields("dose", "30 mg"));
    return clash.getAsJsonArray("conflictIds").get(0).getAsString();
  }

  private JsonObject overview(String token) throws Exception {
    Reply r = t.get("/api/v1/review/follow-ups", token);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  @Test
  @DisplayName("(c) a conflict from before V12 whose writer has left the team is followed up by the teams that had the patient, and their MAS")
  void aConflictWhoseWriterLeftIsFollowedUpByThePatientsFormerTeams() throws Exception {
    String conflict = openDoseConflict();
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    // Recorded before the writer's team was kept with the conflict, and Erik has since left team A.
    t.server.database().inWrite(h -> {
      h.execute("DELETE FROM conflict_teams WHERE conflict_id = ?", conflict);
      h.execute("DELETE FROM team_members WHERE staff_id = ?", TestServer.NURSE_A2);
      return null;
    });
    String lead = token("lead");
    JsonObject seen = queue(lead).get(conflict);
    assertTrue(seen != null, "team A had the patient: its leader follows the conflict up");
    assertTrue(seen.get("followUp").getAsBoolean());
    assertEquals(TestServer.TEAM_A, seen.get("teamId").getAsString());
    assertTrue(queue(token("mas")).containsKey(conflict), "and the MAS of team A");
    assertFalse(queue(token("leadb")).containsKey(conflict), "team B never had the patient");
    assertEquals(1, overview(lead).get("conflicts").getAsInt(), "counted for the leader");
    assertEquals(200, resolve(lead, conflict, "KEEP_SERVER", "uppföljt, Erik har slutat").status());
  }

  @Test
  @DisplayName("(d) the patient's only active relationship is with a team the patient's spärr blocks: the content stays hidden from that team"
      + " and the MAS; the MAS (and the administrator) are shown that it exists, the team leader only a count; a team without spärr then reviews it")
  void aSparrAgainstTheOnlyCaringTeamHidesTheContentButNotTheExistence() throws Exception {
    String conflict = openDoseConflict();
    assertEquals(200, admin("/api/v1/admin/sparr", TestServer.PATIENT_A, TestServer.TEAM_A).status());

    String lead = token("lead");
    String mas = token("mas");
    assertFalse(queue(lead).containsKey(conflict), "the spärr hides it from team A's leader");
    assertFalse(queue(mas).containsKey(conflict), "and its content from the MAS");
    assertFalse(queue(token("leadb")).containsKey(conflict));

    JsonObject forLead = overview(lead);
    assertEquals(2, forLead.get("hiddenBySparr").getAsInt(), "team A's leader learns that two wait (the conflict and the team's unreviewed visit)");
    assertEquals(0, forLead.getAsJsonArray("hidden").size(), "but not for whom");
    assertFalse(forLead.toString().contains(TestServer.PATIENT_A));

    Reply masView = t.get("/api/v1/review/follow-ups", mas);
    assertEquals(200, masView.status(), masView.body());
    JsonObject notice = masView.json().getAsJsonArray("hidden").get(0).getAsJsonObject();
    assertEquals(TestServer.PATIENT_A, notice.get("patientId").getAsString(), "the MAS learns which patient, to act");
    assertEquals("Astrid Lind", notice.get("patientName").getAsString());
    assertEquals(1, notice.get("conflicts").getAsInt());
    assertEquals(1, notice.get("visits").getAsInt(), "team A's own signed visit, still to review, waits too");
    assertEquals(TestServer.TEAM_A, notice.getAsJsonArray("teamIds").get(0).getAsString(), "and toward which team the spärr hides it");
    assertFalse(masView.body().contains("30 mg") || masView.body().contains("20 mg") || masView.body().contains(conflict),
        "nothing of the content: " + masView.body());
    assertEquals(1, t.count("SELECT COUNT(*) FROM audit_log WHERE staff_id = '" + TestServer.MAS + "' AND patient_id = '"
        + TestServer.PATIENT_A + "' AND action = 'READ' AND outcome = 'FOLLOW_UP_HIDDEN'"), "the notice is logged");
    assertTrue(overview(token("svu")).toString().contains(TestServer.PATIENT_A), "the administrator, who starts care relationships, sees it too");
    assertEquals("NEEDS_REVIEW", record(conflict).get("status").getAsString(), "kept, waiting");

    // What the MAS can have done without breaking the spärr: a team the patient has not blocked takes the patient on.
    assertEquals(200, admin("/api/v1/admin/care-relationships/start", TestServer.PATIENT_A, TestServer.TEAM_B).status());
    JsonObject seen = queue(token("leadb")).get(conflict);
    assertTrue(seen != null, "team B cares for the patient now and reviews the conflict");
    assertFalse(seen.get("followUp").getAsBoolean());
    JsonObject left = overview(mas).getAsJsonArray("hidden").get(0).getAsJsonObject();
    assertEquals(0, left.get("conflicts").getAsInt(), "the conflict is no longer hidden");
    assertEquals(1, left.get("visits").getAsInt(), "team A's visit is still its own leader's to review, and still blocked");
  }

  @Test
  @DisplayName("(d) handed over to team B, whom the patient then blocks: team A's quarantined write is followed up by team A's leader (B's blocked relationship cares for nobody)")
  void aBlockedNewTeamDoesNotKeepTheFormerTeamFromFollowingUp() throws Exception {
    assertEquals(200, admin("/api/v1/admin/care-relationships/start", TestServer.PATIENT_A, TestServer.TEAM_B).status());
    assertEquals(200, admin("/api/v1/admin/care-relationships/end", TestServer.PATIENT_A, TestServer.TEAM_A).status());
    String conflict = quarantinedDoseChange();
    assertEquals(200, admin("/api/v1/admin/sparr", TestServer.PATIENT_A, TestServer.TEAM_B).status());

    assertFalse(queue(token("leadb")).containsKey(conflict), "the spärr hides it from team B");
    JsonObject seen = queue(token("lead")).get(conflict);
    assertTrue(seen != null, "team A wrote it and is not blocked: its leader follows it up");
    assertTrue(seen.get("followUp").getAsBoolean());
    assertTrue(queue(token("mas")).containsKey(conflict));
    assertEquals(200, resolve(token("lead"), conflict, "KEEP_SERVER", "uppföljt").status());
  }

  @Test
  @DisplayName("(d) an open conflict of a patient who never had a team is hidden from every team but shown to the administrator; nurses get 403")
  void nothingOpenIsInvisibleToEveryone() throws Exception {
    String conflict = openDoseConflict();
    t.server.database().inWrite(h -> h.execute("DELETE FROM care_relationships WHERE patient_id = ?", TestServer.PATIENT_A));
    assertFalse(queue(token("lead")).containsKey(conflict));
    JsonObject forAdmin = overview(token("svu"));
    assertEquals(1, forAdmin.getAsJsonArray("hidden").size(), forAdmin.toString());
    JsonObject notice = forAdmin.getAsJsonArray("hidden").get(0).getAsJsonObject();
    assertEquals(TestServer.PATIENT_A, notice.get("patientId").getAsString());
    assertEquals(1, notice.get("conflicts").getAsInt());
    assertEquals(403, t.get("/api/v1/review/follow-ups", nurseA1).status());
  }
}
