package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/** Requests at the edge of what the API accepts: each refused clearly, none silently read another way. */
class EdgeValidationApiTest {
  @TempDir Path dir;
  TestServer t;
  String dev1;
  String nurse1;
  String lead;

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir);
    dev1 = UUID.randomUUID().toString();
    nurse1 = t.login("a1", dev1);
    lead = t.login("lead", UUID.randomUUID().toString());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  static JsonObject state(String state) {
    JsonObject f = new JsonObject();
    f.addProperty("state", state);
    return f;
  }

  Reply push(String token, String dev, long n, String type, String id, MutationOp op, long base, JsonObject fields) throws Exception {
    return t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(
        new Mutation(dev, n, type, id, op, base, fields, null, Instant.now())), 1, null)), token);
  }

  static JsonObject result(Reply r) {
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  static String field(Reply r) {
    return r.json().getAsJsonObject("details").get("field").getAsString();
  }

  /** A conflict on ITEM_A made by two tablets' pushes; its id. Device 1 has used mutation 1. */
  String pushedConflict() throws Exception {
    String dev2 = UUID.randomUUID().toString();
    String nurse2 = t.login("a2", dev2);
    push(nurse1, dev1, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, state("DONE"));
    Reply r = push(nurse2, dev2, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, state("NOT_APPLICABLE"));
    return result(r).getAsJsonArray("conflictIds").get(0).getAsString();
  }

  @Test
  void aSeenVersionTheRecordNeverHadDoesNotPassForHavingSeenEverything() throws Exception {
    String conflict = pushedConflict();
    // A later change to the conflict's field that the team leader has not seen.
    Reply later = push(nurse1, dev1, 2, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 2, state("MISSING"));
    assertEquals("APPLIED", result(later).get("status").getAsString(), later.body());
    long version = t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'");
    for (long seen : new long[] {version + 1, 99_999, 0, -1}) {
      Reply r = t.post("/api/v1/review/conflicts/" + conflict + "/resolve",
          "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":" + seen + "}", lead);
      assertEquals(400, r.status(), seen + ": " + r.body());
      assertEquals("seenVersion", field(r), r.body());
    }
    assertEquals(version, t.count("SELECT version FROM records WHERE id = '" + TestServer.ITEM_A + "'"), "nothing overwritten");
    Reply unseen = t.post("/api/v1/review/conflicts/" + conflict + "/resolve", "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":2}", lead);
    assertEquals("ENTITY_CHANGED", unseen.code(), unseen.body());
    Reply seen = t.post("/api/v1/review/conflicts/" + conflict + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":" + version + "}", lead);
    assertEquals(200, seen.status(), seen.body());
  }

  @Test
  void bulkRestoredResolveRefusesAnOverlongNoteUpFront() throws Exception {
    Reply r = t.post("/api/v1/review/restored/resolve",
        "{\"choice\":\"KEEP_SERVER\",\"note\":\"" + "n".repeat(2001) + "\"}", lead);
    assertEquals(400, r.status(), r.body());
    assertEquals("note", field(r));
    assertEquals(200, t.post("/api/v1/review/restored/resolve", "{\"choice\":\"KEEP_SERVER\",\"note\":\"ok\"}", lead).status());
  }
}
