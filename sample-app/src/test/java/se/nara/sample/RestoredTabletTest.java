package se.nara.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.NaraClient;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.SyncResult;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.Patient;
import se.nara.server.NaraServer;
import se.nara.server.demo.DemoSeed;

/**
 * A tablet's own database is put back from an older copy (a device backup restored, a file copied
 * back by support) while it is still signed in. Its mutation counter is then behind what the
 * server has seen from the device, so its next changes reuse numbers the server knows as other
 * changes. The server answers those numbers with its recorded answers; the SDK must see that they
 * are about other records and send the new changes again under new numbers, never drop them.
 */
class RestoredTabletTest {
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

  private NaraClient open() {
    return NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("anna.db").toString()).build();
  }

  private static List<ChecklistItem> uncheckedItems(NaraClient c) {
    for (Patient p : c.patients().all()) {
      for (DischargeChecklist list : c.checklists().forPatient(p.id())) {
        List<ChecklistItem> items = c.checklists().items(list.id());
        items = items.stream().filter(i -> i.state() == ItemState.UNCHECKED).collect(java.util.stream.Collectors.toList());
        if (items.size() >= 3) {
          return items;
        }
      }
    }
    throw new AssertionError("no demo checklist with three unchecked items");
  }

  @Test
  void changesMadeAfterTheTabletsDatabaseWasRestoredReachTheServer() throws Exception {
    NaraClient anna = open();
    anna.login("anna.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
    anna.sync();
    List<ChecklistItem> items = uncheckedItems(anna);
    anna.close();
    Path db = dir.resolve("anna.db");
    Path copy = dir.resolve("anna-backup.db");
    Files.copy(db, copy);

    anna = open();
    anna.checklists().setState(items.get(0).id(), ItemState.DONE, "före återställningen");
    anna.checklists().setState(items.get(1).id(), ItemState.DONE, "före återställningen");
    assertEquals(0, anna.sync().rejected());
    anna.close();

    Files.copy(copy, db, StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(dir.resolve("anna.db-wal"));
    Files.deleteIfExists(dir.resolve("anna.db-shm"));
    anna = open(); // still signed in: the session is in the restored file
    String afterRestore = items.get(2).id();
    anna.checklists().setState(afterRestore, ItemState.DONE, "efter återställningen");
    SyncResult result = anna.sync();
    assertEquals(0, result.rejected(), anna.syncStatus().toString());
    assertEquals(RecordSyncState.SYNCED, anna.syncStateOf(afterRestore), "nothing waits on the tablet");
    anna.close();

    NaraClient erik =
        NaraClient.builder().serverUrl(server.url()).databasePath(dir.resolve("erik.db").toString()).build();
    try {
      erik.login("erik.ssk", DemoSeed.DEMO_PASSWORD.toCharArray());
      erik.sync();
      ChecklistItem onServer = erik.checklists().item(afterRestore);
      assertEquals(ItemState.DONE, onServer.state(), "the change made after the restore reached the server");
      assertEquals("efter återställningen", onServer.note());
      assertTrue(erik.checklists().item(items.get(0).id()).state() == ItemState.DONE, "the earlier changes stand");
    } finally {
      erik.close();
    }
  }
}
