package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.SyncResult;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.LineStatus;
import se.nara.sdk.model.ListSource;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/** Conflicts as nurses meet them: two real tablets, the real server, a team leader resolving. */
class ConflictScenariosTest {
  @TempDir Path dir;
  NaraServer server;
  NaraClient anna;
  NaraClient erik;
  final List<NaraClient> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = DemoServer.start(dir);
    anna = tablet("anna.ssk");
    erik = tablet("erik.ssk");
  }

  @AfterEach
  void stop() {
    open.forEach(NaraClient::close);
    server.close();
  }

  private NaraClient tablet(String user) throws Exception {
    NaraClient c = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve(user + ".db").toString()).build();
    open.add(c);
    c.login(user, DemoSeed.DEMO_PASSWORD.toCharArray());
    c.sync();
    return c;
  }

  private Patient patientWithUncheckedItems() {
    for (Patient p : anna.patients().all()) {
      for (DischargeChecklist c : anna.checklists().forPatient(p.id())) {
        if (anna.checklists().items(c.id()).stream().filter(i -> i.state() == ItemState.UNCHECKED).count() > 3
            && anna.medications().lists(p.id()).size() == 2) {
          return p;
        }
      }
    }
    throw new AssertionError("no suitable demo patient");
  }

  private JsonObject teamLeader(String method, String path, String body) throws Exception {
    return JsonParser.parseString(DemoServer.call(server, "karin.tl", method, path, body)).getAsJsonObject();
  }

  @Test
  @DisplayName("checklist: missing at the patient's home and done from the office keep missing, both tablets see the conflict, the team leader's decision reaches both")
  void missingAndDoneOnTheSameItem() throws Exception {
    Patient patient = patientWithUncheckedItems();
    DischargeChecklist checklist = anna.checklists().forPatient(patient.id()).get(0);
    ChecklistItem item = anna.checklists().items(checklist.id()).stream().filter(i -> i.state() == ItemState.UNCHECKED).findFirst().orElseThrow();

    erik.checklists().setState(item.id(), ItemState.DONE, "Bekräftat per telefon");
    anna.checklists().setState(item.id(), ItemState.MISSING, "Rollatorn har inte levererats");
    erik.sync();
    SyncResult annas = anna.sync();
    assertEquals(0, annas.rejected());
    erik.sync();

    for (NaraClient tablet : List.of(anna, erik)) {
      assertEquals(ItemState.MISSING, tablet.checklists().item(item.id()).state(), "missing is kept");
      assertEquals(RecordSyncState.CONFLICT, tablet.syncStateOf(item.id()), "the item is flagged on every tablet");
      List<ConflictRecord> conflicts = tablet.conflicts().forEntity(item.id());
      assertEquals(2, conflicts.size(), "one for the state, one for the two notes");
      ConflictRecord state = conflicts.stream().filter(c -> c.fields().contains("state")).findFirst().orElseThrow();
      assertEquals(ConflictStatus.NEEDS_REVIEW, state.status());
      assertTrue(state.serverValue().contains("DONE"), "Erik's done is kept in the conflict");
      ConflictRecord note = conflicts.stream().filter(c -> c.fields().contains("note")).findFirst().orElseThrow();
      assertEquals(ConflictStatus.AUTO_RESOLVED, note.status());
      String merged = tablet.checklists().item(item.id()).note();
      assertTrue(merged.contains("Bekräftat per telefon") && merged.contains("Rollatorn har inte levererats"), "both notes kept: " + merged);
      assertEquals(1, tablet.checklists().deviations(patient.id()).stream().filter(d -> item.id().equals(d.checklistItemId())).count(),
          "the deviation stays linked");
    }

    JsonObject queue = teamLeader("GET", "/api/v1/review/conflicts?kind=CHECKLIST", null);
    String conflictId = queue.getAsJsonArray("conflicts").get(0).getAsJsonObject().getAsJsonObject("conflict").get("id").getAsString();
    teamLeader("POST", "/api/v1/review/conflicts/" + conflictId + "/resolve", "{\"choice\":\"KEEP_SERVER\",\"note\":\"Rollator beställd igen\"}");
    anna.sync();
    erik.sync();
    for (NaraClient tablet : List.of(anna, erik)) {
      assertEquals(RecordSyncState.SYNCED, tablet.syncStateOf(item.id()));
      assertEquals(ConflictStatus.RESOLVED,
          tablet.conflicts().forEntity(item.id()).stream().filter(c -> c.fields().contains("state")).findFirst().orElseThrow().status());
      assertEquals(0, tablet.syncStatus().openConflicts());
    }
  }

  @Test
  @DisplayName("medication check: completed offline on a list a colleague changed meanwhile, the check stands and is flagged")
  void staleMedicationCheck() throws Exception {
    Patient patient = patientWithUncheckedItems();
    List<MedicationList> lists = anna.medications().lists(patient.id());
    MedicationList discharge = lists.stream().filter(l -> l.source() == ListSource.DISCHARGE_LIST).findFirst().orElseThrow();
    MedicationCheck check = anna.medications().startCheck(patient.id(), null, List.of(lists.get(0).id(), lists.get(1).id()));
    anna.sync();
    erik.sync();

    MedicationLine line = erik.medications().lines(discharge.id()).get(0);
    erik.medications().updateLine(line.toBuilder().dose("Ändrad dos efter läkarsamtal").build());
    erik.sync();

    for (MedicationLine l : anna.medications().lines(discharge.id())) {
      anna.medications().recordMatch(check.id(), l.id(), null);
    }
    anna.medications().complete(check.id());
    SyncResult result = anna.sync();
    assertEquals(0, result.rejected(), anna.syncStatus().toString());
    List<ConflictRecord> conflicts = anna.conflicts().forEntity(check.id());
    assertEquals(1, conflicts.size(), "the completion is flagged");
    assertTrue(conflicts.get(0).resultValue().contains(line.id()), conflicts.get(0).resultValue());
    assertEquals(RecordSyncState.CONFLICT, anna.syncStateOf(check.id()));
    erik.sync();
    assertEquals(1, erik.conflicts().open().size(), "the colleague sees it too");
  }

  @Test
  @DisplayName("medication line: a nurse saves a frequency on a line she opened before a sync brought the colleague's new dose; the dose stands, her frequency waits for review")
  void aSaveFromACopyReadBeforeASyncKeepsTheColleaguesChange() throws Exception {
    Patient patient = patientWithUncheckedItems();
    MedicationList discharge = anna.medications().lists(patient.id()).stream()
        .filter(l -> l.source() == ListSource.DISCHARGE_LIST).findFirst().orElseThrow();
    MedicationLine opened = anna.medications().lines(discharge.id()).get(0); // Anna's screen shows this copy

    MedicationLine erikCopy = erik.medications().lines(discharge.id()).get(0);
    erik.medications().updateLine(erikCopy.toBuilder().dose("2,5 mg enligt läkarsamtal").build());
    erik.sync();
    anna.sync(); // in the background, while Anna's screen is open

    anna.medications().updateLine(opened.toBuilder().frequency("1x3").build());
    MedicationLine onTablet = anna.medications().lines(discharge.id()).get(0);
    assertEquals("2,5 mg enligt läkarsamtal", onTablet.dose(), "the colleague's dose stays on the tablet");
    assertEquals("1x3", onTablet.frequency());
    SyncResult result = anna.sync();
    assertEquals(0, result.rejected(), anna.syncStatus().toString());
    // Dose and frequency are one order (docs/conflicts.md rule 6): Anna chose 1x3 on a screen
    // showing the old dose, so her frequency is not combined with Erik's new dose; it waits for
    // review, and the order stands as Erik left it.
    assertEquals(1, result.conflicts(), "a frequency chosen against the old dose meets the new dose: one clash to review");
    erik.sync();
    MedicationLine onServer = erik.medications().lines(discharge.id()).get(0);
    assertEquals("2,5 mg enligt läkarsamtal", onServer.dose(), "the dose was not sent back at its old value");
    assertEquals(opened.frequency(), onServer.frequency(), "the frequency waits for review");
  }

  private MedicationLine activeLine(Patient patient, int skip) {
    return anna.medications().lists(patient.id()).stream()
        .flatMap(l -> anna.medications().lines(l.id()).stream())
        .filter(l -> l.status() == LineStatus.ACTIVE).skip(skip).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("medication line: a dose saved from the screen's copy after the same tablet stopped the line keeps the"
      + " stop, before and after the tablet's own sync; stopping and restarting on a fresh copy still restarts")
  void aSaveFromACopyReadBeforeTheTabletsOwnChangeDoesNotUndoIt() throws Exception {
    Patient patient = patientWithUncheckedItems();
    MedicationLine onScreen = activeLine(patient, 0); // the screen shows the line, active
    anna.medications().setLineStatus(onScreen.id(), LineStatus.STOPPED); // "Sätt ut"
    anna.medications().updateLine(onScreen.toBuilder().dose("2 tabletter").build()); // the dose, on the same screen
    MedicationLine local = anna.medications().line(onScreen.id());
    assertEquals(LineStatus.STOPPED, local.status(), "the stop stays on the tablet");
    assertEquals("2 tabletter", local.dose());

    MedicationLine other = activeLine(patient, 1); // the same after the tablet's own push and pull
    anna.medications().setLineStatus(other.id(), LineStatus.STOPPED);
    anna.sync();
    anna.medications().updateLine(other.toBuilder().dose("1 tablett").build());
    assertEquals(LineStatus.STOPPED, anna.medications().line(other.id()).status());

    SyncResult result = anna.sync();
    assertEquals(0, result.conflicts() + result.rejected(), anna.syncStatus().toString());
    erik.sync();
    for (MedicationLine line : List.of(onScreen, other)) {
      MedicationLine onServer = erik.medications().line(line.id());
      assertEquals(LineStatus.STOPPED, onServer.status(), "the stop was not sent back as active");
      assertEquals(line == onScreen ? "2 tabletter" : "1 tablett", onServer.dose());
    }

    // Restarting on a copy read after the stop is a change of its own, and goes.
    MedicationLine stopped = anna.medications().line(onScreen.id());
    anna.medications().updateLine(stopped.toBuilder().status(LineStatus.ACTIVE).build());
    assertEquals(LineStatus.ACTIVE, anna.medications().line(onScreen.id()).status());
    anna.sync();
    erik.sync();
    assertEquals(LineStatus.ACTIVE, erik.medications().line(onScreen.id()).status());
  }

  @Test
  @DisplayName("signed visit: a second change merged into the tablet's existing amendment, where it met a colleague's"
      + " note, is released once the pull brings both conflict records its answer named, the amendment's included")
  void aChangeToASignedVisitMergedIntoItsAmendmentIsReleasedByTheAmendmentsConflict() throws Exception {
    Patient patient = patientWithUncheckedItems();
    Visit v = anna.visits().create(Visit.builder().patientId(patient.id()).teamId(anna.session().teamIds().get(0))
        .staffIds(List.of(anna.session().staffId())).visitType(VisitType.FOLLOW_UP).plannedStart(Instant.now())
        .status(VisitStatus.COMPLETED).note("Besök").build());
    anna.sync();
    Visit read = anna.visits().get(v.id());
    anna.visits().update(read.toBuilder().signedBy(anna.session().staffId()).signedAt(Instant.now()).build());
    anna.sync();
    Visit signed = anna.visits().get(v.id());
    anna.visits().update(signed.toBuilder().note("Tillägg ett").build()); // becomes an amendment
    assertEquals(1, anna.sync().conflicts());
    assertEquals(0, heldForReview("anna.ssk"), "released by its conflict record");

    erik.sync();
    Visit amendment = erik.visits().forPatient(patient.id()).stream()
        .filter(x -> v.id().equals(x.amendsId())).findFirst().orElseThrow();
    // Erik's note on the amendment, sent as a device sends it (his tablet's own save is another test's subject).
    String erikDevice = java.util.UUID.randomUUID().toString();
    String token = rawLogin("erik.ssk", erikDevice);
    rawPost("/api/v1/sync/push", token, "{\"deviceId\":\"" + erikDevice + "\",\"mutations\":[{\"deviceId\":\"" + erikDevice
        + "\",\"mutationId\":1,\"entityType\":\"visit\",\"entityId\":\"" + amendment.id()
        + "\",\"op\":\"UPDATE\",\"baseVersion\":1,\"fields\":{\"note\":\"Eriks rad\"},\"deviceTime\":\"" + Instant.now() + "\"}]}");

    Visit again = anna.visits().get(v.id()); // the signed visit, on Anna's tablet still at the same base
    anna.visits().update(again.toBuilder().note("Tillägg två").build()); // into her amendment, beside Erik's note
    SyncResult second = anna.sync();
    assertEquals(1, second.conflicts(), anna.syncStatus().toString());
    assertEquals(0, heldForReview("anna.ssk"), "both conflict records it named are on the tablet, the amendment's too");
    assertEquals("Besök", anna.visits().get(v.id()).note(), "the signed visit shows what stands");
    assertEquals(RecordSyncState.SYNCED, anna.syncStateOf(v.id()));
    String amended = anna.visits().get(amendment.id()).note();
    assertTrue(amended.contains("Tillägg två") && amended.contains("Eriks rad"), amended);
  }

  @Test
  @DisplayName("signed visit: a colleague's tablet edits the amendment through the SDK; the change is applied, not"
      + " refused for a review field the amendment does not have")
  void anAmendmentEditedOnAnotherTabletIsApplied() throws Exception {
    Patient patient = patientWithUncheckedItems();
    Visit v = anna.visits().create(Visit.builder().patientId(patient.id()).teamId(anna.session().teamIds().get(0))
        .staffIds(List.of(anna.session().staffId())).visitType(VisitType.FOLLOW_UP).plannedStart(Instant.now())
        .status(VisitStatus.COMPLETED).note("Besök").build());
    anna.sync();
    anna.visits().update(anna.visits().get(v.id()).toBuilder().signedBy(anna.session().staffId()).signedAt(Instant.now()).build());
    anna.sync();
    anna.visits().update(anna.visits().get(v.id()).toBuilder().note("Tillägg").build()); // becomes an amendment
    anna.sync();

    erik.sync();
    Visit amendment = erik.visits().forPatient(patient.id()).stream()
        .filter(x -> v.id().equals(x.amendsId())).findFirst().orElseThrow();
    erik.visits().update(amendment.toBuilder().note("Tillägg, kompletterat av Erik").build());
    SyncResult result = erik.sync();
    assertEquals(0, result.rejected(), erik.syncStatus().rejected().toString());
    assertEquals(1, result.applied() + result.merged(), result.toString());
    anna.sync();
    assertEquals("Tillägg, kompletterat av Erik", anna.visits().get(amendment.id()).note());
  }

  /** Changes held for review in a tablet's outbox, read from its file. */
  private int heldForReview(String user) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(user + ".db"));
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM outbox WHERE state = 'IN_REVIEW'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private String rawLogin(String user, String device) throws Exception {
    String body = rawPost("/api/v1/auth/login", null,
        "{\"username\":\"" + user + "\",\"password\":\"demo\",\"deviceId\":\"" + device + "\"}");
    return JsonParser.parseString(body).getAsJsonObject().get("token").getAsString();
  }

  private String rawPost(String path, String token, String body) throws Exception {
    okhttp3.Request.Builder r = new okhttp3.Request.Builder().url(server.url() + path).header("Nara-Protocol-Version", "1")
        .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json")));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    try (okhttp3.Response resp = new okhttp3.OkHttpClient().newCall(r.build()).execute()) {
      String text = resp.body().string();
      assertEquals(200, resp.code(), path + ": " + text);
      return text;
    }
  }

  @Test
  @DisplayName("medication line: two threads of the app each save from the copy they read; each save sends only its"
      + " own field, never the other thread's at the value it had when read")
  void twoThreadsSavingFromTheirOwnCopiesSendOnlyTheirOwnChanges() throws Exception {
    MedicationLine line = activeLine(patientWithUncheckedItems(), 0);
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      // Deterministic first: one thread reads, the other stops the line, the first saves a dose.
      java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.Future<?> editor = threads.submit(() -> {
        MedicationLine copy = anna.medications().line(line.id());
        read.countDown();
        stopped.await();
        return anna.medications().updateLine(copy.toBuilder().dose("3 tabletter").build());
      });
      java.util.concurrent.Future<?> stopper = threads.submit(() -> {
        read.await();
        anna.medications().setLineStatus(line.id(), LineStatus.STOPPED);
        stopped.countDown();
        return null;
      });
      stopper.get(30, java.util.concurrent.TimeUnit.SECONDS);
      editor.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(LineStatus.STOPPED, anna.medications().line(line.id()).status());

      // Then both at once, many times.
      java.util.concurrent.Future<?> doses = threads.submit(() -> {
        for (int i = 0; i < 25; i++) {
          MedicationLine copy = anna.medications().line(line.id());
          anna.medications().updateLine(copy.toBuilder().dose("dos " + i).build());
        }
        return null;
      });
      java.util.concurrent.Future<?> frequencies = threads.submit(() -> {
        for (int i = 0; i < 25; i++) {
          MedicationLine copy = anna.medications().line(line.id());
          anna.medications().updateLine(copy.toBuilder().frequency("frekvens " + i).build());
        }
        return null;
      });
      doses.get(60, java.util.concurrent.TimeUnit.SECONDS);
      frequencies.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }
    MedicationLine after = anna.medications().line(line.id());
    assertEquals(LineStatus.STOPPED, after.status());
    assertEquals("dos 24", after.dose());
    assertEquals("frekvens 24", after.frequency());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("anna.ssk.db"));
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT fields FROM outbox WHERE entity_id = ?")) {
      ps.setString(1, line.id());
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        int saves = 0;
        while (rs.next()) {
          saves++;
          assertEquals(1, JsonParser.parseString(rs.getString(1)).getAsJsonObject().size(), "one field per save: " + rs.getString(1));
        }
        assertEquals(52, saves);
      }
    }
    anna.sync();
    erik.sync();
    MedicationLine onServer = erik.medications().line(line.id());
    assertEquals(LineStatus.STOPPED, onServer.status());
    assertEquals("dos 24", onServer.dose());
    assertEquals("frekvens 24", onServer.frequency());
  }

  @Test
  @DisplayName("medication line: a dose the server kept for review stays on the tablet, marked in conflict, when the"
      + " pull after the push fails; the pull then brings the server's dose and the conflict with hers")
  void aChangeKeptForReviewStaysVisibleWhenThePullAfterThePushFails() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean inTheLift = new java.util.concurrent.atomic.AtomicBoolean();
    NaraClient annas = annaWithPullInTheLift(inTheLift);
    MedicationLine line = activeLine(patientWithUncheckedItems(), 0);
    MedicationLine mine = annas.medications().line(line.id());
    erik.medications().updateLine(erik.medications().line(line.id()).toBuilder().dose("2 tabletter").build());
    erik.sync();
    annas.medications().updateLine(mine.toBuilder().dose("3 tabletter").build()); // at the patient's, offline
    inTheLift.set(true); // the push gets through, the pull does not
    assertThrows(se.nara.sdk.OfflineException.class, annas::sync);
    MedicationLine shown = annas.medications().line(line.id());
    assertEquals("3 tabletter", shown.dose(), "what she entered is still on her tablet");
    assertEquals(RecordSyncState.CONFLICT, annas.syncStateOf(line.id()), "marked as kept for review");
    assertEquals(0, annas.syncStatus().pendingCount(), "and not sent again");

    inTheLift.set(false);
    SyncResult result = annas.sync();
    assertEquals(0, result.pushed());
    shown = annas.medications().line(line.id());
    assertEquals("2 tabletter", shown.dose(), "the dose that stands is the server's");
    assertEquals(RecordSyncState.CONFLICT, annas.syncStateOf(line.id()));
    List<ConflictRecord> conflicts = annas.conflicts().forEntity(line.id());
    assertEquals(1, conflicts.size());
    assertTrue(conflicts.get(0).deviceValue().contains("3 tabletter"), conflicts.get(0).deviceValue());
  }

  private NaraClient annaWithPullInTheLift(java.util.concurrent.atomic.AtomicBoolean inTheLift) throws Exception {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
      if (inTheLift.get() && chain.request().url().encodedPath().endsWith("/sync/pull")) {
        throw new java.io.IOException("no network in the lift");
      }
      return chain.proceed(chain.request());
    }).build();
    NaraClient annas = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("annas-second.db").toString())
        .httpClient(http).build();
    open.add(annas);
    annas.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    annas.sync();
    return annas;
  }

  @Test
  @DisplayName("medication line: a dose entered and accepted after an older dose was kept for review is what the"
      + " tablet shows, not the older held one")
  void aDoseAcceptedAfterAnOlderDoseKeptForReviewIsWhatTheTabletShows() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean inTheLift = new java.util.concurrent.atomic.AtomicBoolean();
    NaraClient annas = annaWithPullInTheLift(inTheLift);
    MedicationLine line = activeLine(patientWithUncheckedItems(), 0);
    MedicationLine stale = annas.medications().line(line.id());
    erik.medications().updateLine(erik.medications().line(line.id()).toBuilder().dose("2 tabletter").build());
    erik.sync();
    annas.sync();
    annas.medications().updateLine(stale.toBuilder().dose("3 tabletter").build()); // from the stale screen: held for review
    inTheLift.set(true);
    assertThrows(se.nara.sdk.OfflineException.class, annas::sync);
    assertEquals("3 tabletter", annas.medications().line(line.id()).dose());
    annas.medications().updateLine(annas.medications().line(line.id()).toBuilder().dose("4 tabletter").build());
    assertThrows(se.nara.sdk.OfflineException.class, annas::sync); // pushed and applied; the pull fails
    erik.sync();
    assertEquals("4 tabletter", erik.medications().line(line.id()).dose(), "the server has her last dose");
    assertEquals("4 tabletter", annas.medications().line(line.id()).dose(), "her tablet shows her last, accepted dose");

    inTheLift.set(false);
    annas.sync();
    assertEquals("4 tabletter", annas.medications().line(line.id()).dose());
    assertEquals(0, annas.syncStatus().pendingCount());
    assertTrue(annas.conflicts().forEntity(line.id()).stream().anyMatch(c -> c.deviceValue().contains("3 tabletter")),
        "the held dose is in its conflict record");
  }

  @Test
  @DisplayName("medication line: a frequency saved from a screen that showed a dose kept for review, after the"
      + " conflict record arrived, does not send that dose again; the colleague's dose stands")
  void aScreenReadWhileADoseWasKeptForReviewDoesNotSendItAgainOnceItIsReleased() throws Exception {
    MedicationLine line = activeLine(patientWithUncheckedItems(), 0);
    MedicationLine stale = anna.medications().line(line.id()); // Anna's screen, version v
    erik.medications().updateLine(erik.medications().line(line.id()).toBuilder().dose("2 tabletter").build());
    erik.sync(); // v+1
    anna.sync(); // Anna's tablet has v+1; her screen still shows v
    anna.medications().updateLine(stale.toBuilder().dose("3 tabletter").build()); // diffed against v: dose, base v
    MedicationLine screen = anna.medications().line(line.id()); // the screen refreshes after the save: dose 3
    assertEquals("3 tabletter", screen.dose());
    SyncResult r = anna.sync();
    assertEquals(1, r.conflicts(), "the clinical rule keeps Erik's dose; hers waits for review");
    assertEquals("2 tabletter", anna.medications().line(line.id()).dose());

    // Later, on the same screen, she sets the frequency only.
    anna.medications().updateLine(screen.toBuilder().frequency("1x3").build());
    anna.sync();
    erik.sync();
    MedicationLine onServer = erik.medications().line(line.id());
    assertEquals("1x3", onServer.frequency());
    assertEquals("2 tabletter", onServer.dose(), "the dose the rule kept must not be overwritten by a frequency save");
  }

}
