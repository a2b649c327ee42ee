package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.model.Personnummer;
import se.nara.sdk.protocol.EmergencyAccessRequest;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;
import se.nara.server.store.ScopeStore;

/** Nödåtkomst over real HTTP: who may, what they read, what is refused, and what the MAS sees. */
class EmergencyAccessApiTest {
  /** The fixture's patients carry birth number 238 (see {@link TestServer}). */
  static final String PNR_A = Personnummer.generate(LocalDate.of(1938, 4, 12), 238, false);
  static final String PNR_B = Personnummer.generate(LocalDate.of(1941, 9, 3), 238, false);
  static final String REASON = "Akut försämring, patientens team nås inte";

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

  private Reply emergency(String token, String personnummer, String reason) throws Exception {
    return t.post("/api/v1/access/emergency", json(new EmergencyAccessRequest(personnummer, reason)), token);
  }

  /** The patients whose records a full pull brings. */
  private Set<String> patientsInPull(String token) throws Exception {
    Set<String> patients = new HashSet<>();
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", token).json().getAsJsonArray("records")) {
      JsonElement patient = e.getAsJsonObject().get("patientId");
      if (patient != null && !patient.isJsonNull()) {
        patients.add(patient.getAsString());
      }
    }
    return patients;
  }

  private long entries(String outcome) {
    return t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'EMERGENCY_ACCESS' AND outcome = '" + outcome + "'");
  }

  @Test
  @DisplayName("a nurse of another team reads the patient's records with a reason; the read is logged with it")
  void aNurseOfAnotherTeamReadsThePatientWithAReason() throws Exception {
    String nurseB = t.login("b1", UUID.randomUUID().toString());
    assertFalse(patientsInPull(nurseB).contains(TestServer.PATIENT_A), "team B does not care for patient A");
    assertTrue(patientsInPull(nurseB).contains(TestServer.PATIENT_B), "but for patient B");

    Reply r = emergency(nurseB, PNR_A.substring(2, 8) + "-" + PNR_A.substring(8), "  " + REASON + "  ");
    assertEquals(200, r.status(), r.body());
    assertEquals(TestServer.PATIENT_A, r.json().get("patientId").getAsString());
    Set<String> ids = new HashSet<>();
    for (JsonElement e : r.json().getAsJsonArray("records")) {
      JsonObject record = e.getAsJsonObject();
      ids.add(record.get("id").getAsString());
      assertEquals(TestServer.PATIENT_A, record.get("patientId").getAsString(), "only patient A's records");
      if (record.get("id").getAsString().equals(TestServer.PATIENT_A)) {
        assertEquals("Astrid Lind", record.getAsJsonObject("data").get("name").getAsString());
        assertFalse(record.getAsJsonObject("data").has("address"), "a protected identity's address stays on the server");
      }
    }
    assertTrue(ids.containsAll(List.of(TestServer.PATIENT_A, TestServer.LIST_A, TestServer.LINE_A, TestServer.ITEM_A,
        TestServer.EPISODE_A, TestServer.VISIT_SIGNED)), ids.toString());
    assertFalse(ids.contains(TestServer.ITEM_B), "patient B's records are not in it");

    assertEquals(1, t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'EMERGENCY_ACCESS' AND outcome = 'OK'"
        + " AND patient_id = '" + TestServer.PATIENT_A + "' AND staff_id = '" + TestServer.NURSE_B1 + "'"
        + " AND detail = '" + REASON + "'"), "logged once, with the reason as given (trimmed)");
    assertFalse(patientsInPull(nurseB).contains(TestServer.PATIENT_A), "still outside team B's sync");
  }

  @Test
  @DisplayName("the MAS finds every nödåtkomst, with its reason, in the log review")
  void theMasFollowsUpEveryEmergencyAccess() throws Exception {
    String nurseB = t.login("b1", UUID.randomUUID().toString());
    assertEquals(200, emergency(nurseB, PNR_A, REASON).status());
    assertEquals(404, emergency(nurseB, Personnummer.generate(LocalDate.of(1950, 1, 1), 123, false), REASON).status());
    String mas = t.login("mas", UUID.randomUUID().toString());
    Reply review = t.get("/api/v1/audit?action=EMERGENCY_ACCESS", mas);
    assertEquals(200, review.status(), review.body());
    assertEquals(2, review.json().getAsJsonArray("entries").size(), review.body());
    Set<String> outcomes = new HashSet<>();
    for (JsonElement e : review.json().getAsJsonArray("entries")) {
      JsonObject entry = e.getAsJsonObject();
      assertEquals("EMERGENCY_ACCESS", entry.get("action").getAsString());
      assertEquals(TestServer.NURSE_B1, entry.get("staffId").getAsString());
      assertEquals(REASON, entry.get("detail").getAsString(), "the reason is there to follow up");
      outcomes.add(entry.get("outcome").getAsString());
    }
    assertEquals(Set.of("OK", "REFUSED NOT_FOUND"), outcomes);
    assertEquals(400, t.get("/api/v1/audit?action=NODATKOMST", mas).status(), "an unknown action is refused, not ignored");
  }

  @Test
  @DisplayName("refused: no reason, a bad number, a non-clinical role, a patient already in care, a spärr")
  void refusals() throws Exception {
    String nurseB = t.login("b1", UUID.randomUUID().toString());
    Reply noReason = emergency(nurseB, PNR_A, "akut");
    assertEquals(400, noReason.status(), noReason.body());
    assertEquals("VALIDATION_FAILED", noReason.code());
    assertEquals("reason", noReason.json().getAsJsonObject("details").get("field").getAsString());
    assertEquals(400, emergency(nurseB, PNR_A, "x".repeat(EmergencyAccessRequest.MAX_REASON + 1)).status());
    for (String empty : new String[] {"\u0000".repeat(12), "a\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008b",
        "\u200B".repeat(12), "akut \u00A0\u00A0\u00A0\u00A0\u00A0\u00A0 nu", "\u2028\u2029".repeat(6)}) {
      Reply unreadable = emergency(nurseB, PNR_A, empty);
      assertEquals(400, unreadable.status(), "ten characters that say nothing: " + unreadable.body());
      assertEquals("reason", unreadable.json().getAsJsonObject("details").get("field").getAsString());
    }
    Reply badNumber = emergency(nurseB, PNR_A.substring(0, 11) + (char) ('0' + (PNR_A.charAt(11) - '0' + 1) % 10), REASON);
    assertEquals(400, badNumber.status(), badNumber.body());
    assertEquals("personnummer", badNumber.json().getAsJsonObject("details").get("field").getAsString());
    assertEquals(400, emergency(nurseB, null, REASON).status());
    assertEquals(400, t.post("/api/v1/access/emergency", "[]", nurseB).status());
    assertEquals(0, t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'EMERGENCY_ACCESS'"),
        "invalid requests read nothing and are not access attempts");

    String lead = t.login("lead", UUID.randomUUID().toString());
    Reply forbidden = emergency(lead, PNR_A, REASON);
    assertEquals(403, forbidden.status(), forbidden.body());
    assertEquals("FORBIDDEN", forbidden.code());

    String nurseA = t.login("a1", UUID.randomUUID().toString());
    Reply inCare = emergency(nurseA, PNR_A, REASON);
    assertEquals(409, inCare.status(), inCare.body());
    assertEquals("ALREADY_IN_CARE", inCare.code());
    assertEquals(1, entries("REFUSED IN_CARE"));

    t.server.database().inWrite(h -> {
      new ScopeStore().addSparr(h, TestServer.PATIENT_B, TestServer.TEAM_A, Instant.now().toEpochMilli());
      return null;
    });
    Reply blocked = emergency(nurseA, PNR_B, REASON);
    assertEquals(403, blocked.status(), blocked.body());
    assertTrue(blocked.body().contains("spärr"), blocked.body());
    assertFalse(blocked.body().contains("Bengt"), "nothing of the patient's data in the refusal");
    assertEquals(1, entries("REFUSED SPARR"));
    // Without the spärr, the same nurse may.
    t.server.database().inWrite(h -> h.execute("DELETE FROM sparrar"));
    assertEquals(200, emergency(nurseA, PNR_B, REASON).status());
  }

  @Test
  @DisplayName("two patient records with one number: refused, since either could be the wrong person's list")
  void twoPatientsWithOneNumberAreRefused() throws Exception {
    t.server.database().inWrite(h -> {
      new se.nara.server.sync.ServerRecords(new se.nara.server.store.RecordStore(), java.time.Clock.systemUTC()).insertAll(h,
          List.of(se.nara.sdk.model.Patient.builder().id(UUID.randomUUID().toString()).name("Dubblett Holm")
              .identifiers(List.of(se.nara.sdk.model.PatientIdentifier.personnummer(PNR_B))).build()),
          null);
      return null;
    });
    String nurseA = t.login("a1", UUID.randomUUID().toString());
    Reply r = emergency(nurseA, PNR_B, REASON);
    assertEquals(500, r.status(), r.body());
    assertEquals("INTERNAL_ERROR", r.code());
    assertTrue(r.body().contains("more than one patient record"), r.body());
    assertFalse(r.body().contains("Holm"), "no names in the refusal");
    assertEquals(1, entries("REFUSED AMBIGUOUS"));
  }

  @Test
  @DisplayName("a device cannot upload a nödåtkomst entry of its own into the log")
  void aDeviceCannotForgeAnEmergencyAccessEntry() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurse = t.login("a1", dev);
    JsonObject entry = new JsonObject();
    entry.addProperty("patientId", TestServer.PATIENT_A);
    entry.addProperty("action", "EMERGENCY_ACCESS");
    Mutation m = new Mutation(dev, 1, "audit_entry", UUID.randomUUID().toString(), MutationOp.CREATE, 0, entry, null, Instant.now());
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(m), 1, null)), nurse);
    assertEquals(200, r.status(), r.body());
    JsonObject result = r.json().getAsJsonArray("results").get(0).getAsJsonObject();
    assertEquals("REJECTED", result.get("status").getAsString(), result.toString());
    assertEquals("INVALID_FIELD", result.get("code").getAsString());
    assertEquals(0, t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'EMERGENCY_ACCESS'"));
  }
}
