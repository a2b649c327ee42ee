package se.nara.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.internal.store.AccessLog;
import se.nara.sdk.internal.store.ChangeNotifier;
import se.nara.sdk.internal.store.LocalStore;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ItemState;
import se.nara.sdk.model.Profession;
import se.nara.sdk.model.Staff;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.MutationStatus;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.SyncRecord;

/** The directory reads and the server's copy of a record, over a real local store. */
class DirectoryAndServerCopyTest {
  @TempDir Path dir;

  private static SyncRecord staff(String id, String name, String team) {
    JsonObject f = new JsonObject();
    f.addProperty("name", name);
    f.addProperty("username", name.toLowerCase());
    f.addProperty("profession", Profession.values()[0].name());
    JsonArray teams = new JsonArray();
    teams.add(team);
    f.add("teamIds", teams);
    return new SyncRecord("staff", id, 1, 1, null, false, Instant.now(), null, f);
  }

  private static SyncRecord team(String id, String name) {
    JsonObject f = new JsonObject();
    f.addProperty("name", name);
    return new SyncRecord("team", id, 1, 2, null, false, Instant.now(), null, f);
  }

  private static SyncRecord item(String id, long version, String state) {
    JsonObject f = new JsonObject();
    f.addProperty("patientId", "p1");
    f.addProperty("checklistId", "c1");
    f.addProperty("state", state);
    return new SyncRecord("checklist_item", id, version, 10 + version, "p1", false, Instant.now(), null, f);
  }

  private LocalStore storeWithData() {
    LocalStore store = LocalStore.open(SqliteConnectionProvider.file(dir.resolve("tablet.db").toString()));
    store.setMeta("staff_id", "s1"); // someone is signed in: patient reads are logged
    store.applyPullPage(new PullResponse(
        Arrays.asList(staff("s1", "Anna Svensson", "t1"), staff("s2", "Erik Johansson", "t1"), staff("s3", "Bo Ek", "t2"),
            team("t1", "Hemsjukvård Norr"), team("t2", "Hemsjukvård Syd"), item("i1", 1, "UNCHECKED")),
        "20", false, 0, Instant.now()));
    return store;
  }

  private static TypedRecords records(LocalStore store) {
    Clock clock = Clock.systemUTC();
    return new TypedRecords(store, clock, new AccessLog(store, clock), new ChangeNotifier(), () -> { });
  }

  @Test
  void colleaguesAndTeamsByIdAndNameAndReadingThemIsNotLogged() {
    try (LocalStore store = storeWithData()) {
      Directory directory = new Directory(records(store));
      long outbox = store.count("outbox");
      assertEquals("Erik Johansson", directory.staff("s2").name());
      assertEquals("Erik Johansson", directory.staffName("s2"));
      assertNull(directory.staff("nobody"));
      assertNull(directory.staffName(null));
      assertEquals(Arrays.asList("Anna Svensson", "Bo Ek", "Erik Johansson"), names(directory.allStaff()));
      assertEquals(Arrays.asList("Anna Svensson", "Erik Johansson"), names(directory.staffOf("t1")));
      assertEquals("Hemsjukvård Syd", directory.team("t2").name());
      assertEquals(2, directory.teams().size());
      assertEquals("Hemsjukvård Norr", directory.teams().get(0).name());
      assertEquals(outbox, store.count("outbox"), "directory data is not patient data: no access-log entry");
    }
  }

  @Test
  void theServerCopyOfARefusedChangeIsTypedAndLoggedAsARead() {
    try (LocalStore store = storeWithData()) {
      TypedRecords records = records(store);
      JsonObject change = new JsonObject();
      change.addProperty("state", "DONE");
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, change, null, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.REJECTED, "checklist_item", "i1", 0, "FORBIDDEN", "no", null)), 0);
      long outbox = store.count("outbox");
      ChecklistItem onServer = records.serverCopy(EntityType.CHECKLIST_ITEM, "i1");
      assertEquals(ItemState.UNCHECKED, onServer.state());
      assertEquals(1, onServer.version());
      assertEquals("i1", onServer.id());
      assertEquals(ItemState.DONE, records.<ChecklistItem>get(EntityType.CHECKLIST_ITEM, "i1").state(), "the view keeps the refused value");
      assertEquals(outbox + 1, store.count("outbox"), "a read of patient data: one access-log entry");
      assertNull(records.serverCopy(EntityType.VISIT, "i1"), "another type's id gives null");
      assertEquals(Collections.singleton("state"), store.rejected().get(0).fields());
    }
  }

  private static java.util.List<String> names(java.util.List<Staff> staff) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Staff s : staff) {
      out.add(s.name());
    }
    return out;
  }
}
