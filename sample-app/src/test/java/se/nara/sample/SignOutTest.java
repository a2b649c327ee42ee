package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.AuthenticationException;
import se.nara.sdk.NaraClient;
import se.nara.sdk.NotSignedInException;
import se.nara.sdk.OfflineException;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.Patient;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/**
 * Signing out at the end of a shift on a shared tablet ({@link NaraClient#signOut()}), against the
 * real server: online, offline at a patient's home, and before a nurse of another team.
 */
class SignOutTest {
  @TempDir Path dir;
  NaraServer server;
  final NetworkSwitch network = new NetworkSwitch();

  @BeforeEach
  void start() {
    server = DemoServer.start(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private NaraClient tablet(String name) {
    return NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve(name).toString())
        .httpClient(new OkHttpClient.Builder().addInterceptor(network).build()).build();
  }

  private static char[] pw() {
    return DemoSeed.DEMO_PASSWORD.toCharArray();
  }

  /** A patient with a checklist, read and one item changed by whoever is signed in; returns [patient, item]. */
  private static String[] readAndChange(NaraClient tablet, String note) {
    Patient patient = tablet.patients().all().stream().filter(p -> !tablet.checklists().forPatient(p.id()).isEmpty())
        .findFirst().get();
    assertNotNull(tablet.patients().get(patient.id()));
    ChecklistItem item = tablet.checklists().items(tablet.checklists().forPatient(patient.id()).get(0).id()).get(0);
    tablet.checklists().setState(item.id(), ItemState.NOT_APPLICABLE, note);
    return new String[] {patient.id(), item.id()};
  }

  private String lastAuthorOf(String recordId) {
    return server.database().withReader(h -> h.createQuery(
        "SELECT changed_by FROM record_history WHERE record_id = :id ORDER BY version DESC LIMIT 1")
        .bind("id", recordId).mapTo(String.class).findOne().orElse(null));
  }

  private long deviceReads(String patientId, String staffId) {
    return server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM audit_log WHERE outcome = 'DEVICE' AND action = 'READ' AND patient_id = :p AND staff_id = :s")
        .bind("p", patientId).bind("s", staffId).mapTo(Long.class).one());
  }

  /** The token the tablet keeps under {@code key} in its database, or null. */
  private String meta(String db, String key) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(db));
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      ps.setString(1, key);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private int pullStatus(String token) throws java.io.IOException {
    try (okhttp3.Response r = new OkHttpClient().newCall(new okhttp3.Request.Builder().url(server.url() + "/api/v1/sync/pull")
        .header("Nara-Protocol-Version", "1").header("Authorization", "Bearer " + token).build()).execute()) {
      return r.code();
    }
  }

  private static void assertSignedOut(NaraClient tablet, String patientId, String itemId) {
    assertNull(tablet.session(), "nobody is signed in");
    assertFalse(tablet.hasToken());
    NotSignedInException read = assertThrows(NotSignedInException.class, () -> tablet.patients().get(patientId));
    assertEquals("UNAUTHENTICATED", read.code());
    assertThrows(NotSignedInException.class, () -> tablet.patients().all());
    assertThrows(NotSignedInException.class, () -> tablet.checklists().item(itemId));
    assertThrows(NotSignedInException.class, () -> tablet.patients().overview(patientId));
    assertThrows(NotSignedInException.class, () -> tablet.checklists().setState(itemId, ItemState.DONE, "ingen"));
  }

  @Test
  @DisplayName("signing out online sends her change and reads under her name, ends her session on the server, refuses"
      + " reads and syncs; a colleague then signs in, and the access log has each read under the right name")
  void online() throws Exception {
    NaraClient tablet = tablet("shared.db");
    String erik = tablet.login("erik.ssk", pw()).staffId();
    tablet.sync();
    String[] read = readAndChange(tablet, "Eriks bedömning");
    String eriksToken = meta("shared.db", "token");
    assertEquals(200, pullStatus(eriksToken));

    assertTrue(tablet.signOut(), "everything of Erik's went, and his session ended");
    assertEquals(erik, lastAuthorOf(read[1]), "the server has Erik as the author of his change");
    long eriksReads = deviceReads(read[0], erik);
    assertTrue(eriksReads > 0, "his reads are in the access log under his name");
    assertEquals(401, pullStatus(eriksToken), "his token no longer works");
    assertNull(meta("shared.db", "token"));
    assertNull(meta("shared.db", "signed_out_token"), "no token of his is left on the tablet");
    assertEquals(0, tablet.syncStatus().pendingCount());

    assertSignedOut(tablet, read[0], read[1]);
    AuthenticationException sync = assertThrows(AuthenticationException.class, tablet::sync);
    assertEquals("UNAUTHENTICATED", sync.code());

    String anna = tablet.login("anna.ssk", pw()).staffId(); // same team: the data stayed for her
    assertNotNull(tablet.patients().get(read[0]), "Anna reads the patient before any sync");
    tablet.sync();
    assertEquals(eriksReads, deviceReads(read[0], erik), "nothing read while nobody was signed in, or by Anna, is Erik's");
    assertTrue(deviceReads(read[0], anna) >= 1, "Anna's read is hers");
    assertEquals(erik, lastAuthorOf(read[1]));
    tablet.close();
  }

  @Test
  @DisplayName("signing out offline at a patient's home ends the local session at once; her change reaches the server"
      + " under her own name when a colleague signs in online")
  void offline() throws Exception {
    NaraClient tablet = tablet("home.db");
    String erik = tablet.login("erik.ssk", pw()).staffId();
    tablet.sync();
    String[] read = readAndChange(tablet, "Skrivet hos patienten");
    network.setOnline(false);

    assertFalse(tablet.signOut(), "his change could not go: it waits under his name");
    assertSignedOut(tablet, read[0], read[1]);
    assertThrows(OfflineException.class, tablet::sync, "a sync while nobody is signed in only tries his hand-over");
    assertTrue(tablet.syncStatus().pendingCount() >= 1);
    String kept = meta("home.db", "signed_out_token");
    assertNotNull(kept, "his token is kept aside for the hand-over");
    org.junit.jupiter.api.Assertions.assertNotEquals(erik, lastAuthorOf(read[1]), "nothing of it has reached the server yet");

    network.setOnline(true);
    String anna = tablet.login("anna.ssk", pw()).staffId();
    assertEquals(anna, tablet.session().staffId());
    assertEquals(0, tablet.syncStatus().pendingCount(), "Erik's change went before Anna took over");
    assertEquals(erik, lastAuthorOf(read[1]), "under Erik's name");
    assertTrue(deviceReads(read[0], erik) > 0, "with his reads");
    assertEquals(0, deviceReads(read[0], anna), "none of his reads in Anna's log");
    assertEquals(401, pullStatus(kept), "his kept token was ended once it had done its work");
    assertNull(meta("home.db", "signed_out_token"));
    tablet.sync();
    tablet.close();
  }

  @Test
  @DisplayName("signed out offline and his token expired before anyone signed in: a colleague is refused, he signs in"
      + " again and signs out online, and she takes over")
  void offlineThenTheTokenExpires() throws Exception {
    NaraClient tablet = tablet("night.db");
    String erik = tablet.login("erik.ssk", pw()).staffId();
    tablet.sync();
    String[] read = readAndChange(tablet, "Kvällens bedömning");
    network.setOnline(false);
    assertFalse(tablet.signOut());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("night.db"));
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE meta SET value = 'expired-overnight' WHERE key = 'signed_out_token'");
    }
    network.setOnline(true);

    AuthenticationException refused = assertThrows(AuthenticationException.class, () -> tablet.login("anna.ssk", pw()));
    assertEquals(NaraClient.UNSYNCED_CHANGES_OF_ANOTHER_USER, refused.code());
    assertTrue(refused.getMessage().contains("Erik"), refused.getMessage());
    assertNull(tablet.session(), "nobody was signed in");
    assertTrue(tablet.syncStatus().pendingCount() >= 1, "his change still waits");

    tablet.login("erik.ssk", pw()); // the way out: his own sign-in, then his sign-out online
    assertTrue(tablet.signOut());
    assertEquals(erik, lastAuthorOf(read[1]));
    tablet.login("anna.ssk", pw());
    assertEquals(0, tablet.syncStatus().pendingCount());
    tablet.close();
  }

  @Test
  @DisplayName("a tablet signed out offline and then reported lost is revoked: the hand-over's first contact wipes it"
      + " (records, queue, kept token), as a signed-in tablet's sync does")
  void signedOutThenRevokedWipesAtTheHandOver() throws Exception {
    NaraClient tablet = tablet("lost.db");
    tablet.login("erik.ssk", pw());
    tablet.sync();
    String[] read = readAndChange(tablet, "Skrivet innan plattan försvann");
    String name = tablet.patients().get(read[0]).name();
    String device = tablet.deviceId();
    network.setOnline(false);
    assertFalse(tablet.signOut());
    assertNotNull(meta("lost.db", "signed_out_token"));

    DemoServer.call(server, "karin.tl", "POST", "/api/v1/devices/" + device + "/revoke", "{}");
    network.setOnline(true);
    AuthenticationException revoked = assertThrows(AuthenticationException.class, tablet::sync,
        "the scheduler's sync while nobody is signed in meets the revocation");
    assertEquals("DEVICE_REVOKED", revoked.code(), "the app is told the truth: the device is revoked");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lost.db"));
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM records")) {
      assertEquals(0, rs.getLong(1), "no patient data is left on the lost tablet");
    }
    assertNull(meta("lost.db", "signed_out_token"), "no token is left in its files");
    assertEquals(0, tablet.syncStatus().pendingCount());
    tablet.close();
    assertFalse(new String(java.nio.file.Files.readAllBytes(dir.resolve("lost.db")), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains(name), "the patient's name is not left in the file");
  }

  @Test
  @DisplayName("signing out on a tablet already revoked wipes it at once")
  void signOutOnARevokedTabletWipes() throws Exception {
    NaraClient tablet = tablet("revoked.db");
    tablet.login("erik.ssk", pw());
    tablet.sync();
    readAndChange(tablet, "Skrivet innan spärren av plattan");
    DemoServer.call(server, "karin.tl", "POST", "/api/v1/devices/" + tablet.deviceId() + "/revoke", "{}");

    assertFalse(tablet.signOut(), "nothing of his could go: the device is revoked");
    assertNull(meta("revoked.db", "signed_out_token"), "no token is left in its files");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("revoked.db"));
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM records")) {
      assertEquals(0, rs.getLong(1), "no patient data is left");
    }
    tablet.close();
  }

  @Test
  @DisplayName("after a sign-out, a nurse of another team sees none of the previous team's patients, also when the"
      + " previous nurse's change was handed over at her sign-in")
  void anotherTeamSignsInNext() throws Exception {
    NaraClient tablet = tablet("teams.db");
    String anna = tablet.login("anna.ssk", pw()).staffId(); // Malmö
    tablet.sync();
    Set<String> malmo = new HashSet<>();
    tablet.patients().all().forEach(p -> malmo.add(p.id()));
    String[] read = readAndChange(tablet, "Annas bedömning");
    network.setOnline(false);
    assertFalse(tablet.signOut());
    network.setOnline(true);

    tablet.login("maja.ssk", pw()); // ASIH Lund
    assertEquals(anna, lastAuthorOf(read[1]), "Anna's change went under her name first");
    assertTrue(tablet.patients().all().isEmpty(), "none of Malmö's patients are shown to the Lund nurse");
    tablet.sync();
    List<Patient> lund = tablet.patients().all();
    assertFalse(lund.isEmpty(), "her own team's patients arrive");
    for (Patient p : lund) {
      assertFalse(malmo.contains(p.id()), "only Lund's patients: " + p.id());
    }

    assertTrue(tablet.signOut(), "Maja signs out online"); // and Anna comes back: Lund's go again
    tablet.login("anna.ssk", pw());
    assertTrue(tablet.patients().all().isEmpty(), "none of Lund's patients are shown to the Malmö nurse");
    tablet.close();
  }
}
