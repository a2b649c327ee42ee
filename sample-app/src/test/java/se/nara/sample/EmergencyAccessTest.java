package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.EmergencyView;
import se.nara.sdk.NaraClient;
import se.nara.sdk.ProtocolException;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.Patient;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/** Nödåtkomst through the SDK against the real server with the demo data. */
class EmergencyAccessTest {
  @TempDir Path dir;
  NaraServer server;
  NaraClient anna;

  @BeforeEach
  void start() throws Exception {
    server = DemoServer.start(dir);
    anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("anna.db").toString()).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
  }

  @AfterEach
  void stop() {
    anna.close();
    server.close();
  }

  @Test
  @DisplayName("a nurse reads another team's patient with a reason; nothing of it enters her tablet or its sync")
  void readsAnotherTeamsPatientWithoutKeepingIt() throws Exception {
    anna.sync();
    String[] other = DemoServer.patientOfAnotherTeam(server);
    assertNull(anna.patients().get(other[0]), "not Anna's team's patient");
    int patientsBefore = anna.patients().all().size();

    EmergencyView view = anna.emergencyAccess(other[1], "Täcker nattpass, patientens team nås inte");

    Patient patient = view.patient();
    assertNotNull(patient);
    assertEquals(other[0], patient.id());
    assertEquals(other[0], view.patientId());
    List<MedicationLine> lines = view.recordsOf(MedicationLine.class);
    long onServer = server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM records WHERE patient_id = :p AND entity_type = 'medication_line' AND tombstone = :no")
        .bind("p", other[0]).bind("no", false).mapTo(Long.class).one());
    assertTrue(onServer > 0);
    assertEquals(onServer, lines.size(), "every medication line the server holds");
    for (MedicationLine line : lines) {
      assertEquals(other[0], line.patientId());
    }
    assertEquals(1L, (long) server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'EMERGENCY_ACCESS' AND outcome = 'OK' AND patient_id = :p"
                + " AND detail = 'Täcker nattpass, patientens team nås inte'")
        .bind("p", other[0]).mapTo(Long.class).one()), "logged on the server with the reason");

    assertNull(anna.patients().get(other[0]), "not stored on the tablet");
    assertEquals(0, anna.syncStatus().pendingCount(), "nothing queued");
    anna.sync();
    assertNull(anna.patients().get(other[0]), "nor brought by the next sync");
    assertEquals(patientsBefore, anna.patients().all().size());
  }

  @Test
  @DisplayName("her own team's patient is refused with ALREADY_IN_CARE: she syncs instead")
  void ownPatientIsRefused() throws Exception {
    anna.sync();
    String number = anna.patients().all().stream()
        .flatMap(p -> p.identifiers().stream())
        .filter(i -> i.type() == se.nara.sdk.model.IdentifierType.PERSONNUMMER)
        .findFirst().orElseThrow().value();
    ProtocolException e = assertThrows(ProtocolException.class, () -> anna.emergencyAccess(number, "Vill se listan snabbt"));
    assertEquals("ALREADY_IN_CARE", e.code());
    assertFalse(e.getMessage().isEmpty());
  }

  @Test
  @DisplayName("the README's nödåtkomst example is a demo patient of another team, with medication lines")
  void theReadmeExampleWorks() throws Exception {
    String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
    java.util.regex.Matcher example = java.util.regex.Pattern.compile("nödåtkomst (\\d{12}) ").matcher(readme);
    assertTrue(example.find(), "the README shows an example");
    anna.sync();
    EmergencyView view = anna.emergencyAccess(example.group(1), "Täcker natten, ASIH nås inte");
    assertTrue(readme.contains(view.patient().name()), "the README names the patient: " + view.patient().name());
    assertFalse(view.recordsOf(MedicationLine.class).isEmpty());
  }
}
