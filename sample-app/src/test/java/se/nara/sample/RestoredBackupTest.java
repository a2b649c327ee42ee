package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.PatientOverview;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.SyncException;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Visit;
import se.nara.sdk.model.VisitStatus;
import se.nara.sdk.model.VisitType;
import se.nara.server.NaraServer;

/**
 * The server is restored from a backup older than what a tablet has already pulled. The tablet
 * must not carry on as if nothing were missing (it would skip every change the restored server
 * writes until the sequence caught up with its cursor): its sync stops with a clear code, and it
 * keeps everything it holds.
 */
class RestoredBackupTest {
  @TempDir Path dir;
  NaraServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private NaraClient tablet(String name) {
    return NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve(name + ".db").toString()).build();
  }

  /**
   * Two tablets sync; a backup is taken; Erik confirms an item and Anna pulls it; the server is
   * restored from the backup, which lacks that change. Returns the item's id.
   */
  private String visitAfterTheBackup;
  private String erikStaffId;

  /** Starts the demo server, signs in and syncs Anna's and Erik's tablets, then takes a backup. */
  private Path startedWithTwoSyncedTabletsAndBackedUp() throws Exception {
    server = DemoServer.start(dir);
    try (NaraClient anna = tablet("anna"); NaraClient erik = tablet("erik")) {
      anna.login("anna.ssk", "demo".toCharArray());
      erik.login("erik.ssk", "demo".toCharArray());
      anna.sync();
      erik.sync();
    }
    Path backup = DemoServer.backup(server, dir.resolve("backup.db"));
    return backup;
  }

  private String restoredAfterAnnaPulledAChangeTheBackupLacks() throws Exception {
    Path backup = startedWithTwoSyncedTabletsAndBackedUp();

    // After the backup, Erik confirms an item and Anna pulls it.
    String itemId;
    try (NaraClient erik = tablet("erik"); NaraClient anna = tablet("anna")) {
      Patient patient = erik.patients().all().get(0);
      PatientOverview overview = erik.patients().overview(patient.id());
      ChecklistItem item = overview.items(overview.checklists().get(0).id()).stream()
          .filter(i -> i.state() != ItemState.DONE).findFirst().orElseThrow();
      itemId = item.id();
      erikStaffId = erik.session().staffId();
      erik.checklists().setState(itemId, ItemState.DONE, "Efter backupen");
      visitAfterTheBackup = erik.visits().create(Visit.builder().patientId(patient.id()).teamId(erik.session().teamIds().get(0))
          .staffIds(List.of(erik.session().staffId())).visitType(VisitType.FOLLOW_UP).plannedStart(Instant.now())
          .status(VisitStatus.COMPLETED).note("Besök efter backupen").build()).id();
      assertEquals(2, erik.sync().applied());
      anna.sync();
      assertEquals(ItemState.DONE, anna.checklists().item(itemId).state());
    }

    server = DemoServer.restore(server, dir, backup); // the server's disk is lost
    return itemId;
  }

  private static void assertStoppedKeepingItsData(NaraClient anna, String itemId) {
    SyncException stopped = assertThrows(SyncException.class, anna::sync);
    assertEquals(409, stopped.httpStatus());
    assertEquals("CURSOR_AHEAD", stopped.code());
    assertFalse(stopped.isRetryable(), "retrying cannot fix it: a person must");
    assertNotNull(anna.syncStatus().lastError());
    assertTrue(anna.syncStatus().lastError().contains("backup"), anna.syncStatus().lastError());
    assertEquals(ItemState.DONE, anna.checklists().item(itemId).state(),
        "the tablet keeps what it had, including what the restored server lost");
  }

  @Test
  void aTabletAheadOfARestoredServerStopsSyncingWithCursorAheadAndKeepsItsData() throws Exception {
    String itemId = restoredAfterAnnaPulledAChangeTheBackupLacks();
    try (NaraClient anna = tablet("anna")) {
      assertStoppedKeepingItsData(anna, itemId);
    }
  }

  @Test
  void theStoppedSyncsCodeOutlivesARestartSoTheTabletStillOffersRecoveryAndItClearsAfterward() throws Exception {
    String itemId = restoredAfterAnnaPulledAChangeTheBackupLacks();
    try (NaraClient anna = tablet("anna")) {
      assertStoppedKeepingItsData(anna, itemId);
      assertEquals("CURSOR_AHEAD", anna.syncStatus().lastErrorCode());
    }
    try (NaraClient anna = tablet("anna")) { // the app was restarted
      assertEquals("CURSOR_AHEAD", anna.syncStatus().lastErrorCode(), "kept in the local database like lastError");
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
      new TabletShell(anna, new NetworkSwitch(), out, java.time.Clock.systemUTC())
          .run(new java.io.BufferedReader(new java.io.StringReader(String.join("\n", "status", "återställ", "status", "avsluta"))));
      String shell = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(shell.contains("[CURSOR_AHEAD]"), shell);
      assertTrue(shell.contains("Senaste fel:    servern har återställts från en säkerhetskopia"), "in the staff's words:\n" + shell);
      assertTrue(shell.contains("Skriv 'återställ'"), "status says what to do after a restart:\n" + shell);
      assertTrue(shell.contains("Klart: "), "återställ works without 'ja' after a restart:\n" + shell);
      assertFalse(shell.contains("används bara efter"), shell);
      assertNull(anna.syncStatus().lastErrorCode(), "cleared by the completed sync");
      assertNull(anna.syncStatus().lastError());
    }
  }

  @Test
  void aTabletStillStopsOnceTheRestoredServersNewChangesHavePassedItsCursor() throws Exception {
    String itemId = restoredAfterAnnaPulledAChangeTheBackupLacks();
    // Before Anna's tablet calls in, Fatima's records three visits on the restored server: its
    // newest sequence number is now beyond Anna's cursor, so "cursor > newest" no longer shows
    // the loss, and a pull from that cursor would skip the first of them.
    try (NaraClient fatima = tablet("fatima")) {
      fatima.login("fatima.usk", "demo".toCharArray());
      fatima.sync();
      Patient patient = fatima.patients().all().get(0);
      for (int i = 0; i < 3; i++) {
        fatima.visits().create(Visit.builder().patientId(patient.id()).teamId(fatima.session().teamIds().get(0))
            .staffIds(List.of(fatima.session().staffId())).visitType(VisitType.FOLLOW_UP)
            .plannedStart(Instant.now()).status(VisitStatus.COMPLETED).note("Besök " + i + " efter återställningen").build());
      }
      assertEquals(3, fatima.sync().applied());
    }
    try (NaraClient anna = tablet("anna")) {
      assertStoppedKeepingItsData(anna, itemId);
    }
  }

  @Test
  void afterARestoreTheTabletsOfferBackWhatTheServerLostAndATeamLeaderDecides() throws Exception {
    String itemId = restoredAfterAnnaPulledAChangeTheBackupLacks();
    try (NaraClient anna = tablet("anna"); NaraClient erik = tablet("erik")) {
      // Anna writes on the item before her tablet calls in: on the version the server lost. Her
      // push is stopped whole (not refused), so the note stays queued.
      anna.checklists().setState(itemId, ItemState.DONE, "Annas anteckning");
      assertStoppedKeepingItsData(anna, itemId);
      assertEquals(1, anna.syncStatus().pendingCount(), "her note is still queued, not refused");
      assertTrue(anna.syncStatus().rejected().isEmpty());
      assertEquals(2, anna.recoverFromServerRestore(), "the item's newer version and the whole visit");
      assertEquals(0, anna.syncStatus().pendingCount(), "rebased, her note went out");
      assertTrue(anna.syncStatus().rejected().isEmpty());
      assertEquals("Annas anteckning", anna.checklists().item(itemId).note());
      assertEquals(RecordSyncState.CONFLICT, anna.syncStateOf(itemId), "the item shows it awaits review");
      assertNotEquals(ItemState.DONE, anna.checklists().item(itemId).state(), "it stands as the server has it");
      assertNull(anna.visits().get(visitAfterTheBackup), "the visit the server lost is in the review, not here");
      assertNull(anna.syncStatus().lastError());
      anna.sync();

      // Erik's pushes after the backup were lost too: his tablet stops, offers the same versions
      // (kept once), and his numbering goes on after the mutations the server lost.
      // He also wrote a note on the item before his tablet called in: on the version the server lost.
      erik.checklists().setState(itemId, ItemState.DONE, "Eriks anteckning efter återställningen");
      SyncException gap = assertThrows(SyncException.class, erik::sync);
      assertEquals("MUTATION_GAP", gap.code());
      assertEquals(1, erik.syncStatus().pendingCount(), "the refused push leaves his note queued");
      assertEquals(2, erik.recoverFromServerRestore());
      assertEquals(0, erik.syncStatus().pendingCount(), "rebased on the server's version, it went out");
      assertTrue(erik.syncStatus().rejected().isEmpty(), "not refused as ahead of the server");
      ChecklistItem next = erik.checklists().items(erik.checklists().item(itemId).checklistId()).stream()
          .filter(i -> i.state() != ItemState.DONE && !i.id().equals(itemId)).findFirst().orElseThrow();
      erik.checklists().setState(next.id(), ItemState.DONE, "Efter återställningen");
      assertEquals(1, erik.sync().applied(), "no MUTATION_GAP any more");
    }

    JsonArray queue = JsonParser.parseString(DemoServer.call(server, "karin.tl", "GET", "/api/v1/review/conflicts", null))
        .getAsJsonObject().getAsJsonArray("conflicts");
    List<JsonObject> restored = new java.util.ArrayList<>();
    queue.forEach(c -> {
      if (c.getAsJsonObject().toString().contains("restored from an older backup")) {
        restored.add(c.getAsJsonObject());
      }
    });
    assertEquals(2, restored.size(), "each lost version once, though two tablets offered it: " + queue);
    for (JsonObject c : restored) {
      assertEquals("\"" + erikStaffId + "\"", String.valueOf(c.getAsJsonObject("conflict").get("deviceAuthor")),
          "the value's author as the tablet pulled it, whichever tablet offered it first: " + c);
    }
    // A day's loss can be thousands of these: the team leader takes the tablets' values all at once.
    JsonObject bulk = JsonParser.parseString(DemoServer.call(server, "karin.tl", "POST", "/api/v1/review/restored/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"note\":\"Återställt från surfplattorna\"}")).getAsJsonObject();
    // The lost visit comes back. The item's lost version is not taken all at once: Erik wrote a newer
    // note on the item after the restore, and taking the older version would overwrite it unseen.
    assertEquals(1, bulk.get("resolved").getAsInt(), bulk.toString());
    assertEquals(1, bulk.getAsJsonArray("left").size(), bulk.toString());
    assertEquals("ENTITY_CHANGED", bulk.getAsJsonArray("left").get(0).getAsJsonObject().get("code").getAsString());
    String left = bulk.getAsJsonArray("left").get(0).getAsJsonObject().get("id").getAsString();
    assertTrue(DemoServer.call(server, "karin.tl", "GET", "/api/v1/review/conflicts", null).contains(left),
        "the item's lost version still waits for her, nothing dropped");
    try (NaraClient anna = tablet("anna")) {
      anna.sync();
      assertEquals("Besök efter backupen", anna.visits().get(visitAfterTheBackup).note(), "the visit is back");
    }
  }

  @Test
  void aConflictRecordTheServerLostComesBackForReviewWithTheValueARuleSetAside() throws Exception {
    Path backup = startedWithTwoSyncedTabletsAndBackedUp();

    // After the backup, rule 4: Erik confirms an item from the office, Anna at the patient's home
    // finds it missing. Missing stands; Erik's "done" lives only in the conflict record.
    String itemId;
    String conflictId;
    try (NaraClient anna = tablet("anna"); NaraClient erik = tablet("erik")) {
      ChecklistItem item = anna.patients().all().stream()
          .flatMap(p -> anna.checklists().forPatient(p.id()).stream())
          .flatMap(c -> anna.checklists().items(c.id()).stream())
          .filter(i -> i.state() == ItemState.UNCHECKED).findFirst().orElseThrow();
      itemId = item.id();
      erik.checklists().setState(itemId, ItemState.DONE, "Bekräftat per telefon");
      anna.checklists().setState(itemId, ItemState.MISSING, "Rollatorn har inte levererats");
      erik.sync();
      anna.sync();
      erik.sync();
      ConflictRecord state = erik.conflicts().forEntity(itemId).stream()
          .filter(c -> c.fields().contains("state")).findFirst().orElseThrow();
      assertTrue(state.serverValue().contains("DONE"), state.serverValue());
      conflictId = state.id();
    }

    server = DemoServer.restore(server, dir, backup);
    try (NaraClient anna = tablet("anna"); NaraClient erik = tablet("erik")) {
      assertTrue(anna.recoverFromServerRestore() > 0);
      erik.recoverFromServerRestore();
      for (NaraClient tablet : List.of(anna, erik)) {
        tablet.sync();
        ConflictRecord back = tablet.conflicts().forEntity(itemId).stream()
            .filter(c -> c.id().equals(conflictId)).findFirst().orElseThrow(() -> new AssertionError("swept from the tablet"));
        assertEquals(ConflictStatus.NEEDS_REVIEW, back.status());
        assertTrue(back.serverValue().contains("DONE"), "Erik's confirmation is kept: " + back.serverValue());
      }
    }
    String queue = DemoServer.call(server, "karin.tl", "GET", "/api/v1/review/conflicts", null);
    assertEquals(1, queue.split(conflictId, -1).length - 1, "in the team leader's queue once, though both tablets offered it");
  }

  /**
   * Anna's dose is answered CONFLICT, the pull that would bring the conflict record fails, and the
   * server comes back from a backup taken before her push. Either her tablet's cursor is within
   * the backup (the pull tells it the server has not answered the change) or it had pulled past
   * it (the sync stops and the recovery sends the change again).
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "Anna had pulled past the backup: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aChangeHeldForReviewWhoseConflictTheRestoredServerLostIsSentAgainNotHeldForEver(boolean pulledPastTheBackup)
      throws Exception {
    server = DemoServer.start(dir);
    java.util.concurrent.atomic.AtomicBoolean inTheLift = new java.util.concurrent.atomic.AtomicBoolean();
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
      if (inTheLift.get() && chain.request().url().encodedPath().endsWith("/sync/pull")) {
        throw new java.io.IOException("no network in the lift");
      }
      return chain.proceed(chain.request());
    }).build();
    String lineId;
    Path backup;
    try (NaraClient anna = NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("anna.db").toString())
            .httpClient(http).build();
        NaraClient erik = tablet("erik")) {
      anna.login("anna.ssk", "demo".toCharArray());
      erik.login("erik.ssk", "demo".toCharArray());
      anna.sync();
      erik.sync();
      Patient patient = anna.patients().all().stream().filter(p -> !anna.medications().lists(p.id()).isEmpty())
          .findFirst().orElseThrow();
      se.nara.sdk.model.MedicationLine line = anna.medications().lists(patient.id()).stream()
          .flatMap(l -> anna.medications().lines(l.id()).stream())
          .filter(l -> l.status() == se.nara.sdk.model.LineStatus.ACTIVE).findFirst().orElseThrow();
      lineId = line.id();
      erik.medications().updateLine(erik.medications().line(lineId).toBuilder().dose("2 tabletter").build());
      erik.sync();
      backup = DemoServer.backup(server, dir.resolve("backup.db"));
      if (pulledPastTheBackup) {
        Visit v = erik.visits().create(Visit.builder().patientId(patient.id()).teamId(erik.session().teamIds().get(0))
            .staffIds(List.of(erik.session().staffId())).visitType(VisitType.FOLLOW_UP).plannedStart(Instant.now())
            .status(VisitStatus.COMPLETED).note("Efter backupen").build());
        erik.sync();
        anna.sync();
        assertNotNull(anna.visits().get(v.id()));
      }

      anna.medications().updateLine(line.toBuilder().dose("3 tabletter").build()); // from the copy read before Erik's dose
      inTheLift.set(true); // the push is answered CONFLICT, the pull that would bring its conflict record fails
      assertThrows(se.nara.sdk.OfflineException.class, anna::sync);
      assertEquals(RecordSyncState.CONFLICT, anna.syncStateOf(lineId), "held for review");
    }

    server = DemoServer.restore(server, dir, backup); // the answer and its conflict record are lost with the disk
    try (NaraClient anna = tablet("anna"); NaraClient erik = tablet("erik")) {
      syncRecovering(anna);
      assertEquals(0, anna.syncStatus().pendingCount(), anna.syncStatus().toString());
      assertEquals(0, heldForReview("anna"), "nothing waits for a conflict record the server no longer has");
      syncRecovering(erik);
      assertEquals("2 tabletter", erik.medications().line(lineId).dose(), "the dose that stands on the server");
      assertEquals("2 tabletter", anna.medications().line(lineId).dose(), "and on Anna's tablet");
      for (NaraClient tablet : List.of(anna, erik)) {
        List<ConflictRecord> conflicts = tablet.conflicts().forEntity(lineId);
        assertEquals(1, conflicts.size(), "her dose reached the server again, kept for review");
        assertTrue(conflicts.get(0).deviceValue().contains("3 tabletter"), conflicts.get(0).deviceValue());
      }
    }
  }

  /** Syncs as the app does: a sync stopped by the restore is followed by the recovery, once the user has been told. */
  private static void syncRecovering(NaraClient tablet) throws Exception {
    for (int i = 0; i < 3; i++) {
      try {
        tablet.sync();
      } catch (SyncException e) {
        assertTrue("CURSOR_AHEAD".equals(e.code()) || "MUTATION_GAP".equals(e.code()), e.toString());
        tablet.recoverFromServerRestore();
      }
    }
  }

  /** Changes held for review in a tablet's outbox, read from its file. */
  private int heldForReview(String name) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name + ".db"));
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM outbox WHERE state = 'IN_REVIEW'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void theTabletSimulatorTellsTheNurseAndRecovers() throws Exception {
    restoredAfterAnnaPulledAChangeTheBackupLacks();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (NaraClient anna = tablet("anna")) {
      new TabletShell(anna, new NetworkSwitch(), new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
          java.time.Clock.systemUTC())
          .run(new java.io.BufferedReader(new java.io.StringReader(String.join("\n", "sync", "återställ", "sync", "avsluta"))));
    }
    String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(out.contains("Servern har återställts från en säkerhetskopia"), out);
    assertTrue(out.contains("Klart: 2 poster som servern saknade"), out);
    assertTrue(out.lastIndexOf("Klart: skickade") > out.indexOf("Klart: 2 poster"), "syncs again afterwards:\n" + out);
  }
}
