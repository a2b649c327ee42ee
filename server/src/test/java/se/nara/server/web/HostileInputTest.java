package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/**
 * A seeded barrage of hostile requests against every endpoint: malformed, oversized, wrongly
 * typed, injection-laden (SQL, HTML/script, path traversal), unauthenticated and cross-team.
 * Every answer must be a documented JSON error (or a clean 200), never a 5xx; nothing may leak
 * whether another team's data exists; and every rejected request leaves the database as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  static final long SEED = 20261123L;
  static final int REQUESTS = 600;

  @TempDir static Path dir;
  TestServer t;
  String nurseA;
  String devA;
  String leadA;
  String nurseB;
  String mas;
  String admin;
  String conflictB;

  static final String[] NASTY = {
    "", " ", "null", "0", "-1", "9999999999999999999999", "1e308", "NaN", "true", "[]", "{}",
    "' OR '1'='1", "'; DROP TABLE records; --", "\" OR 1=1 --", "1; DELETE FROM audit_log",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "\u0000", "\uFFFF", "𝕹𝖆𝖗𝖆", "ÅÄÖ åäö",
    "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "${jndi:ldap://x/a}",
    "%s%s%s%n", "\\\\", "\r\nX-Injected: 1", "x".repeat(25_000),
  };

  @BeforeAll
  void start() throws Exception {
    t = TestServer.start(dir);
    devA = UUID.randomUUID().toString();
    nurseA = t.login("a1", devA);
    leadA = t.login("lead", UUID.randomUUID().toString());
    String devB = UUID.randomUUID().toString();
    nurseB = t.login("b1", devB);
    mas = t.login("mas", UUID.randomUUID().toString());
    admin = t.login("svu", UUID.randomUUID().toString());
    // a conflict in team B that team A must never learn about
    String devB2 = UUID.randomUUID().toString();
    String nurseB2 = t.login("b1", devB2);
    t.post("/api/v1/sync/push", push(devB, 1, "checklist_item", TestServer.ITEM_B, "UPDATE", 1, "{\"note\":\"a\",\"state\":\"DONE\"}"), nurseB);
    Reply r = t.post("/api/v1/sync/push", push(devB2, 1, "checklist_item", TestServer.ITEM_B, "UPDATE", 1, "{\"state\":\"NOT_APPLICABLE\"}"), nurseB2);
    conflictB = r.json().getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("conflictIds").get(0).getAsString();
  }

  @AfterAll
  void stop() {
    t.close();
  }

  static String push(String device, long n, String type, String id, String op, long base, String fields) {
    return "{\"deviceId\":\"" + device + "\",\"outboxDepth\":1,\"mutations\":[{\"deviceId\":\"" + device + "\",\"mutationId\":" + n
        + ",\"entityType\":\"" + type + "\",\"entityId\":\"" + id + "\",\"op\":\"" + op + "\",\"baseVersion\":" + base
        + ",\"fields\":" + fields + ",\"deviceTime\":\"2026-11-23T08:00:00Z\"}]}";
  }

  /** Everything a rejected request must not change (audit log and failed-login counters excluded: they record the attempt). */
  private String snapshot() {
    return t.server.database().withReader(h -> String.join("|",
        h.createQuery("SELECT id || ':' || version || ':' || seq || ':' || tombstone || ':' || data FROM records ORDER BY id").mapTo(String.class).list().toString(),
        h.createQuery("SELECT COUNT(*) FROM record_history").mapTo(String.class).one(),
        h.createQuery("SELECT COUNT(*) FROM mutation_log").mapTo(String.class).one(),
        h.createQuery("SELECT device_id || ':' || last_mutation_id || ':' || COALESCE(revoked_at, 0) FROM devices ORDER BY device_id").mapTo(String.class).list().toString(),
        h.createQuery("SELECT patient_id || ':' || team_id || ':' || COALESCE(ended_at, 0) FROM care_relationships ORDER BY 1").mapTo(String.class).list().toString(),
        h.createQuery("SELECT COUNT(*) FROM sparrar").mapTo(String.class).one(),
        h.createQuery("SELECT staff_id || ':' || password_hash || ':' || active FROM staff_accounts ORDER BY 1").mapTo(String.class).list().toString()));
  }

  private static String nasty(Random r) {
    return NASTY[r.nextInt(NASTY.length)];
  }

  private static String quoted(String s) {
    return new com.google.gson.JsonPrimitive(s).toString();
  }

  /** A random hostile value: wrong JSON kind, nasty string, huge or deep structure. */
  private static String value(Random r) {
    switch (r.nextInt(8)) {
      case 0: return quoted(nasty(r));
      case 1: return Long.toString(r.nextLong());
      case 2: return "[" + quoted(nasty(r)) + ", 1, null, {}]";
      case 3: return "{\"" + nasty(r).replace("\"", "") + "\": " + quoted(nasty(r)) + "}";
      case 4: return "[".repeat(40) + "]".repeat(40);
      case 5: return r.nextBoolean() ? "true" : "null";
      case 6: return "1.5e999";
      default: return quoted("x".repeat(1 + r.nextInt(30_000)));
    }
  }

  /** One hostile request. */
  record Attack(String description, Request request) {}

  private Attack attack(Random r) {
    String token = new String[] {nurseA, leadA, nurseB, mas, admin, null, "garbage-token", "Bearer x"}[r.nextInt(8)];
    int endpoint = r.nextInt(13);
    String body;
    String path;
    String method = "POST";
    switch (endpoint) {
      case 0 -> {
        path = "/api/v1/auth/login";
        body = "{\"username\":" + value(r) + ",\"password\":" + value(r) + ",\"deviceId\":" + value(r) + "}";
        token = null;
      }
      case 1 -> {
        path = "/api/v1/sync/push";
        String type = r.nextBoolean() ? new String[] {"checklist_item", "medication_line", "patient", "conflict", "audit_entry", "visit"}[r.nextInt(6)] : nasty(r);
        String id = r.nextBoolean() ? new String[] {TestServer.ITEM_A, TestServer.ITEM_B, TestServer.LINE_A, UUID.randomUUID().toString()}[r.nextInt(4)] : nasty(r);
        String fields = "{\"" + new String[] {"state", "note", "dose", "id", "version", "patientId", nasty(r).replace("\"", "")}[r.nextInt(7)] + "\":" + value(r) + "}";
        body = r.nextInt(4) == 0 ? value(r)
            : push(r.nextBoolean() ? devA : nasty(r).replace("\"", ""), r.nextInt(3) - 1, type.replace("\"", ""), id.replace("\"", ""),
                new String[] {"CREATE", "UPDATE", "ENTERED_IN_ERROR", "DELETE", ""}[r.nextInt(5)], r.nextInt(5) - 1, fields);
      }
      case 2 -> {
        method = "GET";
        path = r.nextInt(3) == 0 ? "/api/v1/sync/verify?cursor=" + enc(nasty(r))
            : "/api/v1/sync/pull?cursor=" + enc(nasty(r)) + "&limit=" + enc(nasty(r));
        body = null;
      }
      case 3 -> {
        method = "GET";
        path = "/api/v1/review/conflicts?team=" + enc(r.nextBoolean() ? TestServer.TEAM_B : nasty(r)) + "&kind=" + enc(nasty(r)) + "&minAgeHours=" + enc(nasty(r));
        body = null;
      }
      case 4 -> {
        path = "/api/v1/review/conflicts/" + (r.nextBoolean() ? conflictB : enc(nasty(r))) + "/resolve";
        body = "{\"choice\":" + value(r) + ",\"value\":" + value(r) + ",\"note\":" + value(r) + "}";
      }
      case 5 -> {
        path = "/api/v1/svu/messages";
        body = "{\"episodeId\":" + value(r) + ",\"type\":" + value(r) + ",\"eventTime\":" + value(r) + "}";
      }
      case 6 -> {
        path = "/api/v1/devices/" + enc(nasty(r)) + "/revoke";
        body = "{}";
      }
      case 7 -> {
        path = "/api/v1/admin/" + (r.nextBoolean() ? "sparr" : "care-relationships/end");
        body = "{\"patientId\":" + value(r) + ",\"teamId\":" + value(r) + "}";
      }
      case 8 -> {
        method = "GET";
        path = "/api/v1/audit?patient=" + enc(nasty(r)) + "&from=" + enc(nasty(r)) + "&sample=" + enc(nasty(r))
            + (r.nextBoolean() ? "&action=" + enc(r.nextBoolean() ? "EMERGENCY_ACCESS" : nasty(r)) : "")
            + (r.nextBoolean() ? "&cursor=" + enc(nasty(r)) : "") + (r.nextBoolean() ? "&limit=" + enc(nasty(r)) : "");
        body = null;
      }
      case 9 -> {
        path = "/api/v1/auth/refresh";
        body = value(r);
      }
      case 10 -> {
        path = "/api/v1/sync/recovery";
        String record = "{\"type\":" + (r.nextBoolean() ? quoted(new String[] {"checklist_item", "conflict", "team", "audit_entry"}[r.nextInt(4)]) : value(r))
            + ",\"id\":" + (r.nextBoolean() ? quoted(new String[] {TestServer.ITEM_A, TestServer.ITEM_B, TestServer.TEAM_B}[r.nextInt(3)]) : value(r))
            + ",\"version\":" + value(r) + ",\"patientId\":" + (r.nextBoolean() ? quoted(TestServer.PATIENT_B) : value(r))
            + ",\"tombstone\":" + value(r) + ",\"data\":" + (r.nextBoolean() ? "{\"state\":" + value(r) + "}" : value(r)) + "}";
        body = r.nextInt(4) == 0 ? value(r)
            : "{\"deviceId\":" + (r.nextBoolean() ? quoted(devA) : value(r)) + ",\"lastMutationId\":" + value(r)
                + ",\"records\":[" + record + "]}";
      }
      case 11 -> {
        path = "/api/v1/access/emergency";
        body = r.nextInt(4) == 0 ? value(r)
            : "{\"personnummer\":" + (r.nextBoolean() ? quoted(EmergencyAccessApiTest.PNR_A) : value(r))
                + ",\"reason\":" + (r.nextBoolean() ? quoted(EmergencyAccessApiTest.REASON) : value(r)) + "}";
      }
      default -> {
        method = r.nextBoolean() ? "GET" : "DELETE";
        path = "/api/v1/" + enc(nasty(r));
        body = null;
      }
    }
    Request.Builder b = new Request.Builder().url(t.url() + path);
    int headerMode = r.nextInt(10);
    if (headerMode != 0) {
      b.header("Nara-Protocol-Version", headerMode == 1 ? "2" : headerMode == 2 ? "1; DROP TABLE x" : "1");
    }
    if (token != null) {
      b.header("Authorization", token.startsWith("Bearer") || token.equals("garbage-token") ? token : "Bearer " + token);
    }
    MediaType type = MediaType.get(r.nextInt(12) == 0 ? "text/plain" : "application/json");
    if (method.equals("POST")) {
      b.post(RequestBody.create(body == null ? "" : body, type));
    } else if (method.equals("DELETE")) {
      b.delete();
    } else {
      b.get();
    }
    return new Attack(method + " " + path + " " + (body == null ? "" : body.substring(0, Math.min(200, body.length()))), b.build());
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s.length() > 300 ? s.substring(0, 300) : s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("600 seeded hostile requests: no 5xx, documented codes, no cross-team leak, database unchanged by every rejection")
  void hostileRequests() throws Exception {
    Random r = new Random(SEED);
    Set<String> codes = new HashSet<>();
    for (ErrorCode c : EnumSet.allOf(ErrorCode.class)) {
      codes.add(c.name());
    }
    List<String> statuses = new ArrayList<>();
    int rejected = 0;
    for (int i = 0; i < REQUESTS; i++) {
      Attack attack = attack(r);
      String before = snapshot();
      Reply reply = t.send(attack.request());
      statuses.add(Integer.toString(reply.status()));
      assertTrue(reply.status() < 500, "request " + i + " got " + reply.status() + ": " + attack.description() + " -> " + reply.body());
      if (reply.status() >= 400) {
        rejected++;
        assertNotNull(reply.json(), "request " + i + " error is JSON: " + reply.body());
        assertTrue(codes.contains(reply.code()), "request " + i + " has a documented code: " + reply.body());
        assertTrue(reply.json().has("message") && !reply.body().contains("Exception") && !reply.body().contains("\tat "),
            "request " + i + " leaks no stack trace: " + reply.body());
        assertEquals(before, snapshot(), "request " + i + " was rejected but changed the database: " + attack.description());
      } else if (attack.request().url().encodedPath().endsWith("/sync/push")) {
        for (JsonElement result : reply.json().getAsJsonArray("results")) {
          JsonObject o = result.getAsJsonObject();
          assertTrue(!"APPLIED".equals(o.get("status").getAsString()) || !o.get("entityId").getAsString().equals(TestServer.ITEM_B),
              "team A must never change team B's item");
        }
      }
    }
    assertTrue(rejected > REQUESTS / 2, "the barrage is mostly hostile: " + rejected + " rejected");
    System.out.println("hostile input: " + REQUESTS + " requests, " + rejected + " rejected, statuses " + new java.util.TreeMap<>(
        statuses.stream().collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()))));
  }

  @Test
  @DisplayName("another team's conflict, device and records answer exactly like ones that do not exist")
  void noExistenceLeakAcrossTeams() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurse = t.login("a1", dev);
    String leadA = t.login("lead", UUID.randomUUID().toString()); // the barrage may have refreshed the other token
    Reply theirs = t.post("/api/v1/review/conflicts/" + conflictB + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", leadA);
    Reply none = t.post("/api/v1/review/conflicts/" + UUID.randomUUID() + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", leadA);
    assertEquals(none.status(), theirs.status());
    assertEquals(none.code(), theirs.code());
    assertEquals(none.json().get("message"), theirs.json().get("message"));
    Reply theirItem = t.post("/api/v1/sync/push", push(dev, 1, "checklist_item", TestServer.ITEM_B, "UPDATE", 1, "{\"note\":\"x\"}"), nurse);
    Reply noItem = t.post("/api/v1/sync/push", push(dev, 2, "checklist_item", UUID.randomUUID().toString(), "UPDATE", 1, "{\"note\":\"x\"}"), nurse);
    assertEquals(200, theirItem.status(), theirItem.body());
    assertEquals(200, noItem.status(), noItem.body());
    JsonArray a = theirItem.json().getAsJsonArray("results");
    JsonArray b = noItem.json().getAsJsonArray("results");
    assertEquals(b.get(0).getAsJsonObject().get("code"), a.get(0).getAsJsonObject().get("code"));
    Reply queue = t.get("/api/v1/review/conflicts", leadA);
    assertEquals(200, queue.status(), queue.body());
    assertEquals(0, queue.json().getAsJsonArray("conflicts").size(),
        "team B's conflict is not in team A's queue");
  }

  /** Sends {@code request} as raw bytes (optionally closing the sending side) and reads the whole answer. */
  private String raw(String request, boolean closeAfterSending) throws Exception {
    java.net.URI server = java.net.URI.create(t.url());
    try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      if (closeAfterSending) {
        socket.shutdownOutput();
      }
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private String pushHead() throws Exception {
    String token = t.login("a1", UUID.randomUUID().toString());
    return "POST /api/v1/sync/push HTTP/1.1\r\nHost: localhost\r\nNara-Protocol-Version: 1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/json\r\n";
  }

  @Test
  @DisplayName("a body cut off before its declared length, or badly chunked, is a 400 MALFORMED_REQUEST logged without an error")
  void unreadableBodies() throws Exception {
    String head = pushHead();
    try (se.nara.server.LogCapture log = se.nara.server.LogCapture.start()) {
      String cut = raw(head + "Content-Length: 100\r\n\r\n{\"devic", true);
      String chunked = raw(head + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n", false);
      for (String answer : List.of(cut, chunked)) {
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("\"code\":\"MALFORMED_REQUEST\""), answer);
      }
      assertEquals(List.of(), log.errors());
      assertTrue(!log.hasStackTrace(), log.text());
    }
  }

  @Test
  @DisplayName("a body declared larger than the limit is refused at once with a JSON 413, not after a 30 s wait")
  void declaredTooLarge() throws Exception {
    long started = System.nanoTime();
    String answer = raw(pushHead() + "Content-Length: " + (WebServer.MAX_REQUEST_BYTES + 1) + "\r\n\r\n{}", false);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
    assertTrue(seconds < 10, "answered without waiting for the body: " + seconds + " s");
  }
}
