package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.google.gson.JsonObject;
import java.time.Instant;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/** Findings of the security review: caching of API answers, device takeover, parallel lockout bypass. */
class AuthHardeningApiTest {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

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

  private String cacheControl(Request.Builder request, String token) throws Exception {
    request.header(ProtocolVersion.HEADER, "1");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try (Response response = t.http.newCall(request.build()).execute()) {
      return response.code() + " " + response.header("Cache-Control");
    }
  }

  @Test
  @DisplayName("every /api answer, also an error, says Cache-Control: no-store")
  void apiAnswersAreNotCached() throws Exception {
    String dev = UUID.randomUUID().toString();
    String nurse = t.login("a1", dev);
    String mas = t.login("mas", UUID.randomUUID().toString());
    String url = t.url();
    assertEquals("200 no-store", cacheControl(new Request.Builder().url(url + "/api/v1/sync/pull"), nurse));
    assertEquals("200 no-store", cacheControl(new Request.Builder().url(url + "/api/v1/audit"), mas));
    assertEquals("200 no-store", cacheControl(new Request.Builder().url(url + "/api/v1/sync/push")
        .post(RequestBody.create("{\"deviceId\":\"" + dev + "\",\"mutations\":[],\"outboxDepth\":0}", JSON)), nurse));
    assertEquals("200 no-store", cacheControl(new Request.Builder().url(url + "/api/v1/auth/login")
        .post(RequestBody.create("{\"username\":\"a1\",\"password\":\"" + TestServer.PASSWORD + "\",\"deviceId\":\""
            + UUID.randomUUID() + "\"}", JSON)), null));
    assertEquals("401 no-store", cacheControl(new Request.Builder().url(url + "/api/v1/sync/pull"), "wrong"));
    assertEquals("404 no-store", cacheControl(new Request.Builder().url(url + "/api/v1/nothing-here"), nurse));
  }

  /** Sends all the logins at once (released together) and returns their answers' codes. */
  private List<String> parallelLogins(String username, List<String> passwords) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(passwords.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (String password : passwords) {
        answers.add(pool.submit(() -> {
          go.await();
          Reply r = t.post("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password
              + "\",\"deviceId\":\"" + UUID.randomUUID() + "\"}", null);
          return r.status() == 200 ? "OK" : r.code();
        }));
      }
      go.countDown();
      List<String> codes = new ArrayList<>();
      for (Future<String> f : answers) {
        codes.add(f.get());
      }
      return codes;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("one token refreshed many times at once becomes one new token: a copy replayed alongside its device does not keep a session of its own")
  void parallelRefreshesOfOneTokenIssueOneToken() throws Exception {
    String device = UUID.randomUUID().toString();
    String token = t.login("a1", device);
    assertEquals(200, t.get("/api/v1/sync/pull?limit=1", token).status()); // checked once: later checks may come from memory
    int n = 20;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Reply> answers = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return t.post("/api/v1/auth/refresh", "{}", token);
        }));
      }
      go.countDown();
      for (Future<Reply> f : futures) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    long issued = answers.stream().filter(r -> r.status() == 200).count();
    assertEquals(1, issued, "rotation hands out one successor: " + answers.stream().map(Reply::status).toList());
    for (Reply r : answers) {
      if (r.status() != 200) {
        assertEquals("UNAUTHENTICATED", r.code(), r.body());
      }
    }
    assertEquals(1, t.count("SELECT COUNT(*) FROM tokens WHERE device_id = '" + device + "' AND revoked_at IS NULL"),
        "one live session for the device");
  }

  @Test
  @DisplayName("60 parallel wrong passwords: at most 5 are checked, the rest are ACCOUNT_LOCKED, and the account ends locked")
  void parallelWrongPasswordsLockTheAccount() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      wrong.add("fel" + i);
    }
    List<String> codes = parallelLogins("a2", wrong);
    long checked = codes.stream().filter("INVALID_CREDENTIALS"::equals).count();
    assertTrue(checked <= 5, "checked " + checked + ": " + codes);
    assertEquals(60 - checked, codes.stream().filter("ACCOUNT_LOCKED"::equals).count(), codes.toString());
    assertEquals(5, t.count("SELECT failed_logins FROM staff_accounts WHERE username = 'a2'"));
    assertEquals(1, t.count("SELECT COUNT(*) FROM staff_accounts WHERE username = 'a2' AND locked_until IS NOT NULL"));
    Reply right = t.post("/api/v1/auth/login", "{\"username\":\"a2\",\"password\":\"" + TestServer.PASSWORD
        + "\",\"deviceId\":\"" + UUID.randomUUID() + "\"}", null);
    assertEquals("ACCOUNT_LOCKED", right.code(), "locked also for the right password");
  }

  @Test
  @DisplayName("39 wrong passwords and the right one sent together: at most 5 are checked in all")
  void theRightPasswordHiddenAmongParallelGuessesIsNotCheckedBeyondTheLimit() throws Exception {
    for (int round = 0; round < 5; round++) {
      t.server.database().inWrite(h -> h.execute("UPDATE staff_accounts SET failed_logins = 0, locked_until = NULL WHERE username = 'a2'"));
      List<String> passwords = new ArrayList<>();
      for (int i = 0; i < 39; i++) {
        passwords.add("fel" + i);
      }
      passwords.add(round * 8, TestServer.PASSWORD);
      List<String> codes = parallelLogins("a2", passwords);
      long notLocked = codes.stream().filter(c -> !"ACCOUNT_LOCKED".equals(c)).count();
      // Successes reset the counter, so a few more may be checked after one; never all 40.
      assertTrue(notLocked <= 10, "checked " + notLocked + ": " + codes);
    }
  }

  private Reply login(String username, String device, String secret) throws Exception {
    return t.post("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + TestServer.PASSWORD
        + "\",\"deviceId\":\"" + device + "\"" + (secret == null ? "" : ",\"deviceSecret\":\"" + secret + "\"") + "}", null);
  }

  private JsonObject tick(String token, String device, long n, long base, String state) throws Exception {
    JsonObject fields = new JsonObject();
    fields.addProperty("state", state);
    Mutation m = new Mutation(device, n, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, base, fields, null, Instant.now());
    Reply r = t.post("/api/v1/sync/push", TestServer.json(new PushRequest(device, List.of(m), 0, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  @Test
  @DisplayName("a login naming another's device id without its secret is refused; the holder's numbering and pushes are unaffected")
  void nobodyTakesOverAnotherDevice() throws Exception {
    String device = UUID.randomUUID().toString();
    String secret = "s".repeat(43);
    Reply anna = login("a1", device, secret);
    assertEquals(200, anna.status(), anna.body());
    String annaToken = anna.json().get("token").getAsString();
    assertEquals("APPLIED", tick(annaToken, device, 1, 1, "DONE").get("status").getAsString());

    for (String stolen : new String[] {null, "x".repeat(43), secret.substring(1) + "t"}) {
      Reply maja = login("b1", device, stolen);
      assertEquals(401, maja.status(), maja.body());
      assertEquals("DEVICE_SECRET_MISMATCH", maja.code());
    }
    assertEquals(1, t.count("SELECT COUNT(*) FROM devices WHERE device_id = '" + device + "' AND staff_id = '" + TestServer.NURSE_A1 + "'"),
        "the device stays anna's in her team leader's fleet view");
    assertEquals(0, t.count("SELECT failed_logins FROM staff_accounts WHERE username = 'b1'"), "right password: no failed login");

    JsonObject second = tick(annaToken, device, 2, 2, "NOT_APPLICABLE");
    assertEquals("APPLIED", second.get("status").getAsString(), second.toString());
    assertEquals(1, t.count("SELECT COUNT(*) FROM records WHERE id = '" + TestServer.ITEM_A + "' AND data LIKE '%NOT_APPLICABLE%'"));
    assertEquals(2, t.count("SELECT last_mutation_id FROM devices WHERE device_id = '" + device + "'"));

    // A shared tablet: a colleague signs in on the same database (same secret) and continues its numbering.
    Reply erik = login("a2", device, secret);
    assertEquals(200, erik.status(), erik.body());
    assertEquals(2, erik.json().get("lastMutationId").getAsLong());
    Reply malformed = login("a2", device, "kort");
    assertEquals(400, malformed.status());
    assertEquals("VALIDATION_FAILED", malformed.code());
  }

  @Test
  @DisplayName("a device registered before secrets adopts the one it presents next, and from then on needs it")
  void aDeviceWithoutSecretAdoptsTheFirstOneItPresents() throws Exception {
    String device = UUID.randomUUID().toString();
    assertEquals(200, login("a1", device, null).status());
    assertEquals(200, login("a1", device, null).status(), "no secret registered: as before");
    String secret = UUID.randomUUID().toString().replace("-", "") + "abcdefgh";
    assertEquals(200, login("a1", device, secret).status());
    assertEquals("DEVICE_SECRET_MISMATCH", login("a1", device, null).code());
    assertEquals("DEVICE_SECRET_MISMATCH", login("b1", device, "y".repeat(40)).code());
    assertEquals(200, login("a1", device, secret).status());
    assertEquals(64, t.count("SELECT LENGTH(secret_hash) FROM devices WHERE device_id = '" + device + "'"), "only the hash is kept");
  }

  @Test
  @DisplayName("a successful login is in the access log with its staff member and device")
  void loginIsLogged() throws Exception {
    String device = java.util.UUID.randomUUID().toString();
    t.login("a1", device);
    long logged = t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'LOGIN' AND outcome = 'OK' AND device_id = :d AND staff_id = :s")
        .bind("d", device).bind("s", TestServer.NURSE_A1).mapTo(Long.class).one());
    assertEquals(1, logged);
  }
}
