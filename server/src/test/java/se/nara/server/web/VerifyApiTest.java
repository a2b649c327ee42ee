package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.RecordDigest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/** {@code GET /api/v1/sync/verify}: the server's digests agree with what a pull delivered. */
class VerifyApiTest {
  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** Per patient ("" for the directory): count and digest sum of the given pulled records, skipping {@code except}. */
  private static Map<String, long[]> digests(List<JsonObject> records, String except) {
    Map<String, long[]> sums = new HashMap<>();
    for (JsonObject r : records) {
      if (r.get("id").getAsString().equals(except)) {
        continue;
      }
      String patient = r.get("patientId") == null || r.get("patientId").isJsonNull() ? "" : r.get("patientId").getAsString();
      long[] sum = sums.computeIfAbsent(patient, k -> new long[2]);
      sum[0]++;
      sum[1] += RecordDigest.of(r.get("id").getAsString(), r.get("version").getAsLong(), r.get("tombstone").getAsBoolean());
    }
    return sums;
  }

  private static void assertAgrees(Map<String, long[]> expected, JsonObject verify) {
    Map<String, String> got = new HashMap<>();
    for (JsonElement e : verify.getAsJsonArray("scopes")) {
      JsonObject scope = e.getAsJsonObject();
      String patient = scope.get("patientId") == null || scope.get("patientId").isJsonNull() ? "" : scope.get("patientId").getAsString();
      got.put(patient, scope.get("count").getAsLong() + "/" + scope.get("digest").getAsString());
    }
    Map<String, String> want = new HashMap<>();
    expected.forEach((patient, sum) -> want.put(patient, sum[0] + "/" + RecordDigest.hex(sum[1])));
    assertEquals(want, got);
  }

  @Test
  @DisplayName("after a pull the digests match the pulled records; a later change is named, not counted")
  void digestsMatchWhatAPullDelivered() throws Exception {
    String nurse = t.login("a1", UUID.randomUUID().toString());
    Reply page = t.get("/api/v1/sync/pull?limit=5000", nurse);
    List<JsonObject> pulled = new java.util.ArrayList<>();
    page.json().getAsJsonArray("records").forEach(e -> pulled.add(e.getAsJsonObject()));
    String cursor = URLEncoder.encode(page.json().get("nextCursor").getAsString(), StandardCharsets.UTF_8);
    assertTrue(pulled.stream().anyMatch(r -> r.get("type").getAsString().equals("team")), "the directory is in the pull");

    Reply verify = t.get("/api/v1/sync/verify?cursor=" + cursor, nurse);
    assertEquals(200, verify.status(), verify.body());
    assertAgrees(digests(pulled, null), verify.json());
    assertEquals(0, verify.json().getAsJsonArray("changedSince").size());
    assertFalse(verify.body().contains("Furosemid") || verify.body().contains("Astrid"), "no field values: " + verify.body());

    // Another nurse changes an item; the first one has not pulled yet.
    String dev = UUID.randomUUID().toString();
    String other = t.login("a2", dev);
    JsonObject note = new JsonObject();
    note.addProperty("note", "kontrollerad");
    Reply push = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(new Mutation(dev, 1, "checklist_item",
        TestServer.ITEM_A, MutationOp.UPDATE, 1, note, null, Instant.now())), 1, null)), other);
    assertEquals(200, push.status(), push.body());
    Reply later = t.get("/api/v1/sync/verify?cursor=" + cursor, nurse);
    assertEquals(List.of(TestServer.ITEM_A), List.of(later.json().getAsJsonArray("changedSince").get(0).getAsString()));
    assertEquals(1, later.json().getAsJsonArray("changedSince").size());
    assertAgrees(digests(pulled, TestServer.ITEM_A), later.json());
  }

  @Test
  @DisplayName("scoped like the pull: another team's patient is not in it; no or a foreign cursor is refused")
  void scopedAndValidated() throws Exception {
    String nurseB = t.login("b1", UUID.randomUUID().toString());
    Reply page = t.get("/api/v1/sync/pull?limit=5000", nurseB);
    Reply verify = t.get("/api/v1/sync/verify?cursor="
        + URLEncoder.encode(page.json().get("nextCursor").getAsString(), StandardCharsets.UTF_8), nurseB);
    assertEquals(200, verify.status(), verify.body());
    assertFalse(verify.body().contains(TestServer.PATIENT_A), "team B does not care for patient A");
    assertTrue(verify.body().contains(TestServer.PATIENT_B));
    Reply none = t.get("/api/v1/sync/verify", nurseB);
    assertEquals(400, none.status());
    assertEquals("VALIDATION_FAILED", none.code());
    assertEquals(400, t.get("/api/v1/sync/verify?cursor=abc", nurseB).status());
    assertEquals(400, t.get("/api/v1/sync/verify?cursor=%D9%A3", nurseB).status(), "ASCII digits only, as in a pull");
    assertEquals(400, t.get("/api/v1/sync/verify?cursor=%zz", nurseB).status(), "broken encoding is not 'no cursor'");
    assertEquals(400, t.get("/api/v1/sync/verify?cursor=0.0.0", nurseB).status(), "a made-up anchor");
    assertEquals(401, t.get("/api/v1/sync/verify?cursor=1", null).status());
  }

  @Test
  @DisplayName("a cursor this server lacks the change of, or is beyond its newest change, stops the verify as it stops the pull")
  void cursorCheckedAsThePullChecksIt() throws Exception {
    String nurse = t.login("a1", UUID.randomUUID().toString());
    String cursor = t.get("/api/v1/sync/pull?limit=5000", nurse).json().get("nextCursor").getAsString();
    String[] parts = cursor.split("\\.");
    assertEquals(3, parts.length, cursor);
    assertEquals(200, t.get("/api/v1/sync/verify?cursor=" + cursor, nurse).status());
    String lost = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) - 1);
    for (String c : new String[] {lost, Long.toString(Long.parseLong(parts[0]) + 40)}) {
      Reply r = t.get("/api/v1/sync/verify?cursor=" + c, nurse);
      assertEquals(409, r.status(), c + ": " + r.body());
      assertEquals("CURSOR_AHEAD", r.code(), c);
      assertEquals(409, t.get("/api/v1/sync/pull?cursor=" + c, nurse).status(), "the pull answers the same: " + c);
    }
  }
}
