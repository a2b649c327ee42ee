package se.nara.sdk.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.SqliteConnectionProvider;

class AccessLogTest {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

  private LocalStore open() {
    return LocalStore.open(SqliteConnectionProvider.file(dir.resolve("tablet.db").toString()));
  }

  private static List<String> readers(LocalStore store) {
    List<String> out = new ArrayList<>();
    for (OutboxEntry e : store.pendingBatch(100)) {
      out.add(e.fields.get("userId").getAsString() + " " + e.fields.get("patientId").getAsString());
    }
    return out;
  }

  @Test
  void onASharedTabletTheNextUsersReadOfTheSamePatientIsLoggedUnderHerName() {
    try (LocalStore store = open()) {
      AccessLog log = new AccessLog(store, clock);
      store.setMeta("staff_id", "anna");
      log.read("p1", "patient");
      log.read("p1", "patient"); // a redraw: one entry
      store.setMeta("staff_id", "erik"); // a minute later, Erik has the tablet
      log.read("p1", "patient");
      assertEquals(List.of("anna p1", "erik p1"), readers(store));
    }
  }

  @Test
  void aReadInsideAWriteThatRolledBackDoesNotStandForTheNextReads() {
    try (LocalStore store = open()) {
      AccessLog log = new AccessLog(store, clock);
      store.setMeta("staff_id", "anna");
      assertThrows(IllegalStateException.class, () -> store.inTransaction(() -> {
        log.read("p1", "checklist_item"); // read as part of a change that then fails
        throw new IllegalStateException("the change failed");
      }));
      assertEquals(List.of(), readers(store), "the entry went with the rolled-back transaction");
      log.read("p1", "checklist_item");
      assertEquals(List.of("anna p1"), readers(store), "so the next read is logged");
    }
  }

  @Test
  void aReadWithNobodySignedInIsRefusedNotLeftUnlogged() {
    try (LocalStore store = open()) {
      AccessLog log = new AccessLog(store, clock);
      store.setMeta("staff_id", "anna");
      log.read("p1", "patient");
      store.signOut(); // between a screen's check of the session and its read's entry, say
      se.nara.sdk.NotSignedInException refused =
          assertThrows(se.nara.sdk.NotSignedInException.class, () -> log.read("p2", "patient"));
      assertEquals("UNAUTHENTICATED", refused.code());
      assertEquals(List.of("anna p1"), readers(store), "nothing attributed to nobody, or to Anna who left");
    }
  }

  @Test
  void forgettingAtSignInLogsTheNextReadAgain() {
    try (LocalStore store = open()) {
      AccessLog log = new AccessLog(store, clock);
      store.setMeta("staff_id", "anna");
      log.read("p1", "patient");
      log.forget();
      log.read("p1", "patient");
      assertEquals(List.of("anna p1", "anna p1"), readers(store));
    }
  }
}
