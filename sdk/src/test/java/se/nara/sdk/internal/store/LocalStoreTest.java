package se.nara.sdk.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.RecordSyncState;
import se.nara.sdk.SqliteConnectionProvider;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.MutationResult;
import se.nara.sdk.protocol.MutationStatus;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.SyncRecord;

class LocalStoreTest {
  @TempDir Path dir;

  private LocalStore open() {
    return LocalStore.open(SqliteConnectionProvider.file(dir.resolve("tablet.db").toString()));
  }

  private static JsonObject fields(String... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      o.addProperty(kv[i], kv[i + 1]);
    }
    return o;
  }

  /** The highest mutation number of this device the server has in the pages below: it has answered every change. */
  private static final long SERVER_LAST = 1_000_000;

  private static PullResponse page(String cursor, SyncRecord... records) {
    return new PullResponse(Arrays.asList(records), cursor, false, SERVER_LAST, Instant.now());
  }

  private static SyncRecord item(String id, long version, String state, String note) {
    return new SyncRecord("checklist_item", id, version, version, "p1", false, Instant.now(), null,
        fields("patientId", "p1", "checklistId", "c1", "state", state, "note", note));
  }

  @Test
  void aLocalChangeAndItsOutboxEntrySurviveReopening() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
    }
    try (LocalStore store = open()) {
      List<OutboxEntry> pending = store.pendingBatch(10);
      assertEquals(1, pending.size());
      assertEquals(1, pending.get(0).baseVersion, "the version the device saw travels with the change");
      assertEquals("DONE", store.get("i1").data.get("state").getAsString());
      assertEquals(RecordSyncState.PENDING, store.get("i1").syncState);
      assertEquals("1", store.meta("cursor"));
    }
  }

  @Test
  void expiringServerCopiesKeepsTheOutboxAndTheRecordsItChangesAndDropsTheCursor() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("7", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "UNCHECKED", "b"), item("i3", 1, "DONE", "c")));
      store.enqueue(EntityType.CHECKLIST_ITEM, "i2", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      store.enqueue(EntityType.VISIT, "v1", "p1", MutationOp.CREATE, fields("patientId", "p1", "note", "offline"), null, Instant.now());
      LocalStore.Removed expired = store.expireServerCopies(1234L);
      assertEquals(2, expired.removed, "i1 and i3: the server has them and nothing here changed them");
      assertEquals(java.util.Collections.singleton("p1"), expired.changes.patients);
      assertNull(store.get("i1"));
      assertNull(store.get("i3"));
      assertEquals("DONE", store.get("i2").data.get("state").getAsString(), "the queued change is still shown");
      assertEquals("b", store.get("i2").data.get("note").getAsString(), "on top of the copy it was made against");
      assertEquals("offline", store.get("v1").data.get("note").getAsString());
      assertEquals(2, store.pendingBatch(10).size());
      assertNull(store.meta("cursor"), "the next sync pulls everything again");
      assertEquals("1234", store.meta("offline_expired_at"));
    }
  }

  @Test
  void aRefetchAfterAServerRestoreDropsWhatTheServerNoLongerSendsAndRebasesQueuedChanges() {
    long queued;
    try (LocalStore store = open()) {
      store.applyPullPage(page("9", item("i1", 3, "DONE", "a"), item("i2", 3, "DONE", "b"), item("i3", 3, "DONE", "c")));
      queued = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "mine"), null, Instant.now());
      store.enqueue(EntityType.CHECKLIST_ITEM, "i3", "p1", MutationOp.UPDATE, fields("note", "also mine"), null, Instant.now());
      store.beginRefetch();
      assertNull(store.meta("cursor"));
      assertTrue(store.refetching());
    }
    try (LocalStore store = open()) { // a restart in between: the refetch goes on
      assertTrue(store.refetching());
      store.applyPullPage(page("4", item("i1", 1, "UNCHECKED", "a"))); // the restored server has i1 at version 1
      LocalStore.Removed removed = store.finishRefetch();
      assertEquals(1, removed.removed, "i2: not sent again and nothing queued for it");
      assertNull(store.get("i2"));
      assertEquals(1, store.get("i1").serverVersion);
      assertEquals("mine", store.get("i1").data.get("note").getAsString());
      assertEquals(3, store.get("i3").serverVersion, "kept for the queued change on it");
      List<OutboxEntry> pending = store.pendingBatch(10);
      assertEquals(queued, pending.get(0).mutationId);
      assertEquals(1, pending.get(0).baseVersion, "rebased on the version the server has now");
      assertEquals(3, pending.get(1).baseVersion, "no newer server version to rebase on");
      assertFalse(store.refetching());
    }
  }

  @Test
  void aPullNeverOverwritesAPendingChangeItRebasesIt() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      store.applyPullPage(page("2", item("i1", 2, "UNCHECKED", "note from another tablet")));
      LocalRecord r = store.get("i1");
      assertEquals("DONE", r.data.get("state").getAsString(), "local pending value on top");
      assertEquals("note from another tablet", r.data.get("note").getAsString(), "server's other fields arrive");
      assertEquals(2, r.serverVersion);
      assertEquals(RecordSyncState.PENDING, r.syncState);
    }
  }

  @Test
  void aTabletDatabaseOfTheFirstSchemaIsMigratedAndItsServerCopiesLaterCarryTheirAuthor() throws Exception {
    // A tablet's file as the first SDK version wrote it, with a record and a queued change.
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tablet.db"));
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE TABLE records (id TEXT PRIMARY KEY, entity_type TEXT NOT NULL, patient_id TEXT, parent_id TEXT,"
          + " server_version INTEGER NOT NULL DEFAULT 0, server_data TEXT, server_tombstone INTEGER NOT NULL DEFAULT 0,"
          + " data TEXT NOT NULL, tombstone INTEGER NOT NULL DEFAULT 0, sync_state TEXT NOT NULL,"
          + " conflict_hint INTEGER NOT NULL DEFAULT 0)");
      st.execute("CREATE INDEX records_type_patient ON records (entity_type, patient_id)");
      st.execute("CREATE INDEX records_type_parent ON records (entity_type, parent_id)");
      st.execute("CREATE TABLE outbox (mutation_id INTEGER PRIMARY KEY, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,"
          + " op TEXT NOT NULL, base_version INTEGER NOT NULL, fields TEXT NOT NULL, reason TEXT, device_time INTEGER NOT NULL,"
          + " state TEXT NOT NULL, error_code TEXT, error_message TEXT)");
      st.execute("CREATE INDEX outbox_entity ON outbox (entity_id)");
      st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)");
      String old = "{\"patientId\":\"p1\",\"checklistId\":\"c1\",\"state\":\"UNCHECKED\",\"note\":\"a\"}";
      st.execute("INSERT INTO records (id, entity_type, patient_id, parent_id, server_version, server_data, data, sync_state)"
          + " VALUES ('i1', 'checklist_item', 'p1', 'c1', 1, '" + old + "', '" + old + "', 'PENDING')");
      st.execute("INSERT INTO outbox VALUES (1, 'checklist_item', 'i1', 'UPDATE', 1, '{\"state\":\"DONE\"}', NULL, 0, 'PENDING', NULL, NULL)");
      st.execute("PRAGMA user_version = 1");
    }
    Instant written = Instant.parse("2026-11-24T09:15:00Z");
    try (LocalStore store = open()) {
      assertEquals(1, store.pendingBatch(10).size(), "the queued change survives the upgrade");
      SyncRecord before = store.serverCopies(null, 10).get(0);
      assertNull(before.updatedBy(), "not known for a copy pulled before the upgrade");
      assertEquals(1, before.version());

      SyncRecord pulled = new SyncRecord("checklist_item", "i1", 2, 2, "p1", false, written, "erik",
          fields("patientId", "p1", "checklistId", "c1", "state", "UNCHECKED", "note", "b"));
      store.applyPullPage(page("2", pulled));
      SyncRecord after = store.serverCopies(null, 10).get(0);
      assertEquals("erik", after.updatedBy(), "offered after a restore with the author the pull named");
      assertEquals(written, after.updatedAt());

      // The answer to this tablet's own push makes a new server version whose author the answer
      // does not name: the previous version's author must not pass for it.
      long m = store.pendingBatch(10).get(0).mutationId;
      store.applyPushResults(Collections.singletonList(new MutationResult(m, MutationStatus.APPLIED, "checklist_item", "i1", 3, null, null, null)), 0);
      SyncRecord answered = store.serverCopies(null, 10).get(0);
      assertEquals("DONE", answered.data().get("state").getAsString());
      assertNull(answered.updatedBy(), "unknown until the next pull names it");
    }
    try (LocalStore store = open()) {
      assertEquals("DONE", store.serverCopies(null, 10).get(0).data().get("state").getAsString(), "opens again at the new schema");
    }
  }

  @Test
  void appliedResultsClearTheOutboxAndKeepTheValueUntilThePull() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      store.applyPushResults(Collections.singletonList(new MutationResult(m, MutationStatus.APPLIED, "checklist_item", "i1", 2, null, null, null)), 0);
      assertTrue(store.pendingBatch(10).isEmpty());
      LocalRecord r = store.get("i1");
      assertEquals("DONE", r.data.get("state").getAsString());
      assertEquals(RecordSyncState.SYNCED, r.syncState);
    }
  }

  @Test
  void aRejectedChangeStaysVisibleWithTheReasonUntilDiscarded() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.REJECTED, "checklist_item", "i1", 0, "NOT_IN_SCOPE", "not your patient", null)), 0);
      assertEquals(RecordSyncState.REJECTED, store.get("i1").syncState);
      assertEquals("DONE", store.get("i1").data.get("state").getAsString());
      assertEquals("not your patient", store.rejected().get(0).message());
      assertTrue(store.pendingBatch(10).isEmpty(), "a rejected change is not resent");
      store.applyPullPage(page("2", item("i1", 2, "UNCHECKED", "b")));
      assertEquals("DONE", store.get("i1").data.get("state").getAsString(), "still visible after a pull");

      assertTrue(store.discardRejected(m));
      assertEquals("UNCHECKED", store.get("i1").data.get("state").getAsString());
      assertEquals(RecordSyncState.SYNCED, store.get("i1").syncState);
      assertTrue(store.rejected().isEmpty());
    }
  }

  @Test
  void theServerCopyOfARefusedChangeIsWhatTheServerHasAndFollowsPullsAndRestarts() {
    long m;
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      assertEquals("UNCHECKED", store.serverCopy("i1").data.get("state").getAsString(),
          "a pending change is not in the server's copy");
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.REJECTED, "checklist_item", "i1", 0, "FORBIDDEN", "no", null)), 0);
      assertEquals(Collections.singleton("state"), store.rejected().get(0).fields());
      assertEquals("UNCHECKED", store.serverCopy("i1").data.get("state").getAsString());
      assertEquals("DONE", store.get("i1").data.get("state").getAsString(), "the view keeps the refused value");
      store.applyPullPage(page("2", item("i1", 2, "NOT_APPLICABLE", "b")));
      assertEquals("NOT_APPLICABLE", store.serverCopy("i1").data.get("state").getAsString());
      assertEquals(2, store.serverCopy("i1").serverVersion);
    }
    try (LocalStore store = open()) {
      assertEquals("NOT_APPLICABLE", store.serverCopy("i1").data.get("state").getAsString(), "kept across a restart");
      assertEquals(RecordSyncState.REJECTED, store.serverCopy("i1").syncState);
      assertEquals(Collections.singleton("state"), store.rejected().get(0).fields());
      assertTrue(store.discardRejected(m));
      assertEquals("NOT_APPLICABLE", store.get("i1").data.get("state").getAsString());
    }
  }

  @Test
  void aRefusedCreateHasNoServerCopy() {
    try (LocalStore store = open()) {
      long m = store.enqueue(EntityType.VISIT, "v1", "p1", MutationOp.CREATE, fields("patientId", "p1", "note", "x"), null, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.REJECTED, "visit", "v1", 0, "NOT_IN_SCOPE", "no", null)), 0);
      assertNull(store.serverCopy("v1"));
      assertNull(store.serverCopy("no-such-record"));
      assertTrue(store.rejected().get(0).fields().contains("note"));
    }
  }

  @Test
  void aRefusedChangeNamesItsAuthorAndOnlySheDiscardsIt() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      store.setMeta("staff_id", "s-anna");
      store.setMeta("staff_name", "Anna");
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.REJECTED, "checklist_item", "i1", 0, "FORBIDDEN", "not yours", null)), 0);
      assertEquals("s-anna", store.rejected().get(0).authorId());
      assertEquals("Anna", store.rejected().get(0).authorName());

      store.setMeta("staff_id", "s-erik"); // a colleague signed in
      assertThrows(se.nara.sdk.NotTheAuthorException.class, () -> store.discardRejected(m));
      assertEquals(1, store.rejected().size(), "nothing dropped");
      assertEquals("DONE", store.get("i1").data.get("state").getAsString());
      store.setMeta("staff_id", null); // nobody
      assertThrows(se.nara.sdk.NotSignedInException.class, () -> store.discardRejected(m));

      store.setMeta("staff_id", "s-anna");
      assertTrue(store.discardRejected(m));
      assertTrue(store.rejected().isEmpty());
    }
  }

  @Test
  void outboxEntriesFromBeforeAuthorsWereRecordedAreTheLastUsers() throws Exception {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
    }
    // Back to the file an SDK of schema 5 wrote, signed out by Erik.
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tablet.db"));
        java.sql.Statement st = c.createStatement()) {
      st.execute("ALTER TABLE outbox DROP COLUMN author_id");
      st.execute("ALTER TABLE outbox DROP COLUMN author_name");
      st.execute("DROP TABLE out_of_scope");
      st.execute("INSERT INTO meta VALUES ('" + LocalStore.SIGNED_OUT_STAFF_ID + "', 's-erik')");
      st.execute("INSERT INTO meta VALUES ('" + LocalStore.SIGNED_OUT_STAFF_NAME + "', 'Erik')");
      st.execute("PRAGMA user_version = 5");
    }
    try (LocalStore store = open()) {
      OutboxEntry entry = store.pendingBatch(10).get(0);
      assertEquals("s-erik", entry.authorId);
      assertEquals("Erik", entry.authorName);
    }
  }

  @Test
  void aSignInIntoAnotherScopeLeavesOthersWorkReadableOnlyByItsAuthorUntilAPullShowsThePatientInScope() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "UNCHECKED", "b")));
      store.setMeta("staff_id", "s-anna");
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.REJECTED, "checklist_item", "i1", 0, "FORBIDDEN", "not yours", null)), 0);

      LocalStore.Removed removed = store.switchUser(true, true, () -> {
        store.setMeta("staff_id", "s-maja");
        return null;
      });
      assertEquals(1, removed.removed, "i2 went with the previous scope");
      assertTrue(removed.changes.patients.contains("p1"), "the listeners hear that p1 is no longer shown");
      assertNull(store.readable("i1"), "kept for Anna's refusal, not Maja's to read");
      assertTrue(store.byPatient(EntityType.CHECKLIST_ITEM, "p1").isEmpty());
      assertTrue(store.byParent(EntityType.CHECKLIST_ITEM, "c1").isEmpty());
      assertNull(store.serverCopy("i1"));
      assertTrue(store.rejected().isEmpty());
      assertThrows(IllegalArgumentException.class, () -> store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1",
          fields("state", "MISSING"), Collections.singleton("state"), 1, LocalStore.NO_REVISION, Instant.now()));
      assertEquals("DONE", store.get("i1").data.get("state").getAsString(), "the refusal itself is kept");

      store.setMeta("staff_id", "s-anna"); // her own work is hers to read wherever she is
      assertEquals("DONE", store.readable("i1").data.get("state").getAsString());
      assertEquals(1, store.rejected().size());

      store.setMeta("staff_id", "s-maja");
      store.applyPullPage(page("2", item("i3", 1, "UNCHECKED", "c"))); // p1 is Maja's patient too
      assertEquals("DONE", store.readable("i1").data.get("state").getAsString(), "in her scope: continuity");
      assertEquals(1, store.rejected().size());
    }
  }

  @Test
  void onlyRejectedChangesCanBeDiscarded() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      assertFalse(store.discardRejected(m));
      assertEquals(1, store.pendingBatch(10).size());
    }
  }

  @Test
  void resultsAnsweredInOneBatchLeaveTheSameLocalStateAsOneByOne() {
    // A push answers up to 200 queued changes at once, often several to the same record; each
    // record is read, folded and written once per batch. Random queues over two records (field
    // changes, cleared fields, retractions), a random prefix answered with random outcomes: the
    // batch must leave what the same answers leave one at a time, and both what a plain model of
    // the rules says (server state = pulled copy + accepted changes; view = server state + the
    // changes still queued, refused or held for review, a held one without the fields a later
    // accepted change set).
    java.util.Random random = new java.util.Random(20261124);
    MutationStatus[] outcomes = {MutationStatus.APPLIED, MutationStatus.MERGED, MutationStatus.CONFLICT, MutationStatus.REJECTED};
    String[] states = {"UNCHECKED", "DONE", "NOT_APPLICABLE"};
    for (int scenario = 0; scenario < 60; scenario++) {
      try (LocalStore batched = LocalStore.open(SqliteConnectionProvider.file(dir.resolve("b" + scenario + ".db").toString()));
          LocalStore single = LocalStore.open(SqliteConnectionProvider.file(dir.resolve("s" + scenario + ".db").toString()))) {
        for (LocalStore store : Arrays.asList(batched, single)) {
          store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "UNCHECKED", "b")));
        }
        java.util.Map<Long, String> target = new java.util.HashMap<>();
        java.util.Map<Long, JsonObject> change = new java.util.HashMap<>();
        java.util.Set<Long> retractions = new java.util.HashSet<>();
        int queued = 2 + random.nextInt(10);
        for (int i = 0; i < queued; i++) {
          String id = random.nextBoolean() ? "i1" : "i2";
          MutationOp op = random.nextInt(8) == 0 ? MutationOp.ENTERED_IN_ERROR : MutationOp.UPDATE;
          JsonObject fields = new JsonObject();
          if (op == MutationOp.UPDATE) {
            int kind = random.nextInt(3);
            if (kind == 0) {
              fields.addProperty("state", states[random.nextInt(states.length)]);
            } else if (kind == 1) {
              fields.addProperty("note", "n" + i);
            } else {
              fields.add("note", com.google.gson.JsonNull.INSTANCE); // clears the field
            }
          }
          long m = batched.enqueue(EntityType.CHECKLIST_ITEM, id, "p1", op, fields, null, Instant.EPOCH);
          assertEquals(m, single.enqueue(EntityType.CHECKLIST_ITEM, id, "p1", op, fields, null, Instant.EPOCH));
          target.put(m, id);
          change.put(m, fields);
          if (op == MutationOp.ENTERED_IN_ERROR) {
            retractions.add(m);
          }
        }
        List<MutationResult> answers = new java.util.ArrayList<>();
        java.util.Map<Long, MutationStatus> outcome = new java.util.HashMap<>();
        for (OutboxEntry e : batched.pendingBatch(1 + random.nextInt(queued))) {
          MutationStatus o = outcomes[random.nextInt(outcomes.length)];
          outcome.put(e.mutationId, o);
          answers.add(
              new MutationResult(e.mutationId, o, "checklist_item", e.entityId, 2,
                  o == MutationStatus.REJECTED ? "INVALID_FIELD" : null,
                  o == MutationStatus.REJECTED ? "refused" : null,
                  o == MutationStatus.CONFLICT ? Collections.singletonList("k" + e.mutationId) : null));
        }
        batched.applyPushResults(answers, 0);
        for (MutationResult answer : answers) {
          single.applyPushResults(Collections.singletonList(answer), 0);
        }
        String what = "scenario " + scenario + ", " + queued + " queued, " + answers.size() + " answered";
        for (String id : Arrays.asList("i1", "i2")) {
          // The model, in mutation order.
          JsonObject server = item(id, 1, "UNCHECKED", id.equals("i1") ? "a" : "b").data();
          JsonObject view;
          boolean serverRetracted = false;
          boolean retracted;
          boolean conflict = false;
          boolean pending = false;
          boolean refused = false;
          java.util.List<Long> stillQueued = new java.util.ArrayList<>();
          for (long m = 1; m <= queued; m++) {
            if (!id.equals(target.get(m))) {
              continue;
            }
            MutationStatus o = outcome.get(m);
            if (o == MutationStatus.APPLIED || o == MutationStatus.MERGED) {
              serverRetracted |= retractions.contains(m);
              applyTo(server, change.get(m));
              for (long h : stillQueued) { // an accepted change is the later word on its fields
                if (outcome.get(h) == MutationStatus.CONFLICT) {
                  change.get(h).keySet().removeAll(change.get(m).keySet());
                }
              }
            } else if (o == MutationStatus.CONFLICT) {
              conflict = true;
              change.put(m, change.get(m).deepCopy());
              stillQueued.add(m); // shown, in conflict, until the pull brings its conflict record
            } else {
              stillQueued.add(m);
              refused |= o == MutationStatus.REJECTED;
              pending |= o == null;
            }
          }
          view = server.deepCopy();
          retracted = serverRetracted;
          for (long m : stillQueued) {
            retracted |= retractions.contains(m);
            applyTo(view, change.get(m));
          }
          RecordSyncState state =
              refused ? RecordSyncState.REJECTED : pending ? RecordSyncState.PENDING
                  : conflict ? RecordSyncState.CONFLICT : RecordSyncState.SYNCED;

          LocalRecord expected = single.get(id);
          LocalRecord actual = batched.get(id);
          assertEquals(view, actual.data, what + ": " + id + " data");
          assertEquals(state, actual.syncState, what + ": " + id + " state");
          assertEquals(retracted, actual.tombstone, what + ": " + id + " retracted");
          assertEquals(expected.data, actual.data, what + ": " + id);
          assertEquals(expected.syncState, actual.syncState, what + ": " + id);
          assertEquals(expected.tombstone, actual.tombstone, what + ": " + id);
        }
        assertEquals(single.pendingBatch(100).size(), batched.pendingBatch(100).size(), what);
        assertEquals(single.rejected().size(), batched.rejected().size(), what);
      }
    }
  }

  /** The model's field change: null clears the field. */
  private static void applyTo(JsonObject data, JsonObject fields) {
    for (java.util.Map.Entry<String, com.google.gson.JsonElement> f : fields.entrySet()) {
      if (f.getValue().isJsonNull()) {
        data.remove(f.getKey());
      } else {
        data.add(f.getKey(), f.getValue());
      }
    }
  }

  @Test
  void aPulledRecordTheDatabaseCannotStoreFailsThePageInsteadOfGoingMissing() {
    // New records are inserted with OR IGNORE once the page has shown they are new; that must not
    // swallow a record a constraint refuses (here one with no entity type).
    try (LocalStore store = open()) {
      SyncRecord broken = new SyncRecord(null, "i9", 1, 3, "p1", false, Instant.now(), null, fields("note", "x"));
      PullResponse page = page("3", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "UNCHECKED", "b"), broken);
      assertThrows(se.nara.sdk.StorageException.class, () -> store.applyPullPage(page));
      assertEquals(0, store.count("records"), "the whole page is undone");
      assertEquals(null, store.meta("cursor"), "and the cursor stays");
      store.applyPullPage(page("3", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "DONE", "b")));
      assertEquals(2, store.count("records"));
      store.applyPullPage(page("4", item("i1", 2, "DONE", "a2"), item("i3", 1, "UNCHECKED", "c")));
      assertEquals("a2", store.get("i1").data.get("note").getAsString(), "an update after inserts");
      assertEquals("c", store.get("i3").data.get("note").getAsString(), "an insert after updates");
      assertEquals(3, store.count("records"));
    }
  }

  @Test
  void aConflictResultMarksTheRecordUntilTheConflictIsResolved() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "mine"), null, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.CONFLICT, "checklist_item", "i1", 1, null, "kept for review", Collections.singletonList("k1"))), 0);
      assertEquals(RecordSyncState.CONFLICT, store.get("i1").syncState);
      assertEquals("mine", store.get("i1").data.get("note").getAsString(),
          "until the pull brings the conflict record, the change the server kept for review is what the tablet shows");
      assertEquals(0, store.pendingStats()[0], "it is not sent again");
      assertTrue(store.pendingBatch(10).isEmpty());
      assertTrue(store.rejected().isEmpty());
      assertEquals(1, store.openConflicts());
      store.applyPullPage(page("4", item("i1", 1, "UNCHECKED", "a")));
      assertEquals("mine", store.get("i1").data.get("note").getAsString(), "a pull without its conflict record keeps it");
      SyncRecord conflict = new SyncRecord("conflict", "k1", 1, 5, "p1", false, Instant.now(), null,
          fields("patientId", "p1", "entityId", "i1", "status", "NEEDS_REVIEW"));
      store.applyPullPage(page("5", item("i1", 2, "UNCHECKED", "theirs"), conflict));
      assertEquals(RecordSyncState.CONFLICT, store.get("i1").syncState);
      assertEquals("theirs", store.get("i1").data.get("note").getAsString());
      assertEquals(1, store.openConflicts(), "the conflict record, no longer the held change");
      assertEquals(0, store.count("outbox"));
      SyncRecord resolved = new SyncRecord("conflict", "k1", 2, 6, "p1", false, Instant.now(), null,
          fields("patientId", "p1", "entityId", "i1", "status", "RESOLVED"));
      store.applyPullPage(page("6", resolved));
      assertEquals(RecordSyncState.SYNCED, store.get("i1").syncState);
      assertEquals(0, store.openConflicts());
    }
  }

  @Test
  void aChangeHeldForReviewIsReleasedByEveryConflictRecordItsAnswerNamedWhateverRecordTheyAreAbout() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("v1", 1, "UNCHECKED", "signed"), item("a1", 1, "UNCHECKED", "amendment")));
      long m = store.enqueue(EntityType.CHECKLIST_ITEM, "v1", "p1", MutationOp.UPDATE, fields("note", "mine"), null, Instant.now());
      // As for a signed visit whose change went into its existing amendment: one conflict on the
      // signed record, one on the amendment (another record).
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.CONFLICT, "checklist_item", "v1", 1, null, "amended", Arrays.asList("k1", "k2"))), m);
      store.applyPullPage(page("2", new SyncRecord("conflict", "k1", 1, 2, "p1", false, Instant.now(), null,
          fields("patientId", "p1", "entityId", "v1", "status", "AUTO_RESOLVED"))));
      assertEquals(1, store.count("outbox"), "one of the two conflict records is here");
      assertEquals("mine", store.get("v1").data.get("note").getAsString());
      store.applyPullPage(page("3", new SyncRecord("conflict", "k2", 1, 3, "p1", false, Instant.now(), null,
              fields("patientId", "p1", "entityId", "a1", "status", "AUTO_RESOLVED"))));
      assertEquals(0, store.count("outbox"), "the amendment's conflict record releases the signed record's change");
      assertEquals("signed", store.get("v1").data.get("note").getAsString(), "the view is the server's record again");
      assertEquals(RecordSyncState.SYNCED, store.get("v1").syncState);
      assertEquals(0, store.openConflicts());
    }
  }

  @Test
  void aChangeHeldForReviewThatARestoredServerNeverAnsweredIsQueuedAgain() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "UNCHECKED", "b")));
      long m1 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "answered"), null, Instant.now());
      long m2 = store.enqueue(EntityType.CHECKLIST_ITEM, "i2", "p1", MutationOp.UPDATE, fields("note", "lost"), null, Instant.now());
      store.applyPushResults(Arrays.asList(
          new MutationResult(m1, MutationStatus.CONFLICT, "checklist_item", "i1", 1, null, "kept", Collections.singletonList("k1")),
          new MutationResult(m2, MutationStatus.CONFLICT, "checklist_item", "i2", 1, null, "kept", Collections.singletonList("k2"))), m2);
      // The server comes back from a backup that has m1's answer but not m2's.
      LocalStore.Changes changes = store.applyPullPage(new PullResponse(Collections.<SyncRecord>emptyList(), "2", false, m1, Instant.now()));
      assertEquals(1, changes.requeued);
      List<OutboxEntry> queued = store.pendingBatch(10);
      assertEquals(1, queued.size(), "the change the server lost goes out again");
      assertEquals(m2, queued.get(0).mutationId);
      assertEquals(fields("note", "lost"), queued.get(0).fields);
      assertEquals("lost", store.get("i2").data.get("note").getAsString(), "still shown, now as waiting to be sent");
      assertEquals(RecordSyncState.PENDING, store.get("i2").syncState);
      assertEquals(RecordSyncState.CONFLICT, store.get("i1").syncState, "the one the server answered still waits for k1");
      assertEquals(m1, store.lastAnsweredMutationId(), "a recovery continues the numbering below it");

      // A recovery cannot tell what the restored server holds: everything held goes out again.
      assertEquals(1, store.requeueHeld().requeued);
      assertEquals(2, store.pendingBatch(10).size());
      assertEquals(0, store.openConflicts());
    }
  }

  @Test
  void aChangeHeldForReviewGoesWithItsPatientsPurgeAndIsReleasedAtOnceWhenItsConflictRecordIsAlreadyHere() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "UNCHECKED", "b")));
      long m1 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "mine"), null, Instant.now());
      store.applyPullPage(page("2", new SyncRecord("conflict", "k2", 1, 2, "p1", false, Instant.now(), null,
          fields("patientId", "p1", "entityId", "i2", "status", "NEEDS_REVIEW"))));
      long m2 = store.enqueue(EntityType.CHECKLIST_ITEM, "i2", "p1", MutationOp.UPDATE, fields("note", "late"), null, Instant.now());
      store.applyPushResults(Arrays.asList(
          new MutationResult(m1, MutationStatus.CONFLICT, "checklist_item", "i1", 1, null, "kept", Collections.singletonList("k1")),
          new MutationResult(m2, MutationStatus.CONFLICT, "checklist_item", "i2", 1, null, "kept", Collections.singletonList("k2"))), 0);
      assertEquals("b", store.get("i2").data.get("note").getAsString(), "k2 is already here and holds the value");
      assertEquals("mine", store.get("i1").data.get("note").getAsString());
      store.applyPullPage(new PullResponse(Collections.<SyncRecord>emptyList(), "3", false, SERVER_LAST, Instant.now(),
          Collections.singletonList("p1")));
      assertNull(store.get("i1"), "the patient left the team: the held change, settled on the server, goes with it");
      assertEquals(0, store.count("outbox"));
    }
  }

  @Test
  void pendingBatchesAreOneUnbrokenRunOfMutationNumbers() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      long m1 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "1"), null, Instant.now());
      long m2 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "2"), null, Instant.now());
      long m3 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "3"), null, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m2, MutationStatus.REJECTED, "checklist_item", "i1", 0, "INVALID_FIELD", "x", null)), 0);
      List<OutboxEntry> batch = store.pendingBatch(10);
      assertEquals(1, batch.size());
      assertEquals(m1, batch.get(0).mutationId);
      store.applyPushResults(Collections.singletonList(new MutationResult(m1, MutationStatus.APPLIED, "checklist_item", "i1", 2, null, null, null)), 0);
      assertEquals(m3, store.pendingBatch(10).get(0).mutationId);
    }
  }

  private static java.util.Set<String> names(String... names) {
    return new java.util.HashSet<>(Arrays.asList(names));
  }

  @Test
  void aSaveFromACopyReadBeforeAPullSendsOnlyWhatTheUserChangedAgainstTheVersionTheyRead() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "before")));
      // The app reads version 3; then a pull brings a colleague's version 4 with a new note.
      JsonObject read = store.get("i1").data.deepCopy();
      store.applyPullPage(page("2", item("i1", 4, "UNCHECKED", "the colleague's note")));
      JsonObject saved = read.deepCopy();
      saved.addProperty("state", "DONE"); // the user changed only the state
      long m = store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", saved,
          names("patientId", "checklistId", "state", "note"), 3, 0, Instant.now());
      OutboxEntry entry = store.pendingBatch(10).get(0);
      assertEquals(m, entry.mutationId);
      assertEquals(3, entry.baseVersion, "the version the user saw, so the server sees the colleague's change");
      assertEquals(fields("state", "DONE"), entry.fields, "the colleague's note is not sent back at its old value");
      LocalRecord view = store.get("i1");
      assertEquals("DONE", view.data.get("state").getAsString());
      assertEquals("the colleague's note", view.data.get("note").getAsString());
    }
  }

  @Test
  void aSaveFromTheCopyOfARecordThisDeviceCreatedStillWorksAfterThePullBringsItsFirstVersion() {
    try (LocalStore store = open()) {
      long create = store.enqueue(EntityType.CHECKLIST_ITEM, "i9", "p1", MutationOp.CREATE,
          fields("patientId", "p1", "checklistId", "c1", "state", "UNCHECKED", "note", "ny"), null, Instant.now());
      JsonObject read = store.get("i9").data.deepCopy(); // the app holds the new item, version 0
      store.applyPushResults(Collections.singletonList(
          new MutationResult(create, MutationStatus.APPLIED, "checklist_item", "i9", 1, null, null, null)), create);
      store.applyPullPage(page("5", item("i9", 1, "UNCHECKED", "ny")));
      read.addProperty("state", "DONE");
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i9", read, names("patientId", "checklistId", "state", "note"), 0, 0, Instant.now());
      OutboxEntry entry = store.pendingBatch(10).get(0);
      assertEquals(fields("state", "DONE"), entry.fields);
      assertEquals(0, entry.baseVersion);
    }
  }

  @Test
  void aSaveFromACopyTwoPulledVersionsOldIsRefusedAndQueuesNothing() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "a")));
      store.applyPullPage(page("2", item("i1", 4, "UNCHECKED", "b")));
      store.applyPullPage(page("3", item("i1", 5, "UNCHECKED", "c")));
      JsonObject saved = fields("patientId", "p1", "checklistId", "c1", "state", "DONE", "note", "a");
      se.nara.sdk.StaleRecordException e = assertThrows(se.nara.sdk.StaleRecordException.class,
          () -> store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", saved,
              names("patientId", "checklistId", "state", "note"), 3, 0, Instant.now()));
      assertEquals(3, e.readVersion());
      assertEquals(5, e.currentVersion());
      assertTrue(store.pendingBatch(10).isEmpty());
      // Read again, the same change saves.
      JsonObject fresh = store.get("i1").data.deepCopy();
      fresh.addProperty("state", "DONE");
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", fresh, names("patientId", "checklistId", "state", "note"), 5, 0, Instant.now());
      assertEquals(fields("state", "DONE"), store.pendingBatch(10).get(0).fields);
    }
  }

  private static final java.util.Set<String> ITEM_FIELDS = names("patientId", "checklistId", "state", "note");

  private static JsonObject edited(LocalRecord read, String field, String value) {
    JsonObject next = read.data.deepCopy();
    next.addProperty(field, value);
    return next;
  }

  @Test
  void aSaveFromACopyReadBeforeThisDevicesOwnLaterChangeDoesNotSendThatChangeBack() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "a")));
      LocalRecord onScreen = store.get("i1");
      LocalRecord beforeDone = store.get("i1");
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(beforeDone, "state", "DONE"), ITEM_FIELDS, 3,
          beforeDone.localRevision, Instant.now()); // another button on the same screen
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(onScreen, "note", "b"), ITEM_FIELDS, 3,
          onScreen.localRevision, Instant.now());
      List<OutboxEntry> queued = store.pendingBatch(10);
      assertEquals(fields("note", "b"), queued.get(1).fields, "the note alone: the screen's old state is not a change");
      assertEquals("DONE", store.get("i1").data.get("state").getAsString());
      assertEquals("b", store.get("i1").data.get("note").getAsString());

      // Undoing it on a copy read after it is a change of its own.
      LocalRecord afterDone = store.get("i1");
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(afterDone, "state", "UNCHECKED"), ITEM_FIELDS, 3,
          afterDone.localRevision, Instant.now());
      assertEquals(fields("state", "UNCHECKED"), store.pendingBatch(10).get(2).fields);
      assertEquals("UNCHECKED", store.get("i1").data.get("state").getAsString());
    }
  }

  @Test
  void aSaveThatCarriesNoLocalRevisionIsDiffedAgainstTheCurrentViewNotThePulledCopy() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "a")));
      LocalRecord read = store.get("i1");
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(read, "state", "DONE"), ITEM_FIELDS, 3,
          LocalStore.NO_REVISION, Instant.now());
      // Back to the pulled value, from a model that cannot say which copy it read.
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(store.get("i1"), "state", "UNCHECKED"), ITEM_FIELDS, 3,
          LocalStore.NO_REVISION, Instant.now());
      List<OutboxEntry> queued = store.pendingBatch(10);
      assertEquals(2, queued.size(), "the move back is a change");
      assertEquals(fields("state", "UNCHECKED"), queued.get(1).fields);
      assertEquals("UNCHECKED", store.get("i1").data.get("state").getAsString());
    }
  }

  @Test
  void aSaveFromACopyReadBeforeThisDevicesOwnChangeStillSendsOnlyItsFieldAfterThatChangeWasPushedAndPulled() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "a")));
      LocalRecord onScreen = store.get("i1");
      long m = store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(store.get("i1"), "state", "DONE"), ITEM_FIELDS, 3,
          store.get("i1").localRevision, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.APPLIED, "checklist_item", "i1", 4, null, null, null)), m);
      store.applyPullPage(page("2", item("i1", 4, "DONE", "a")));
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(onScreen, "note", "b"), ITEM_FIELDS, 3,
          onScreen.localRevision, Instant.now());
      OutboxEntry entry = store.pendingBatch(10).get(0);
      assertEquals(fields("note", "b"), entry.fields);
      assertEquals(3, entry.baseVersion, "the version the screen showed");
      assertEquals("DONE", store.get("i1").data.get("state").getAsString());
    }
  }

  @Test
  void theCopiesKeptForSavesGoWithTheirRecord() throws Exception {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "a")));
      LocalRecord read = store.get("i1");
      long m = store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(read, "state", "DONE"), ITEM_FIELDS, 3,
          read.localRevision, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.APPLIED, "checklist_item", "i1", 4, null, null, null)), m);
      store.forgetServerCopies();
      assertNull(store.get("i1"));
      try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tablet.db"));
          java.sql.Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM read_copies")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "no earlier view of a removed record stays on the tablet");
      }
    }
  }

  @Test
  void aFieldTheCallerDoesNotKnowIsNeverCleared() {
    try (LocalStore store = open()) {
      SyncRecord newer = new SyncRecord("checklist_item", "i1", 2, 2, "p1", false, Instant.now(), null,
          fields("patientId", "p1", "checklistId", "c1", "state", "UNCHECKED", "addedByANewerServer", "x"));
      store.applyPullPage(page("1", newer));
      JsonObject saved = fields("patientId", "p1", "checklistId", "c1", "state", "DONE");
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", saved, names("patientId", "checklistId", "state", "note"), 2, 0, Instant.now());
      assertEquals(fields("state", "DONE"), store.pendingBatch(10).get(0).fields);
      assertEquals("x", store.get("i1").data.get("addedByANewerServer").getAsString());
    }
  }

  @Test
  void anAnswerAboutAnotherRecordMeansAReusedNumberTheChangeStaysQueuedUnderANewOne() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a"), item("i2", 1, "UNCHECKED", "b")));
      long m1 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "1"), null, Instant.now());
      long m2 = store.enqueue(EntityType.CHECKLIST_ITEM, "i2", "p1", MutationOp.UPDATE, fields("note", "2"), null, Instant.now());
      long m3 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "3"), null, Instant.now());
      // The server had seen numbers up to 7 from this device before the database was restored:
      // m1 is a true replay (same record), m2 was another change (visit v9) under the same number.
      java.util.Set<Long> reused = store.applyPushResults(Arrays.asList(
          new MutationResult(m1, MutationStatus.APPLIED, "checklist_item", "i1", 2, null, null, null),
          new MutationResult(m2, MutationStatus.APPLIED, "visit", "v9", 4, null, null, null)), 7);
      assertEquals(Collections.singleton(m2), reused);
      List<OutboxEntry> left = store.pendingBatch(10);
      assertEquals(2, left.size(), "the change under the reused number is not dropped");
      assertEquals("i2", left.get(0).entityId);
      assertEquals(8, left.get(0).mutationId, "numbered above what the server has seen");
      assertEquals("i1", left.get(1).entityId);
      assertEquals(fields("note", "3"), left.get(1).fields);
      assertEquals(9, left.get(1).mutationId, "the order of the queue is kept");
      assertTrue(m3 < 8);
      assertEquals("2", store.get("i2").data.get("note").getAsString());
      assertEquals(RecordSyncState.PENDING, store.get("i2").syncState);
      long next = store.enqueue(EntityType.CHECKLIST_ITEM, "i2", "p1", MutationOp.UPDATE, fields("note", "4"), null, Instant.now());
      assertEquals(10, next, "the counter follows");
    }
  }

  @Test
  void aReusedNumberTheServerRecognisesOnTheSameRecordKeepsTheChangeQueuedUnderANewNumber() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      long m1 = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "new"), null, Instant.now());
      java.util.Set<Long> reused = store.applyPushResults(Collections.singletonList(
          new MutationResult(m1, MutationStatus.REJECTED, "checklist_item", "i1", 0, "MUTATION_REUSED", "used before", null)), 5);
      assertEquals(Collections.singleton(m1), reused);
      List<OutboxEntry> left = store.pendingBatch(10);
      assertEquals(1, left.size(), "not marked refused, not dropped");
      assertEquals(6, left.get(0).mutationId);
      assertEquals(fields("note", "new"), left.get(0).fields);
      assertTrue(store.rejected().isEmpty(), "nothing for the nurse to see: it simply goes out again");
    }
  }

  @Test
  void aTransactionInsideAnotherCommitsOrRollsBackWithIt() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      assertThrows(IllegalArgumentException.class, () -> store.inTransaction(() -> {
        store.enqueue(EntityType.DEVIATION, "d1", "p1", MutationOp.CREATE, fields("patientId", "p1"), null, Instant.now());
        // The second write fails: the first must go with it.
        return store.enqueue(EntityType.CHECKLIST_ITEM, "missing", "p1", MutationOp.UPDATE, fields("note", "x"), null, Instant.now());
      }));
      assertNull(store.get("d1"));
      assertTrue(store.pendingBatch(10).isEmpty());
      store.inTransaction(() -> {
        store.enqueue(EntityType.DEVIATION, "d2", "p1", MutationOp.CREATE, fields("patientId", "p1"), null, Instant.now());
        return store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "x"), null, Instant.now());
      });
      assertEquals(2, store.pendingBatch(10).size());
    }
  }

  @Test
  void mutationNumbersContinueAboveWhatTheServerHasSeen() {
    try (LocalStore store = open()) {
      store.ensureMutationCounterAbove(41);
      store.enqueue(EntityType.VISIT, "v1", "p1", MutationOp.CREATE, fields("patientId", "p1"), null, Instant.now());
      assertEquals(42, store.pendingBatch(1).get(0).mutationId);
    }
  }

  @Test
  void aDatabaseBelongsToOneDevice() {
    try (LocalStore store = open()) {
      String id = store.deviceId(null);
      assertEquals(id, store.deviceId(null));
      assertEquals(id, store.deviceId(id));
      assertThrows(IllegalStateException.class, () -> store.deviceId("another-device"));
    }
  }

  @Test
  void aDeviceIdStoredInUpperCaseIsTheSameDeviceAndIsRewrittenInLowerCase() {
    String lower = java.util.UUID.randomUUID().toString();
    String upper = lower.toUpperCase(java.util.Locale.ROOT);
    try (LocalStore store = open()) {
      store.setMeta("device_id", upper); // as an older SDK kept the id the app gave it
      store.setMeta("token", "issued-to-the-upper-case-form");
      store.enqueue(EntityType.VISIT, "v1", "p1", MutationOp.CREATE, fields("patientId", "p1"), null, Instant.now());
      assertEquals(lower, store.deviceId(lower));
      assertEquals(lower, store.meta("device_id"));
      assertEquals(upper, store.meta(LocalStore.DEVICE_ID_RENAMED_FROM));
      assertNull(store.meta("token"), "the server tied that session to the old form");
      assertEquals(1, store.pendingBatch(10).size(), "the outbox stays");
      assertEquals(lower, store.deviceId(upper), "either case names the same device");
      assertEquals(lower, store.deviceId(null));
      assertThrows(IllegalStateException.class, () -> store.deviceId(java.util.UUID.randomUUID().toString()));
    }
  }

  @Test
  void aLocalCreateThatWasRejectedDisappearsWhenDiscarded() {
    try (LocalStore store = open()) {
      long m = store.enqueue(EntityType.VISIT, "v1", "p1", MutationOp.CREATE, fields("patientId", "p1", "note", "x"), null, Instant.now());
      assertEquals("x", store.get("v1").data.get("note").getAsString());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.REJECTED, "visit", "v1", 0, "NOT_IN_SCOPE", "no", null)), 0);
      assertTrue(store.discardRejected(m));
      assertNull(store.get("v1"));
    }
  }

  @Test
  void theDeviceSecretIsMadeOnceKeptAcrossReopeningAndAWipeAndBelongsToTheDatabase() {
    String secret;
    try (LocalStore store = open()) {
      secret = store.deviceSecret();
      assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret); // 256 bits, base64url
      assertEquals(secret, store.deviceSecret());
      assertEquals(secret, store.meta("device_secret"));
    }
    try (LocalStore store = open()) {
      assertEquals(secret, store.deviceSecret(), "the same after reopening");
      store.wipe();
      assertEquals(secret, store.deviceSecret(), "a wipe keeps the device's identity");
    }
    try (LocalStore other = LocalStore.open(SqliteConnectionProvider.file(dir.resolve("reinstalled.db").toString()))) {
      assertFalse(secret.equals(other.deviceSecret()), "a new database is a new device with a new secret");
    }
  }

  @Test
  void aLaterAcceptedChangeIsNotHiddenUnderAnOlderChangeHeldForReview() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "a")));
      long m1 = store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(store.get("i1"), "note", "first"), ITEM_FIELDS, 3,
          store.get("i1").localRevision, Instant.now());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m1, MutationStatus.CONFLICT, "checklist_item", "i1", 3, null, "kept", Collections.singletonList("k1"))), m1);
      // the pull after the push failed; the nurse enters a new note and a state on the record
      long m2 = store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(store.get("i1"), "note", "second"), ITEM_FIELDS, 3,
          store.get("i1").localRevision, Instant.now());
      assertEquals("second", store.get("i1").data.get("note").getAsString());
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m2, MutationStatus.APPLIED, "checklist_item", "i1", 4, null, null, null)), m2);
      assertEquals("second", store.get("i1").data.get("note").getAsString(),
          "her last, accepted note; not the older one the server kept for review");
      assertEquals(RecordSyncState.CONFLICT, store.get("i1").syncState, "the older note is still waiting for review");
      store.applyPullPage(page("2", item("i1", 4, "UNCHECKED", "second"), new SyncRecord("conflict", "k1", 1, 5, "p1", false,
          Instant.now(), null, fields("patientId", "p1", "entityId", "i1", "status", "NEEDS_REVIEW"))));
      assertEquals("second", store.get("i1").data.get("note").getAsString());
      assertEquals(0, store.count("outbox"));
    }
  }

  @Test
  void aScreenReadWhileAChangeWasHeldForReviewDoesNotSendTheOverruledValueOnceItIsReleased() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 3, "UNCHECKED", "a")));
      long m = store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(store.get("i1"), "note", "mine"), ITEM_FIELDS, 3,
          store.get("i1").localRevision, Instant.now());
      LocalRecord onScreen = store.get("i1"); // shows "mine", held for review after the answer
      store.applyPushResults(Collections.singletonList(
          new MutationResult(m, MutationStatus.CONFLICT, "checklist_item", "i1", 3, null, "kept", Collections.singletonList("k1"))), m);
      store.applyPullPage(page("2", new SyncRecord("conflict", "k1", 1, 2, "p1", false, Instant.now(), null,
          fields("patientId", "p1", "entityId", "i1", "status", "NEEDS_REVIEW"))));
      assertEquals("a", store.get("i1").data.get("note").getAsString(), "released: the server's note stands");
      store.enqueueUpdate(EntityType.CHECKLIST_ITEM, "i1", edited(onScreen, "state", "DONE"), ITEM_FIELDS, 3,
          onScreen.localRevision, Instant.now());
      assertEquals(fields("state", "DONE"), store.pendingBatch(10).get(0).fields,
          "the state alone, never the overruled note at the current base");
    }
  }


  @Test
  void aChangeHeldForReviewGoesWhenAnotherTeamsUserSignsInEvenIfARefusedChangeKeepsItsRecord() {
    try (LocalStore store = open()) {
      store.applyPullPage(page("1", item("i1", 1, "UNCHECKED", "a")));
      long refused = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("state", "DONE"), null, Instant.now());
      long held = store.enqueue(EntityType.CHECKLIST_ITEM, "i1", "p1", MutationOp.UPDATE, fields("note", "held"), null, Instant.now());
      store.applyPushResults(Arrays.asList(
          new MutationResult(refused, MutationStatus.REJECTED, "checklist_item", "i1", 1, "INVALID_FIELD", "no", null),
          new MutationResult(held, MutationStatus.CONFLICT, "checklist_item", "i1", 1, null, "kept", Collections.singletonList("k1"))), held);
      assertEquals(1, store.openConflicts());
      store.forgetServerCopies(); // another team's user signs in: k1 will never come to this device
      assertEquals(0, store.openConflicts(), "nothing waits for a conflict record this device will not pull");
      assertEquals(1, store.count("outbox"), "the refused change stays until the user has seen it");
      assertEquals(1, store.rejected().size());
      assertEquals("a", store.get("i1").data.get("note").getAsString(), "the held note went with its review");
      assertEquals(RecordSyncState.REJECTED, store.get("i1").syncState);
    }
  }

}
