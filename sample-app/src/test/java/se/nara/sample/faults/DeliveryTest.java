package se.nara.sample.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sample.faults.FaultProxy.Fault;
import se.nara.server.NaraServer;

/**
 * The same push delivered again, late, out of order and many times at once; and tablets whose
 * clocks are a day ahead or behind.
 */
class DeliveryTest {
  @TempDir Path dir;
  NaraServer server;
  FaultProxy proxy;
  final List<Tablet> tablets = new ArrayList<>();
  final OkHttpClient http = Tablet.httpClient();

  @AfterEach
  void stop() {
    tablets.forEach(Tablet::close);
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Tablet tablet(String name, String user, String url, Clock clock) throws Exception {
    Tablet t = new Tablet(name, user, dir.resolve(name + ".db"), url, name.hashCode(), clock);
    tablets.add(t);
    t.login();
    t.syncUntilDone();
    return t;
  }

  @Test
  void duplicatedLateAndReorderedPushesAreAnsweredAlikeAndAppliedOnce() throws Exception {
    server = Servers.inProcess(dir.resolve("server"));
    proxy = new FaultProxy(server.port());
    List<String> users = Servers.teamUsers();
    Tablet a = tablet("dup-a", users.get(0), proxy.url(), null);
    Tablet b = tablet("dup-b", users.get(1), server.url(), null);

    List<FaultProxy.Exchange> pushes = new CopyOnWriteArrayList<>();
    proxy.onAnswered(e -> { if (e.isPush()) pushes.add(e); });
    for (int n : new int[] {3, 2, 2}) {
      a.workload.changes(n);
      a.syncUntilDone();
    }
    assertEquals(3, pushes.size(), "three pushes: " + pushes);
    String token = localMeta(a.database, "token");
    long[] before = serverCounts();

    // a duplicate of the middle push; the first push arriving late, after the third
    assertEquals(results(pushes.get(1)), results(raw(pushes.get(1).requestText(), token, 200)));
    assertEquals(results(pushes.get(0)), results(raw(pushes.get(0).requestText(), token, 200)));
    // six copies of the last push at the same moment
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<JsonObject>> copies = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        copies.add(
            pool.submit(
                () -> {
                  gate.await();
                  return raw(pushes.get(2).requestText(), token, 200);
                }));
      }
      gate.countDown();
      for (Future<JsonObject> copy : copies) {
        assertEquals(results(pushes.get(2)), results(copy.get(60, TimeUnit.SECONDS)), "every copy gets the first answer");
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before[0], serverCounts()[0], "no duplicate changed a record's history");
    assertEquals(before[1], serverCounts()[1], "no duplicate added to the mutation log");
    assertEquals(before[2], serverCounts()[2], "no duplicate took a sequence number");

    // a later batch arrives before the earlier one: refused as a gap, applied once in order
    AtomicReference<String> held = new AtomicReference<>();
    proxy.plan(
        e -> {
          if (e.isPush()) {
            held.set(e.requestText());
            return Fault.DROP_BEFORE_REQUEST;
          }
          return Fault.PASS;
        });
    a.workload.changes(4);
    assertTrue(!a.trySync(), "the push was lost on the way");
    assertNotNull(held.get());
    JsonObject whole = JsonParser.parseString(held.get()).getAsJsonObject();
    JsonArray mutations = whole.getAsJsonArray("mutations");
    // 4 changes, plus the tablet's own access-log entries for the reads that chose them
    assertTrue(mutations.size() >= 4, mutations.toString());
    int half = mutations.size() / 2;
    String first = batch(whole, mutations, 0, half);
    String second = batch(whole, mutations, half, mutations.size());
    long firstNumber = mutations.get(0).getAsJsonObject().get("mutationId").getAsLong();
    JsonObject gap = raw(second, token, 409);
    assertEquals("MUTATION_GAP", gap.get("code").getAsString());
    assertEquals(firstNumber, gap.getAsJsonObject("details").get("expected").getAsLong());
    assertEquals(before[1], serverCounts()[1], "the early batch changed nothing");
    JsonArray firstAnswers = results(raw(first, token, 200));
    JsonArray secondAnswers = results(raw(second, token, 200));
    assertEquals(firstAnswers, results(raw(first, token, 200)), "a replay of the first half is answered alike");
    assertEquals(before[1] + mutations.size(), serverCounts()[1]);

    // the tablet finally gets through: every answer comes from the log
    proxy.clearListeners();
    List<FaultProxy.Exchange> resent = new CopyOnWriteArrayList<>();
    proxy.onAnswered(e -> { if (e.isPush()) resent.add(e); });
    proxy.plan(e -> Fault.PASS);
    a.syncUntilDone();
    JsonArray expected = new JsonArray();
    firstAnswers.forEach(expected::add);
    secondAnswers.forEach(expected::add);
    assertEquals(1, resent.size());
    assertEquals(expected, results(resent.get(0)), "the tablet's resend got the answers already given");
    assertEquals(before[1] + mutations.size(), serverCounts()[1]);

    b.syncUntilDone();
    a.syncUntilDone();
    Invariants.Counts counts = Invariants.check(Servers.databaseFile(dir.resolve("server")), List.of(a.ref(), b.ref()));
    ReliabilityReport.record(
        "duplicated and reordered pushes",
        counts,
        "3 pushes delivered again (one late, after a later push; one 6 times at once); a later batch before the"
            + " earlier one (409 MUTATION_GAP), then both, then the tablet's own resend");
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
  }

  @Test
  void clocksADayAheadOrBehindDecideNothing() throws Exception {
    server = Servers.inProcess(dir.resolve("server"));
    List<String> users = Servers.teamUsers();
    Duration day = Duration.ofDays(1);
    Tablet ahead = tablet("clock-ahead", users.get(0), server.url(), Clock.offset(Clock.systemUTC(), day));
    Tablet behind = tablet("clock-behind", users.get(1), server.url(), Clock.offset(Clock.systemUTC(), day.negated()));
    Tablet exact = tablet("clock-exact", users.get(2 % users.size()), server.url(), null);
    String[] line = ahead.workload.sharedLines().get(0);
    long started = System.currentTimeMillis();

    // all three work offline on the same medication line, and record a visit each
    for (Tablet t : List.of(ahead, behind, exact)) {
      t.workload.visit();
      t.workload.changeDose(line);
      assertEquals("dose", t.ledger.entries().get(t.ledger.size() - 1).field());
    }
    // they reach the server in this order: the tablet with the earliest clock first
    for (Tablet t : List.of(behind, ahead, exact)) {
      t.syncUntilDone();
    }
    long finished = System.currentTimeMillis();
    String behindDose = behind.ledger.entries().get(1).value();

    try (Connection c = Invariants.open(Servers.databaseFile(dir.resolve("server")))) {
      assertEquals(behindDose, JsonParser.parseString(scalar(c, "SELECT data FROM records WHERE id = ?", line[0]))
          .getAsJsonObject().get("dose").getAsString(), "the first change to arrive stands, whatever the device clocks say");
      assertEquals("APPLIED", status(c, behind, line[0]));
      assertEquals("CONFLICT", status(c, ahead, line[0]), "a later device time does not win a clinical clash");
      assertEquals("CONFLICT", status(c, exact, line[0]));
      for (Tablet t : List.of(ahead, behind, exact)) {
        String visit = t.ledger.entries().get(0).entityId();
        assertEquals("APPLIED", status(c, t, visit), t.name + ": a skewed clock is no reason to refuse a change");
      }
      // sequence follows arrival, not device time
      long seqBehind = Long.parseLong(scalar(c, "SELECT seq FROM records WHERE id = ?", behind.ledger.entries().get(0).entityId()));
      long seqAhead = Long.parseLong(scalar(c, "SELECT seq FROM records WHERE id = ?", ahead.ledger.entries().get(0).entityId()));
      long seqExact = Long.parseLong(scalar(c, "SELECT seq FROM records WHERE id = ?", exact.ledger.entries().get(0).entityId()));
      assertTrue(seqBehind < seqAhead && seqAhead < seqExact, "seq in arrival order: " + seqBehind + ", " + seqAhead + ", " + seqExact);
      // device times are kept as metadata; the server's own time records when things happened
      for (Tablet t : List.of(ahead, behind)) {
        long offset = t == ahead ? day.toMillis() : -day.toMillis();
        try (PreparedStatement ps =
            c.prepareStatement("SELECT device_time, changed_at FROM record_history WHERE record_id = ? AND device_id = ?")) {
          ps.setString(1, t.ledger.entries().get(0).entityId());
          ps.setString(2, t.client.deviceId());
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            long deviceTime = rs.getLong(1);
            long changedAt = rs.getLong(2);
            assertTrue(deviceTime >= started + offset - 60_000 && deviceTime <= finished + offset + 60_000, t.name + " device time kept: " + Instant.ofEpochMilli(deviceTime));
            assertTrue(changedAt >= started - 1_000 && changedAt <= finished + 1_000, t.name + " server time used: " + Instant.ofEpochMilli(changedAt));
          }
        }
      }
      String aheadConflict = scalar(c, "SELECT data FROM records WHERE entity_type = 'conflict' AND data LIKE ?", "%" + ahead.client.deviceId() + "%");
      assertNotNull(aheadConflict, "the overruled dose is kept in a conflict record");
      Instant deviceTime = Instant.parse(JsonParser.parseString(aheadConflict).getAsJsonObject().get("deviceTime").getAsString());
      assertTrue(Math.abs(deviceTime.toEpochMilli() - (started + day.toMillis())) < Duration.ofHours(1).toMillis(),
          "the conflict shows the device's own (skewed) time: " + deviceTime);
    }

    for (int round = 0; round < 2; round++) {
      for (Tablet t : List.of(ahead, behind, exact)) {
        t.syncUntilDone();
      }
    }
    Invariants.Counts counts = Invariants.check(Servers.databaseFile(dir.resolve("server")), List.of(ahead.ref(), behind.ref(), exact.ref()));
    ReliabilityReport.record(
        "device clocks +/- 1 day",
        counts,
        "tablets at +1 day, -1 day and exact time edit the same medication line offline and sync in clock order");
    assertTrue(counts.clean(), counts.toString());
    assertEquals(0, counts.duplicated);
    assertEquals(0, counts.lost);
    assertEquals(2, counts.conflicted);
  }

  private JsonObject raw(String body, String token, int expectedStatus) throws IOException {
    Request request =
        new Request.Builder()
            .url(server.url() + "/api/v1/sync/push")
            .header("Nara-Protocol-Version", "1")
            .header("Authorization", "Bearer " + token)
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body().string();
      assertEquals(expectedStatus, response.code(), text);
      return JsonParser.parseString(text).getAsJsonObject();
    }
  }

  private static JsonArray results(FaultProxy.Exchange e) {
    return results(JsonParser.parseString(e.responseText()).getAsJsonObject());
  }

  private static JsonArray results(JsonObject answer) {
    return answer.getAsJsonArray("results");
  }

  private static String batch(JsonObject whole, JsonArray mutations, int from, int to) {
    JsonObject part = whole.deepCopy();
    JsonArray slice = new JsonArray();
    for (int i = from; i < to; i++) {
      slice.add(mutations.get(i));
    }
    part.add("mutations", slice);
    return part.toString();
  }

  /** History rows, mutation log rows, highest sequence. */
  private long[] serverCounts() {
    return server.database().withReader(h -> new long[] {
        h.createQuery("SELECT COUNT(*) FROM record_history").mapTo(Long.class).one(),
        h.createQuery("SELECT COUNT(*) FROM mutation_log").mapTo(Long.class).one(),
        h.createQuery("SELECT MAX(seq) FROM records").mapTo(Long.class).one()});
  }

  private static String status(Connection c, Tablet t, String entityId) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT status FROM mutation_log WHERE device_id = ? AND entity_id = ? ORDER BY mutation_id")) {
      ps.setString(1, t.client.deviceId());
      ps.setString(2, entityId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String scalar(Connection c, String sql, String arg) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String localMeta(Path db, String key) throws Exception {
    try (Connection c = Invariants.open(db)) {
      return scalar(c, "SELECT value FROM meta WHERE key = ?", key);
    }
  }
}
