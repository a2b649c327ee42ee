package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Visit;
import se.nara.sdk.protocol.EmergencyAccessResponse;
import se.nara.sdk.protocol.SyncRecord;

/** Decoding a nödåtkomst answer into what an app shows. */
class EmergencyViewTest {
  private static SyncRecord record(String type, String id, long version, boolean tombstone, String field, String value) {
    JsonObject data = new JsonObject();
    data.addProperty(field, value);
    return new SyncRecord(type, id, version, 1, "p1", tombstone, Instant.EPOCH, null, data);
  }

  @Test
  void decodesThePatientAndRecordsByModelSkippingRetractedAndUnknownOnes() {
    EmergencyView view = EmergencyView.of(new EmergencyAccessResponse("p1", Instant.parse("2026-11-24T10:00:00Z"), List.of(
        record("patient", "p1", 3, false, "name", "Astrid Lind"),
        record("medication_line", "l1", 2, false, "drugName", "Furosemid"),
        record("medication_line", "l2", 4, true, "drugName", "Makulerad"),
        record("visit", "v1", 1, false, "note", "Besök"),
        record("robot_arm", "r1", 1, false, "x", "y"))));
    assertEquals("p1", view.patientId());
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), view.openedAt());
    Patient patient = view.patient();
    assertEquals("Astrid Lind", patient.name());
    assertEquals("p1", patient.id());
    assertEquals(3, patient.version());
    List<MedicationLine> lines = view.recordsOf(MedicationLine.class);
    assertEquals(1, lines.size(), "the retracted line is left out");
    assertEquals("l1", lines.get(0).id());
    assertEquals(2, lines.get(0).version());
    assertEquals("Furosemid", lines.get(0).drugName());
    assertEquals(1, view.recordsOf(Visit.class).size());
    assertEquals(0, view.recordsOf(Patient.class).size(), "the patient is patient(), not a record");
    assertThrows(UnsupportedOperationException.class, () -> view.recordsOf(Visit.class).clear());
  }

  @Test
  void anAnswerWithoutThePatientRecordHasNoPatient() {
    assertNull(EmergencyView.of(new EmergencyAccessResponse("p1", Instant.EPOCH, List.of())).patient());
  }
}
