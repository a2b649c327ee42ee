package se.nara.server.web.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.LogCapture;
import se.nara.server.TestServer;

/** The team leader page's JSON endpoints against damaged data and badly formed requests. */
class TeamLeadEdgeTest {
  static final String API = "/teamledare/api";
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  @TempDir Path dir;
  TestServer t;

  record Session(String cookie, String csrf) {}

  record Answer(int status, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    String code() {
      return json().get("code").getAsString();
    }
  }

  @BeforeEach
  void start() {
    t = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  Answer send(String method, String path, String body, Session s) throws IOException {
    Request.Builder r = new Request.Builder().url(t.url() + path);
    if (method.equals("POST")) {
      r.post(RequestBody.create(body, JSON));
    }
    if (s != null) {
      r.header("Cookie", s.cookie());
      r.header(TeamLeadRoutes.CSRF_HEADER, s.csrf());
    }
    try (Response response = t.http.newCall(r.build()).execute()) {
      String text = response.body().string();
      if (path.endsWith("/login") && response.code() == 200) {
        String cookie = response.headers().get("Set-Cookie");
        lastSession = new Session(cookie.substring(0, cookie.indexOf(';')),
            JsonParser.parseString(text).getAsJsonObject().get("csrfToken").getAsString());
      }
      return new Answer(response.code(), text);
    }
  }

  Session lastSession;

  Session login() throws IOException {
    Answer a = send("POST", API + "/login", "{\"username\":\"lead\",\"password\":\"" + TestServer.PASSWORD + "\"}", null);
    assertEquals(200, a.status(), a.body());
    return lastSession;
  }

  /** A conflict on ITEM_A made by two tablets' pushes; its id. */
  String pushedConflict() throws Exception {
    String dev1 = UUID.randomUUID().toString();
    String nurse1 = t.login("a1", dev1);
    String dev2 = UUID.randomUUID().toString();
    String nurse2 = t.login("a2", dev2);
    JsonObject done = new JsonObject();
    done.addProperty("state", "DONE");
    JsonObject na = new JsonObject();
    na.addProperty("state", "NOT_APPLICABLE");
    t.post("/api/v1/sync/push", json(new PushRequest(dev1, List.of(
        new Mutation(dev1, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, done, null, Instant.now())), 1, null)), nurse1);
    TestServer.Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev2, List.of(
        new Mutation(dev2, 1, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, na, null, Instant.now())), 1, null)), nurse2);
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("conflictIds").get(0).getAsString();
  }

  @Test
  void oneUnreadableStoredConflictLeavesTheConflictsFleetAndAutoResolvedViewsStanding() throws Exception {
    String good = pushedConflict();
    String bad = pushedConflict();
    t.server.database().inWrite(h -> h.createUpdate("UPDATE records SET data = json_set(data, '$.fields', json('[{\"a\":1}]')) WHERE id = :id")
        .bind("id", bad).execute());
    Session s = login();
    try (LogCapture log = LogCapture.start()) {
      Answer conflicts = send("GET", API + "/conflicts", null, s);
      assertEquals(200, conflicts.status(), conflicts.body());
      assertTrue(conflicts.body().contains(good), conflicts.body());
      assertFalse(conflicts.body().contains(bad), conflicts.body());
      Answer fleet = send("GET", API + "/fleet", null, s);
      assertEquals(200, fleet.status(), fleet.body());
      Answer auto = send("GET", API + "/auto-resolved", null, s);
      assertEquals(200, auto.status(), auto.body());
      assertFalse(auto.body().contains(bad), auto.body());
      assertEquals(List.of(), log.errors());
    }
  }

  @Test
  void thePagesJsonIsReadStrictly() throws Exception {
    for (String lenient : new String[] {"{username:lead;password:" + TestServer.PASSWORD + "}",
        "{'username':'lead','password':'" + TestServer.PASSWORD + "'}", "{\"username\":\"lead\",\"password\":\""
        + TestServer.PASSWORD + "\"} trailing", "[1]"}) {
      Answer a = send("POST", API + "/login", lenient, null);
      assertEquals(400, a.status(), lenient + ": " + a.body());
      assertEquals("MALFORMED_REQUEST", a.code());
    }
    login();
  }

  @Test
  void logoutRefusesAGarbageBodyButTakesNoneOrAnObject() throws Exception {
    Session s = login();
    Answer garbage = send("POST", API + "/logout", "garbage", s);
    assertEquals(400, garbage.status(), garbage.body());
    assertEquals("MALFORMED_REQUEST", garbage.code());
    assertEquals(200, send("GET", API + "/session", null, s).status(), "still signed in");
    assertEquals(200, send("POST", API + "/logout", "{}", s).status());
    Session again = login();
    assertEquals(200, send("POST", API + "/logout", "", again).status());
  }

  @Test
  void aSeenVersionAboveTheRecordsIsRefusedOnThePageToo() throws Exception {
    String conflict = pushedConflict();
    Session s = login();
    Answer a = send("POST", API + "/conflicts/" + conflict + "/resolve", "{\"choice\":\"TAKE_DEVICE\",\"seenVersion\":999}", s);
    assertEquals(400, a.status(), a.body());
    assertEquals("seenVersion", a.json().getAsJsonObject("details").get("field").getAsString());
  }
}
