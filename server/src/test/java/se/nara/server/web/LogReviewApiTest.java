package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.model.AuditAction;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;
import se.nara.server.audit.AuditService;
import se.nara.server.auth.Principal;
import se.nara.server.store.AuditStore;

/** Loggkontroll over real HTTP: a reviewer pages through every entry of a patient, a user or a period. */
class LogReviewApiTest {
  /** Five milliseconds of a busy morning; in each, a team list logs one read per patient. */
  private static final Instant MORNING = Instant.parse("2026-11-20T07:30:00Z");
  private static final int MILLIS = 5;
  private static final int PER_MILLI = 45;

  @TempDir Path dir;
  TestServer t;
  String mas;

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir);
    mas = t.login("mas", UUID.randomUUID().toString());
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /**
   * Writes entries as the server does (same service, same ids), {@code PER_MILLI} in each of
   * {@code MILLIS} milliseconds, so page boundaries fall inside runs of equal times.
   */
  private void busyMorning(String patientId, String staffId) {
    Principal nurse = new Principal(staffId, "Sjuksköterska", "SJUKSKOTERSKA", UUID.randomUUID().toString(), List.of(TestServer.TEAM_A));
    for (int ms = 0; ms < MILLIS; ms++) {
      AuditService audit = new AuditService(new AuditStore(), Clock.fixed(MORNING.plusMillis(ms), ZoneOffset.UTC));
      AuditService.Batch batch = audit.batch(nurse);
      for (int i = 0; i < PER_MILLI; i++) {
        batch.add(patientId, TestServer.TEAM_A, AuditAction.READ, "visit", UUID.randomUUID().toString(), null, "TEAM_LIST");
      }
      t.server.database().inWrite(h -> {
        batch.write(h);
        return null;
      });
    }
  }

  /** The ids the database holds for {@code where}, in the review's order: newest first. */
  private List<String> expected(String where) {
    return t.server.database().withReader(h -> h.createQuery(
            "SELECT id FROM audit_log WHERE " + where + " ORDER BY received_at DESC, id DESC")
        .mapTo(String.class).list());
  }

  /** Follows {@code nextCursor} while {@code hasMore}, as docs/protocol.md tells a reviewer to. */
  private List<JsonObject> reviewAll(String query, int limit) throws Exception {
    List<JsonObject> seen = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      Reply r = t.get("/api/v1/audit?" + query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), mas);
      assertEquals(200, r.status(), r.body());
      List<JsonElement> entries = r.json().getAsJsonArray("entries").asList();
      assertTrue(entries.size() <= limit, "a page holds at most limit entries");
      entries.forEach(e -> seen.add(e.getAsJsonObject()));
      assertTrue(r.json().has("hasMore"), "the reviewer must be told whether more entries exist: " + keys(r));
      if (!r.json().get("hasMore").getAsBoolean()) {
        assertTrue(!r.json().has("nextCursor") || r.json().get("nextCursor").isJsonNull(), keys(r));
        return seen;
      }
      assertEquals(limit, entries.size(), "only a full page says more exist");
      cursor = r.json().get("nextCursor").getAsString();
    }
    throw new AssertionError("the review never ended");
  }

  /** What a page says besides its entries (a failure message of a whole page would be thousands of lines). */
  private static String keys(Reply r) {
    JsonObject rest = r.json().deepCopy();
    int entries = rest.remove("entries").getAsJsonArray().size();
    return entries + " entries and " + rest;
  }

  private static List<String> ids(List<JsonObject> entries) {
    return entries.stream().map(e -> e.get("id").getAsString()).toList();
  }

  @Test
  @DisplayName("a reviewer following nextCursor sees every entry of a patient, a user or a period once, though many share a millisecond")
  void pagingReachesEveryEntryOnce() throws Exception {
    busyMorning(TestServer.PATIENT_A, TestServer.NURSE_A1);
    busyMorning(TestServer.PATIENT_B, TestServer.NURSE_B1);
    String from = MORNING.toString();
    String to = MORNING.plusMillis(MILLIS).toString();

    // 40 does not divide 45, so pages end in the middle of a millisecond's entries.
    List<String> byPatient = expected("patient_id = '" + TestServer.PATIENT_A + "'");
    assertTrue(byPatient.size() > MILLIS * PER_MILLI / 2, "several pages: " + byPatient.size());
    assertEquals(byPatient, ids(reviewAll("patient=" + TestServer.PATIENT_A, 40)));

    assertEquals(expected("staff_id = '" + TestServer.NURSE_B1 + "'"), ids(reviewAll("user=" + TestServer.NURSE_B1, 40)));

    List<String> period = expected("received_at >= " + MORNING.toEpochMilli() + " AND received_at < " + MORNING.plusMillis(MILLIS).toEpochMilli());
    assertEquals(2 * MILLIS * PER_MILLI, period.size());
    assertEquals(period, ids(reviewAll("from=" + from + "&to=" + to, 40)));

    // Filters combine with the cursor, and a page size dividing the run ends exactly on it.
    List<String> combined = expected("patient_id = '" + TestServer.PATIENT_B + "' AND action = 'READ' AND received_at >= "
        + MORNING.toEpochMilli() + " AND received_at < " + MORNING.plusMillis(3).toEpochMilli());
    assertEquals(3 * PER_MILLI, combined.size());
    assertEquals(combined, ids(reviewAll("patient=" + TestServer.PATIENT_B + "&action=READ&from=" + from
        + "&to=" + MORNING.plusMillis(3), PER_MILLI)));
  }

  @Test
  @DisplayName("entries written while a reviewer pages (her own review's, a nurse's pull) neither hide nor repeat an older one")
  void entriesWrittenWhilePagingDoNotShiftThePages() throws Exception {
    busyMorning(TestServer.PATIENT_A, TestServer.NURSE_A1);
    String nurse = t.login("a1", UUID.randomUUID().toString());
    List<String> before = expected("patient_id = '" + TestServer.PATIENT_A + "'");

    List<String> seen = new ArrayList<>();
    String cursor = null;
    boolean more = true;
    while (more) {
      // Each page of this review is itself logged about patient A, and so is the nurse's pull:
      // new entries at the top of the very list being paged.
      assertEquals(200, t.get("/api/v1/sync/pull?limit=5000", nurse).status());
      Reply r = t.get("/api/v1/audit?patient=" + TestServer.PATIENT_A + "&limit=17" + (cursor == null ? "" : "&cursor=" + cursor), mas);
      assertEquals(200, r.status(), r.body());
      r.json().getAsJsonArray("entries").forEach(e -> seen.add(e.getAsJsonObject().get("id").getAsString()));
      more = r.json().get("hasMore").getAsBoolean();
      cursor = more ? r.json().get("nextCursor").getAsString() : null;
    }
    assertEquals(new HashSet<>(seen).size(), seen.size(), "no entry twice");
    // The first page was read after the first pull; everything older is reached, in order.
    List<String> written = expected("patient_id = '" + TestServer.PATIENT_A + "'");
    List<String> atFirstPage = written.subList(written.indexOf(seen.get(0)), written.size());
    assertEquals(atFirstPage, seen);
    assertTrue(seen.containsAll(before));
    assertTrue(written.size() > seen.size(), "the entries written while paging are in the log, for the next review");
  }

  @Test
  @DisplayName("the newest entries come first and a page never mixes in another filter's entries")
  void orderAndFilters() throws Exception {
    busyMorning(TestServer.PATIENT_A, TestServer.NURSE_A1);
    List<JsonObject> entries = reviewAll("user=" + TestServer.NURSE_A1, 100);
    Instant previous = Instant.MAX;
    for (JsonObject e : entries) {
      assertEquals(TestServer.NURSE_A1, e.get("staffId").getAsString());
      Instant at = Instant.parse(e.get("receivedAt").getAsString());
      assertFalse(at.isAfter(previous), "newest first");
      previous = at;
    }
  }

  @Test
  @DisplayName("a bad cursor or limit, or a cursor with a sample, is a 400 naming it with a message, never a 500")
  void badPagingParameters() throws Exception {
    busyMorning(TestServer.PATIENT_A, TestServer.NURSE_A1);
    Reply first = t.get("/api/v1/audit?patient=" + TestServer.PATIENT_A + "&limit=10", mas);
    String cursor = first.json().get("nextCursor").getAsString();
    String[][] bad = {
      {"limit=0", "limit"}, {"limit=1001", "limit"}, {"limit=-5", "limit"}, {"limit=ten", "limit"},
      {"limit=99999999999", "limit"}, {"limit=1.5", "limit"},
      {"cursor=x", "cursor"}, {"cursor=%00", "cursor"}, {"cursor=" + "A".repeat(5000), "cursor"},
      {"cursor=MTIzNA", "cursor"}, {"cursor=LTEuYQ", "cursor"}, {"cursor=" + cursor + "%3D", "cursor"},
      {"cursor=" + cursor.substring(1), "cursor"},
      {"sample=5&cursor=" + cursor, "cursor"}, {"sample=5&limit=10", "limit"},
    };
    for (String[] b : bad) {
      Reply r = t.get("/api/v1/audit?" + b[0], mas);
      assertEquals(400, r.status(), b[0] + ": " + r.body());
      assertEquals("VALIDATION_FAILED", r.code(), b[0]);
      assertEquals(b[1], r.json().getAsJsonObject("details").get("field").getAsString(), b[0]);
      assertNotNull(r.json().get("message"), b[0]);
      assertFalse(r.json().get("message").getAsString().isBlank(), b[0]);
    }
    assertEquals(200, t.get("/api/v1/audit?patient=" + TestServer.PATIENT_A + "&limit=10&cursor=" + cursor, mas).status());
    assertEquals(200, t.get("/api/v1/audit?limit=1000", mas).status());
  }

  @Test
  @DisplayName("every page of a review is itself logged, as the first one is")
  void everyPageIsLogged() throws Exception {
    busyMorning(TestServer.PATIENT_A, TestServer.NURSE_A1);
    String reviews = "staff_id = '" + TestServer.MAS + "' AND resource_type = 'audit_log' AND patient_id = '" + TestServer.PATIENT_A
        + "' AND outcome = 'LOG_SEARCH'";
    int pages = (reviewAll("patient=" + TestServer.PATIENT_A, 100).size() + 99) / 100;
    assertTrue(pages > 1);
    assertEquals(pages, expected(reviews).size());
    assertEquals(403, t.get("/api/v1/audit?limit=5", t.login("a1", UUID.randomUUID().toString())).status());
  }
}
