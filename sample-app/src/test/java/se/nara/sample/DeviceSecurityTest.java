package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.AuthenticationException;
import se.nara.sdk.NaraClient;
import se.nara.sdk.OfflineException;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.SyncResult;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
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
    return DemoServer.call(server, user, method, path, body);
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
    assertThrows(se.nara.sdk.NotSignedInException.class, () -> anna.patients().all(), "nobody is signed in: nothing is shown");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM records")) {
      assertEquals(0, rs.getLong(1), "no patient data is left");
    }
    assertNull(anna.session(), "no session is left");
    assertEquals(0, anna.syncStatus().pendingCount());
    assertFalse(onDisk(db).contains(name), "the patient's name is not left in the file or its write-ahead log");
    anna.close();
    assertFalse(onDisk(db).contains(name), "nor after the app closes");
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
  @DisplayName("a patient leaving the team takes nothing unsettled from the tablet: a refused change stays until the"
      + " nurse has seen it, one made during the sync goes to the care team's review first")
  void purgeKeepsTheNursesUnsettledWork() throws Exception {
    // The app writes on another thread while a sync runs: here, just as the sync turns from
    // pushing to pulling (the pull's last page carries the purge).
    java.util.concurrent.atomic.AtomicReference<Runnable> atThePull = new java.util.concurrent.atomic.AtomicReference<>();
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> {
      Runnable write = chain.request().url().encodedPath().endsWith("/sync/pull") ? atThePull.getAndSet(null) : null;
      if (write != null) {
        write.run();
      }
      return chain.proceed(chain.request());
    }).build();
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("p.db").toString())
        .httpClient(http).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    Patient leaving = anna.patients().all().get(0);
    // Review fields are a team leader's: the server refuses this visit.
    Visit refused = anna.visits().create(Visit.builder().patientId(leaving.id()).teamId(anna.session().teamIds().get(0))
        .staffIds(List.of(anna.session().staffId())).visitType(VisitType.FOLLOW_UP).plannedStart(Instant.now())
        .status(VisitStatus.COMPLETED).note("Avvisat besök").reviewState(ReviewState.REVIEWED).build());
    as("ahmed.admin", "POST", "/api/v1/admin/care-relationships/end",
        "{\"patientId\":\"" + leaving.id() + "\",\"teamId\":\"" + anna.session().teamIds().get(0) + "\"}");

    String[] madeDuringSync = new String[1];
    atThePull.set(() -> madeDuringSync[0] = offlineVisit(anna, leaving, "Skrivet under synken").id());
    SyncResult first = anna.sync();
    assertNotNull(madeDuringSync[0]);
    assertEquals(1, first.rejected());
    assertNull(anna.patients().get(leaving.id()), "the patient is purged");
    assertTrue(anna.checklists().forPatient(leaving.id()).isEmpty());
    assertEquals(1, anna.syncStatus().rejected().size(), "the refusal is still there to be seen");
    assertEquals("Avvisat besök", anna.visits().get(refused.id()).note());
    assertEquals(1, anna.syncStatus().pendingCount(), "the visit written during the sync is still queued");
    assertEquals("Skrivet under synken", anna.visits().get(madeDuringSync[0]).note());

    SyncResult second = anna.sync();
    assertEquals(1, second.conflicts(), "the server keeps it for review instead of applying or dropping it");
    long kept = server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM records WHERE entity_type = 'conflict' AND data LIKE '%Skrivet under synken%'").mapTo(Long.class).one());
    assertEquals(1, kept);
    assertNull(anna.visits().get(madeDuringSync[0]), "settled, it leaves the tablet with the patient");
    assertEquals("Avvisat besök", anna.visits().get(refused.id()).note(), "the refusal waits for the nurse");

    anna.discardRejected(anna.syncStatus().rejected().get(0).mutationId());
    anna.sync();
    assertNull(anna.visits().get(refused.id()));
    assertTrue(anna.visits().forPatient(leaving.id()).isEmpty(), "nothing of the patient is left");
    anna.close();
  }

  @Test
  @DisplayName("on a shared tablet, the next nurse's sign-in first sends the previous one's changes and reads under his"
      + " own name; if it cannot, she is not signed in and nothing is switched")
  void aSharedTabletSendsEachUsersWorkUnderTheirOwnName() throws Exception {
    Path db = dir.resolve("shared.db");
    NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(db.toString()).build();
    String erik = tablet.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()).staffId();
    tablet.sync();
    Patient patient = tablet.patients().all().stream().filter(p -> !tablet.checklists().forPatient(p.id()).isEmpty())
        .findFirst().get();
    ChecklistItem item = tablet.checklists().items(tablet.checklists().forPatient(patient.id()).get(0).id()).get(0);
    tablet.checklists().setState(item.id(), ItemState.NOT_APPLICABLE, "Eriks bedömning"); // read and changed, not synced
    assertEquals(1, tablet.syncStatus().pendingCount());

    // Erik's token no longer works (it expired overnight): Anna cannot take over yet.
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE meta SET value = 'expired-token' WHERE key = 'token'");
    }
    AuthenticationException refused =
        assertThrows(AuthenticationException.class, () -> tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()));
    assertEquals(NaraClient.UNSYNCED_CHANGES_OF_ANOTHER_USER, refused.code());
    assertTrue(refused.getMessage().contains("Erik"), refused.getMessage());
    assertEquals(erik, tablet.session().staffId(), "still Erik's tablet");
    assertEquals(1, tablet.syncStatus().pendingCount(), "his change still waits");

    // Erik signs in again (allowed: it is his work), and later Anna takes over without syncing first.
    tablet.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    ChecklistItem second = tablet.checklists().items(tablet.checklists().forPatient(patient.id()).get(0).id()).get(1);
    tablet.checklists().setState(second.id(), ItemState.NOT_APPLICABLE, "Eriks andra bedömning");
    String anna = tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()).staffId();
    assertEquals(anna, tablet.session().staffId());
    assertEquals(0, tablet.syncStatus().pendingCount(), "Erik's changes went before Anna took over");
    for (String id : List.of(item.id(), second.id())) {
      String by = server.database().withReader(h -> h.createQuery(
          "SELECT changed_by FROM record_history WHERE record_id = :id ORDER BY version DESC LIMIT 1")
          .bind("id", id).mapTo(String.class).one());
      assertEquals(erik, by, "the server has Erik as the author of his change");
    }
    long annasReads = server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM audit_log WHERE outcome = 'DEVICE' AND patient_id = :p AND staff_id = :s")
        .bind("p", patient.id()).bind("s", anna).mapTo(Long.class).one());
    long eriksReads = server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM audit_log WHERE outcome = 'DEVICE' AND patient_id = :p AND staff_id = :s")
        .bind("p", patient.id()).bind("s", erik).mapTo(Long.class).one());
    assertEquals(0, annasReads, "Erik's reads on the tablet are not in Anna's access log");
    assertTrue(eriksReads > 0, "they are in his");
    tablet.close();
  }

  @Test
  @DisplayName("on a shared tablet, the previous nurse's session ends on the server when the next nurse signs in; his"
      + " sign-in on another tablet and a nurse signing in again on her own tablet keep theirs")
  void aSharedTabletEndsThePreviousUsersSessionOnTheServer() throws Exception {
    Path db = dir.resolve("handed-over.db");
    NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(db.toString()).build();
    tablet.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    tablet.sync();
    String eriksToken = storedToken(db);
    NaraClient eriksOwn = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("eriks-own.db").toString()).build();
    eriksOwn.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    assertEquals(200, pullStatus(eriksToken));

    tablet.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()); // the same nurse again: nothing to end
    String eriksSecond = storedToken(db);
    assertEquals(200, pullStatus(eriksToken), "signing in again as oneself leaves the earlier session alone");

    tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()); // Anna takes the tablet over
    assertEquals(401, pullStatus(eriksSecond), "Erik's token from the shared tablet no longer works anywhere");
    assertEquals(200, pullStatus(storedToken(db)), "Anna's does");
    tablet.sync();
    eriksOwn.sync(); // his own tablet is still signed in
    tablet.close();
    eriksOwn.close();
  }

  private static String storedToken(Path db) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT value FROM meta WHERE key = 'token'")) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  private int pullStatus(String token) throws java.io.IOException {
    try (okhttp3.Response r = new OkHttpClient().newCall(new okhttp3.Request.Builder().url(server.url() + "/api/v1/sync/pull")
        .header("Nara-Protocol-Version", "1").header("Authorization", "Bearer " + token).build()).execute()) {
      return r.code();
    }
  }

  @Test
  @DisplayName("on a shared tablet, the next nurse's read of a patient the previous nurse read a minute earlier is in the"
      + " access log under her own name")
  void aSharedTabletLogsTheNextNursesReadOfTheSamePatient() throws Exception {
    NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("s1.db").toString()).build();
    String anna = tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()).staffId();
    tablet.sync();
    String patient = tablet.patients().all().get(0).id();
    assertNotNull(tablet.patients().get(patient)); // Anna opens the patient
    String erik = tablet.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()).staffId(); // Anna's read goes as hers
    assertNotNull(tablet.patients().get(patient)); // Erik opens the same patient
    tablet.sync();
    for (String staff : List.of(anna, erik)) {
      long reads = server.database().withReader(h -> h.createQuery(
          "SELECT COUNT(*) FROM audit_log WHERE outcome = 'DEVICE' AND action = 'READ' AND patient_id = :p"
              + " AND staff_id = :s AND resource_type = 'patient'")
          .bind("p", patient).bind("s", staff).mapTo(Long.class).one());
      assertEquals(1, reads, (staff.equals(anna) ? "Anna's" : "Erik's") + " read of the patient");
    }
    tablet.close();
  }

  @Test
  @DisplayName("a shared tablet signed in by a nurse of another team shows none of the previous team's patients, and"
      + " her own team's arrive at the next sync")
  void aSharedTabletSignedInByAnotherTeamForgetsThePreviousTeamsPatients() throws Exception {
    NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("s2.db").toString()).build();
    tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    tablet.sync();
    java.util.Set<String> malmo = new java.util.HashSet<>();
    tablet.patients().all().forEach(p -> malmo.add(p.id()));
    assertFalse(malmo.isEmpty());

    tablet.login("maja.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()); // ASIH Lund
    assertTrue(tablet.patients().all().isEmpty(), "none of Malmö's patients are shown to the Lund nurse");
    tablet.sync();
    List<Patient> lund = tablet.patients().all();
    assertFalse(lund.isEmpty(), "her own team's patients arrive (the old cursor would have skipped them)");
    for (Patient p : lund) {
      assertFalse(malmo.contains(p.id()), "only Lund's patients: " + p.id());
    }
    tablet.close();
  }

  @Test
  @DisplayName("a nurse of another team who signs in while the previous nurse's first sync is under way sees none of"
      + " the previous team's patients, and her own team's arrive at her sync")
  void aSignInOfAnotherTeamDuringASyncGetsOnlyHerTeam() throws Exception {
    NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("s3.db").toString()).build();
    tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()); // Malmö; her background sync starts
    java.util.concurrent.ExecutorService ui = java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.atomic.AtomicReference<Throwable> loginFailed = new java.util.concurrent.atomic.AtomicReference<>();
    se.nara.sdk.SyncProgress majaSignsIn = new se.nara.sdk.SyncProgress() {
      @Override
      public void priorityDataReady(int records) {
        try { // Maja (ASIH Lund) signs in on the UI thread while Anna's sync is under way
          ui.submit(() -> tablet.login("maja.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()))
              .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          loginFailed.set(e);
        }
      }
    };
    try {
      tablet.sync(majaSignsIn);
    } catch (se.nara.sdk.SyncCancelledException stopped) {
      // Anna's sync stops once the tablet is Maja's: what it would still write is not hers to see.
    }
    ui.shutdown();
    assertNull(loginFailed.get());
    String maja = tablet.session().staffId();
    tablet.sync(); // Maja's own sync
    java.util.Set<String> lund = new java.util.HashSet<>(server.database().withReader(h -> h.createQuery(
        "SELECT DISTINCT cr.patient_id FROM care_relationships cr JOIN team_members st ON st.team_id = cr.team_id"
            + " WHERE st.staff_id = :s").bind("s", maja).mapTo(String.class).list()));
    java.util.Set<String> shown = new java.util.HashSet<>();
    tablet.patients().all().forEach(p -> shown.add(p.id()));
    assertFalse(shown.isEmpty(), "her own team's patients arrive");
    for (String id : shown) {
      assertTrue(lund.contains(id), "only her team's patients, not " + id);
    }
    tablet.close();
  }

  @Test
  @DisplayName("a colleague who signs in while the previous nurse's sync is pushing, and saves at once, has her"
      + " change sent under her own name, not by the previous nurse's sync with the previous nurse's token")
  void aChangeMadeAfterAnotherUserSignedInDuringAPushIsNotSentUnderThePreviousUsersName() throws Exception {
    NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("s4.db").toString()).build();
    String annaId = tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()).staffId();
    tablet.sync();
    Patient patient = tablet.patients().all().stream().filter(p -> !tablet.checklists().forPatient(p.id()).isEmpty())
        .findFirst().get();
    List<ChecklistItem> items = tablet.checklists().items(tablet.checklists().forPatient(patient.id()).get(0).id());
    tablet.checklists().setState(items.get(0).id(), ItemState.NOT_APPLICABLE, "Annas");
    java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<String> erikId = new java.util.concurrent.atomic.AtomicReference<>();
    se.nara.sdk.SyncProgress erikSignsIn = new se.nara.sdk.SyncProgress() {
      @Override
      public void pushed(int sent, int total) {
        if (erikId.get() != null) {
          return;
        }
        try { // from the sync's own progress callback: Anna saves one more change, Erik (her team) signs in
          // (her new change goes out under her name first) and saves at once
          tablet.checklists().setState(items.get(2).id(), ItemState.NOT_APPLICABLE, "Annas sista");
          erikId.set(tablet.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()).staffId());
          tablet.checklists().setState(items.get(1).id(), ItemState.NOT_APPLICABLE, "Eriks");
        } catch (Exception e) {
          failed.set(e);
        }
      }
    };
    try {
      tablet.sync(erikSignsIn);
    } catch (se.nara.sdk.SyncCancelledException stopped) {
      // Anna's sync stops once the tablet is Erik's
    }
    assertNull(failed.get());
    assertNotNull(erikId.get());
    tablet.sync(); // Erik's own sync
    String itemId = items.get(1).id();
    List<String> senders = server.database().withReader(h -> h.createQuery(
        "SELECT staff_id FROM mutation_log WHERE entity_id = :e").bind("e", itemId).mapTo(String.class).list());
    assertEquals(List.of(erikId.get()), senders, "Erik's change was sent once, under his name (Anna is " + annaId + ")");
    List<String> annas = server.database().withReader(h -> h.createQuery(
        "SELECT staff_id FROM mutation_log WHERE entity_id = :e").bind("e", items.get(2).id()).mapTo(String.class).list());
    assertEquals(List.of(annaId), annas, "Anna's last change went out under her name before Erik took over");
    tablet.close();
  }

  @Test
  @DisplayName("another team's nurse who knows a tablet's device id cannot sign in as it: the tablet's changes"
      + " and numbering are untouched and it stays in its team's fleet")
  void nobodyTakesOverATabletsDeviceId() throws Exception {
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("anna.db").toString()).build();
    String annaId = anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()).staffId();
    anna.sync();
    Patient patient = anna.patients().all().stream().filter(p -> !anna.checklists().forPatient(p.id()).isEmpty())
        .findFirst().get();
    List<ChecklistItem> items = anna.checklists().items(anna.checklists().forPatient(patient.id()).get(0).id());
    anna.checklists().setState(items.get(0).id(), ItemState.NOT_APPLICABLE, "Annas första");
    anna.sync();

    // Maja (another team) builds a tablet database of her own that names Anna's device id.
    NaraClient maja = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("maja.db").toString())
        .deviceId(anna.deviceId()).build();
    AuthenticationException refused =
        assertThrows(AuthenticationException.class, () -> maja.login("maja.ssk", DemoSeed.DEMO_PASSWORD.toCharArray()));
    assertEquals("DEVICE_SECRET_MISMATCH", refused.code());
    maja.close();
    assertEquals(annaId, server.database().withReader(h -> h.createQuery(
        "SELECT staff_id FROM devices WHERE device_id = :d").bind("d", anna.deviceId()).mapTo(String.class).one()),
        "the device is still Anna's (her team leader's fleet view)");

    anna.checklists().setState(items.get(1).id(), ItemState.NOT_APPLICABLE, "Annas andra");
    SyncResult second = anna.sync();
    assertEquals(0, second.rejected());
    assertEquals(0, anna.syncStatus().pendingCount());
    String by = server.database().withReader(h -> h.createQuery(
        "SELECT changed_by FROM record_history WHERE record_id = :id ORDER BY version DESC LIMIT 1")
        .bind("id", items.get(1).id()).mapTo(String.class).one());
    assertEquals(annaId, by, "Anna's second change is stored, not answered with someone else's recorded answer");
    // The same tablet database signs in again (and a colleague could, on a shared tablet).
    anna.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.close();
  }

  @Test
  @DisplayName("a device id given in upper case is kept and sent in lower case and signs in; one that is no UUID is refused at once")
  void aDeviceIdGivenInUpperCaseSignsInInLowerCase() throws Exception {
    String id = java.util.UUID.randomUUID().toString();
    try (NaraClient mdm = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("mdm.db").toString())
        .deviceId(id.toUpperCase(java.util.Locale.ROOT)).build()) {
      assertEquals(id, mdm.deviceId());
      mdm.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
      mdm.sync();
    }
    try (NaraClient again = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("mdm.db").toString())
        .deviceId(id).build()) {
      assertEquals(id, again.deviceId(), "the same database, in either case");
    }
    IllegalArgumentException notAUuid = assertThrows(IllegalArgumentException.class,
        () -> NaraClient.builder().deviceId("surfplatta-12"));
    assertTrue(notAUuid.getMessage().contains("UUID"), notAUuid.getMessage());
  }

  @Test
  @DisplayName("a tablet database an older SDK bound to an upper-case device id keeps its records and queued change,"
      + " signs in under the lower-case form and its change reaches the server under its own number sequence")
  void aTabletDatabaseBoundToAnUpperCaseDeviceIdKeepsItsWorkAndSignsIn() throws Exception {
    Path file = dir.resolve("old.db");
    String itemId;
    try (NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(file.toString()).build()) {
      tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
      tablet.sync();
      Patient patient = tablet.patients().all().stream().filter(p -> !tablet.checklists().forPatient(p.id()).isEmpty())
          .findFirst().get();
      List<ChecklistItem> items = tablet.checklists().items(tablet.checklists().forPatient(patient.id()).get(0).id());
      tablet.checklists().setState(items.get(0).id(), ItemState.NOT_APPLICABLE, "Synkad förut");
      tablet.sync(); // numbers used: the server knew them under the old id
      itemId = items.get(1).id();
      tablet.checklists().setState(itemId, ItemState.NOT_APPLICABLE, "Köad i gamla SDK:t");
    }
    // What an older SDK given an upper-case id (e.g. from MDM) left: the database bound to that form,
    // which the server, comparing ids as text, never saw in lower case.
    String upper = java.util.UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.PreparedStatement ps = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'device_id'")) {
      ps.setString(1, upper);
      ps.executeUpdate();
    }

    try (NaraClient tablet = NaraClient.builder().serverUrl(server.url()).databasePath(file.toString()).deviceId(upper).build()) {
      assertEquals(upper.toLowerCase(java.util.Locale.ROOT), tablet.deviceId());
      assertEquals(1, tablet.syncStatus().pendingCount(), "the queued change is still there");
      assertEquals(ItemState.NOT_APPLICABLE, tablet.checklists().item(itemId).state());
      tablet.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
      SyncResult result = tablet.sync();
      assertEquals(1, result.applied() + result.merged(), tablet.syncStatus().toString());
      assertEquals(0, tablet.syncStatus().pendingCount());
    }
    try (NaraClient opened = NaraClient.builder().serverUrl(server.url()).databasePath(file.toString())
        .deviceId(upper.toLowerCase(java.util.Locale.ROOT)).build()) {
      assertEquals(upper.toLowerCase(java.util.Locale.ROOT), opened.deviceId(), "bound to the lower-case form now");
    }
    assertEquals("Köad i gamla SDK:t", server.database().withReader(h -> h.createQuery(
        "SELECT json_extract(data, '$.note') FROM records WHERE id = :id").bind("id", itemId).mapTo(String.class).one()));
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

  /** What is on disk of a local database: the file and its write-ahead log, as text. */
  private static String onDisk(Path db) throws java.io.IOException {
    Path wal = db.resolveSibling(db.getFileName() + "-wal");
    return new String(Files.readAllBytes(db), StandardCharsets.UTF_8)
        + (Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.UTF_8) : "");
  }

  /** A device clock the test moves forward: the tablet's days offline pass in a moment. */
  static final class MovableClock extends Clock {
    private volatile Duration offset;

    MovableClock(Duration offset) {
      this.offset = offset;
    }

    void set(Duration offset) {
      this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  private static Visit offlineVisit(NaraClient client, Patient patient, String note) {
    return client.visits().create(Visit.builder().patientId(patient.id()).teamId(client.session().teamIds().get(0))
        .staffIds(List.of(client.session().staffId())).visitType(VisitType.FOLLOW_UP)
        .plannedStart(Instant.now().minus(Duration.ofMinutes(30))).status(VisitStatus.COMPLETED).note(note).build());
  }

  @Test
  @DisplayName("a tablet offline past its maximum removes the patients it pulled, keeps its own unsent work, and gets"
      + " everything back at the next sync")
  void offlineTooLongRemovesPulledDataButNotTheNursesWork() throws Exception {
    Path db = dir.resolve("drawer.db");
    MovableClock clock = new MovableClock(Duration.ofDays(-4)); // synced four days ago (device time)
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(db.toString()).clock(clock).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    List<Patient> patients = anna.patients().all();
    assertTrue(patients.size() >= 8);
    Patient visited = patients.stream().filter(p -> !anna.checklists().forPatient(p.id()).isEmpty()).findFirst().get();
    ChecklistItem item = anna.checklists().items(anna.checklists().forPatient(visited.id()).get(0).id()).get(0);
    Visit visit = offlineVisit(anna, visited, "Besök utan täckning, såret läker");
    anna.checklists().setState(item.id(), ItemState.NOT_APPLICABLE, "ej aktuellt efter besöket");
    int pending = anna.syncStatus().pendingCount();
    assertEquals(2, pending);

    assertEquals(anna.syncStatus().lastSuccessfulSync().plus(NaraClient.DEFAULT_MAX_OFFLINE), anna.syncStatus().dataExpiresAt(),
        "the app can warn before it happens");
    clock.set(Duration.ofDays(-4).plusHours(71)); // within the default 72 hours: everything stays
    assertEquals(patients.size(), anna.patients().all().size());
    assertNull(anna.syncStatus().dataExpiredAt());

    java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
    anna.addChangeListener((types, ids) -> told.incrementAndGet());
    clock.set(Duration.ofDays(-4).plusHours(73));
    assertTrue(anna.patients().all().isEmpty(), "no pulled patient is shown any more");
    assertTrue(told.get() > 0, "the app is told to refresh");
    assertNotNull(anna.syncStatus().dataExpiredAt());
    assertNull(anna.syncStatus().dataExpiresAt(), "nothing pulled is left to expire");
    assertTrue(anna.syncStatus().needsAttention());
    assertEquals(pending, anna.syncStatus().pendingCount(), "the nurse's unsent changes are all still queued");
    assertEquals("Besök utan täckning, såret läker", anna.visits().get(visit.id()).note(), "her visit is still readable");
    assertEquals(ItemState.NOT_APPLICABLE, anna.checklists().item(item.id()).state(), "so is the item she changed");
    assertTrue(anna.checklists().forPatient(visited.id()).isEmpty() && anna.medications().lists(visited.id()).isEmpty(),
        "nothing else of the patient is left");
    String file = onDisk(db); // while the app is open: the file and its write-ahead log
    for (Patient p : patients) {
      assertFalse(file.contains(p.name()), "the removed patient's name is not left on disk: " + p.name());
    }
    anna.close();

    NaraClient again = NaraClient.builder().serverUrl(server.url()).databasePath(db.toString()).clock(clock).build();
    assertNotNull(again.syncStatus().dataExpiredAt(), "still expired after the app restarts");
    assertTrue(again.patients().all().isEmpty());
    clock.set(Duration.ZERO);
    SyncResult back = again.sync();
    assertEquals(2, back.pushed(), "both queued changes reach the server");
    assertEquals(0, back.rejected());
    assertEquals(patients.size(), again.patients().all().size(), "the next sync pulls everything again");
    assertNull(again.syncStatus().dataExpiredAt());
    assertEquals(again.syncStatus().lastSuccessfulSync().plus(NaraClient.DEFAULT_MAX_OFFLINE), again.syncStatus().dataExpiresAt());
    assertEquals(0, again.syncStatus().pendingCount());
    assertEquals(RecordSyncState.SYNCED, again.syncStateOf(visit.id()));
    assertEquals("Besök utan täckning, såret läker", again.visits().get(visit.id()).note());
    assertEquals(ItemState.NOT_APPLICABLE, again.checklists().item(item.id()).state());
    assertNotNull(again.patients().get(visited.id()), "the visited patient is back");
    again.close();
  }

  @Test
  @DisplayName("the maximum time offline is checked when the app opens and after a failed sync, not only at reads")
  void offlineExpiryWithoutReads() throws Exception {
    Path db = dir.resolve("opened.db");
    MovableClock clock = new MovableClock(Duration.ofHours(-30));
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(db.toString()).clock(clock)
        .maxOffline(Duration.ofHours(24)).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    anna.close();

    // Opened again with the server out of reach: 30 hours later, past a 24-hour maximum.
    String unreachable = "http://127.0.0.1:1";
    clock.set(Duration.ZERO);
    NaraClient opened = NaraClient.builder().serverUrl(unreachable).databasePath(db.toString()).clock(clock)
        .maxOffline(Duration.ofHours(24)).build();
    assertNotNull(opened.syncStatus().dataExpiredAt(), "removed as the app opened, before any read");
    opened.close();

    Path db2 = dir.resolve("failed.db");
    clock.set(Duration.ofHours(-30));
    NaraClient erik = NaraClient.builder().serverUrl(server.url()).databasePath(db2.toString()).clock(clock)
        .maxOffline(Duration.ofHours(24)).build();
    erik.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    erik.sync();
    erik.close();
    NaraClient offline = NaraClient.builder().serverUrl(unreachable).databasePath(db2.toString()).clock(clock)
        .maxOffline(Duration.ofHours(24)).build();
    clock.set(Duration.ZERO);
    assertNull(offline.syncStatus().dataExpiredAt(), "nothing has read since the deadline passed");
    assertThrows(OfflineException.class, offline::sync);
    assertNotNull(offline.syncStatus().dataExpiredAt(), "a failed sync removes expired data at once");
    offline.close();
  }

  @Test
  @DisplayName("a sync that starts past the maximum time offline is not cut short by an app reading during it")
  void readsDuringASyncDoNotRemoveWhatItIsPulling() throws Exception {
    MovableClock clock = new MovableClock(Duration.ofDays(-4));
    NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("busy.db").toString())
        .clock(clock).build();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    int count = anna.patients().all().size();
    // Someone else changes every patient's checklist meanwhile, so the next pull has pages to apply.
    NaraClient erik = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("erik.db").toString()).build();
    erik.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    erik.sync();
    for (Patient p : erik.patients().all()) {
      if (erik.checklists().forPatient(p.id()).isEmpty()) {
        continue;
      }
      List<ChecklistItem> items = erik.checklists().items(erik.checklists().forPatient(p.id()).get(0).id());
      erik.checklists().setState(items.get(items.size() - 1).id(), ItemState.NOT_APPLICABLE, "ändrat medan Anna var borta");
    }
    erik.sync();
    erik.close();

    java.util.List<Integer> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    anna.addChangeListener((types, ids) -> seen.add(anna.patients().all().size())); // runs on the syncing thread
    clock.set(Duration.ZERO); // four days later the tablet has network again and syncs at once
    anna.sync();
    assertFalse(seen.isEmpty(), "the listener read during the pull");
    assertTrue(seen.stream().allMatch(n -> n == count), "every read during the sync saw all patients: " + seen);
    assertEquals(count, anna.patients().all().size());
    assertNull(anna.syncStatus().dataExpiredAt(), "the completed sync made the data current");
    anna.close();
  }
}
