package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.AuthenticationException;
import se.nara.sdk.NaraClient;
import se.nara.sdk.model.Patient;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/** A lost tablet, a patient leaving the team, and the tablet's own access log, end to end. */
class DeviceSecurityTest {
  @TempDir Path dir;
  NaraServer server;

  @BeforeEach
  void start() {
    server = DemoServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String as(String user, String method, String path, String body) throws Exception {
    OkHttpClient http = new OkHttpClient();
    String login = "{\"username\":\"" + user + "\",\"password\":\"demo\",\"deviceId\":\"" + UUID.randomUUID() + "\"}";
    String token;
    try (Response r = http.newCall(new Request.Builder().url(server.url() + "/api/v1/auth/login").header("Nara-Protocol-Version", "1")
        .post(RequestBody.create(login, MediaType.get("application/json"))).build()).execute()) {
      token = JsonParser.parseString(r.body().string()).getAsJsonObject().get("token").getAsString();
    }
    Request.Builder request = new Request.Builder().url(server.url() + path).header("Nara-Protocol-Version", "1")
        .header("Authorization", "Bearer " + token);
    request = method.equals("POST") ? request.post(RequestBody.create(body, MediaType.get("application/json"))) : request.get();
    try (Response r = http.newCall(request.build()).execute()) {
      String text = r.body().string();
      assertEquals(200, r.code(), text);
      return text;
    }
  }

  @Test
  @DisplayName("a tablet reported lost is revoked by the team leader and wipes itself at its next contact")
  void revokedTabletWipes() throws Exception {
    Path db = dir.resolve("anna.db");
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(db.toString()).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    Patient patient = anna.patients().all().get(0);
    assertTrue(anna.patients().all().size() >= 8);
    String name = patient.name();

    as("karin.tl", "POST", "/api/v1/devices/" + anna.deviceId() + "/revoke", "{}");
    AuthenticationException e = assertThrows(AuthenticationException.class, anna::sync);
    assertEquals("DEVICE_REVOKED", e.code());
    assertTrue(anna.patients().all().isEmpty(), "no patient data is left");
    assertNull(anna.session(), "no session is left");
    assertEquals(0, anna.syncStatus().pendingCount());
    anna.close();
    byte[] file = Files.readAllBytes(db);
    assertTrue(!new String(file, StandardCharsets.UTF_8).contains(name), "the patient's name is not left in the file either");
    NaraClient again = NaraClient.builder().serverUrl(server.url()).databasePath(db.toString()).build();
    assertThrows(AuthenticationException.class, () -> again.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()),
        "the revoked device cannot sign in again");
    again.close();
  }

  @Test
  @DisplayName("when a patient leaves the team's care, the tablet purges the patient at its next sync")
  void patientLeavingTheTeamIsPurged() throws Exception {
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("a.db").toString()).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    Patient leaving = anna.patients().all().get(0);
    int before = anna.patients().all().size();
    String team = anna.session().teamIds().get(0);
    as("ahmed.admin", "POST", "/api/v1/admin/care-relationships/end", "{\"patientId\":\"" + leaving.id() + "\",\"teamId\":\"" + team + "\"}");
    anna.sync();
    assertEquals(before - 1, anna.patients().all().size());
    assertNull(anna.patients().get(leaving.id()));
    assertTrue(anna.plans().forPatient(leaving.id()).isEmpty() && anna.checklists().forPatient(leaving.id()).isEmpty()
        && anna.medications().lists(leaving.id()).isEmpty(), "nothing of the patient stays on the tablet");
    anna.close();
  }

  @Test
  @DisplayName("reads on the tablet reach the server's access log with their device time, without counting as changes")
  void localReadsAreLogged() throws Exception {
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("r.db").toString()).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    Patient patient = anna.patients().all().get(0);
    anna.checklists().forPatient(patient.id());
    anna.medications().lists(patient.id());
    assertEquals(0, anna.syncStatus().pendingCount(), "reads are not the user's changes");
    assertEquals(0, anna.sync().pushed());
    long logged = server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM audit_log WHERE outcome = 'DEVICE' AND action = 'READ' AND patient_id = :p AND device_id = :d"
            + " AND occurred_at_device IS NOT NULL")
        .bind("p", patient.id()).bind("d", anna.deviceId()).mapTo(Long.class).one());
    assertTrue(logged >= 3, "patient list, checklist and medication list reads: " + logged);
    anna.close();
  }
}
