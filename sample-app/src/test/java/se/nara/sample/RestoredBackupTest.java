package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.PatientOverview;
import se.nara.sdk.SyncException;
import se.nara.sdk.model.ChecklistItem;
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
  private String restoredAfterAnnaPulledAChangeTheBackupLacks() throws Exception {
    server = DemoServer.start(dir);
    try (NaraClient anna = tablet("anna"); NaraClient erik = tablet("erik")) {
      anna.login("anna.ssk", "demo".toCharArray());
      erik.login("erik.ssk", "demo".toCharArray());
      anna.sync();
      erik.sync();
    }
    // The nightly backup, taken online with SQLite's own VACUUM INTO.
    Path backup = dir.resolve("backup.db");
    server.database().withReader(h -> h.execute("VACUUM INTO '" + backup.toString().replace("'", "''") + "'"));

    // After the backup, Erik confirms an item and Anna pulls it.
    String itemId;
    try (NaraClient erik = tablet("erik"); NaraClient anna = tablet("anna")) {
      Patient patient = erik.patients().all().get(0);
      PatientOverview overview = erik.patients().overview(patient.id());
      ChecklistItem item = overview.items(overview.checklists().get(0).id()).stream()
          .filter(i -> i.state() != ItemState.DONE).findFirst().orElseThrow();
      itemId = item.id();
      erik.checklists().setState(itemId, ItemState.DONE, "Efter backupen");
      assertEquals(1, erik.sync().applied());
      anna.sync();
      assertEquals(ItemState.DONE, anna.checklists().item(itemId).state());
    }

    // The server's disk is lost and the backup restored.
    server.close();
    Path db = dir.resolve("server").resolve("nara.db");
    Files.deleteIfExists(Path.of(db + "-wal"));
    Files.deleteIfExists(Path.of(db + "-shm"));
    Files.copy(backup, db, StandardCopyOption.REPLACE_EXISTING);
    server = DemoServer.start(dir);
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
}
