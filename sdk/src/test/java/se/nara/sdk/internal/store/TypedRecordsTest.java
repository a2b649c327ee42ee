package se.nara.sdk.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.SqliteConnectionProvider;
import se.nara.sdk.model.ReviewState;
import se.nara.sdk.model.Visit;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.SyncRecord;

/** Typed saves over a real local store: what a model's save puts in the outbox. */
class TypedRecordsTest {
  @TempDir Path dir;

  private static SyncRecord amendment(String id) {
    JsonObject data = new JsonObject();
    data.addProperty("patientId", "p1");
    data.addProperty("note", "Tillägg");
    data.addProperty("amendsId", "v0");
    data.addProperty("reviewState", "NOT_REVIEWED");
    // no reviewedVersion (the server made it from a signed visit and never reviewed it), no staffIds
    return new SyncRecord("visit", id, 1, 1, "p1", false, Instant.now(), null, data);
  }

  @Test
  void aSaveSendsNeitherTheServersFieldsNorAPrimitivesDefaultForAFieldTheRecordLacks() {
    try (LocalStore store = LocalStore.open(SqliteConnectionProvider.file(dir.resolve("t.db").toString()))) {
      store.applyPullPage(new PullResponse(Collections.singletonList(amendment("a1")), "1", false, 0, Instant.now()));
      store.setMeta("staff_id", "s1"); // someone is signed in: nobody else may read or write
      Clock clock = Clock.systemUTC();
      TypedRecords records = new TypedRecords(store, clock, new AccessLog(store, clock), new ChangeNotifier(), () -> { });
      Visit read = records.get(EntityType.VISIT, "a1");
      assertEquals(0, read.reviewedVersion(), "what the model shows for the field the record lacks");
      assertEquals(Collections.emptyList(), read.staffIds());

      records.update(EntityType.VISIT, "a1", read.toBuilder().note("Tillägg, rättat").reviewState(ReviewState.REVIEWED)
          .amendsId("another").build());
      List<OutboxEntry> queued = new java.util.ArrayList<>();
      for (OutboxEntry e : store.pendingBatch(10)) {
        if (!EntityType.AUDIT_ENTRY.wireName().equals(e.entityType)) { // the read above is in the access log
          queued.add(e);
        }
      }
      JsonObject expected = new JsonObject();
      expected.addProperty("note", "Tillägg, rättat");
      assertEquals(1, queued.size());
      assertEquals(expected, queued.get(0).fields, "the note alone");
    }
  }
}
