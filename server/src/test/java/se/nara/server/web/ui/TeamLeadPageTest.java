package se.nara.server.web.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.rules.PaymentResponsibility;
import se.nara.server.teamlead.DischargeFigures;

/** The team leader's page and its JSON endpoints over real HTTP, with a browser's cookie and CSRF header. */
class TeamLeadPageTest {
  static final String API = "/teamledare/api";
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  @TempDir Path dir;
  TestServer t;
  String devA1;
  String tokenA1;
  long nA1;

  /** A browser's session: the cookie the server set and the CSRF token it handed out. */
  record Session(String cookie, String csrf) {}

  /** An HTTP answer with its headers. */
  record Answer(int status, Headers headers, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    String code() {
      return json().get("code").getAsString();
    }
  }

  @BeforeEach
  void start() throws Exception {
    t = TestServer.start(dir);
    devA1 = UUID.randomUUID().toString();
    tokenA1 = t.login("a1", devA1);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  // --- helpers ---------------------------------------------------------------------------------

  Answer send(String method, String path, String body, Session s, Map<String, String> headers) throws IOException {
    Request.Builder r = new Request.Builder().url(t.url() + path);
    if (method.equals("POST")) {
      r.post(RequestBody.create(body, JSON));
    }
    if (s != null) {
      r.header("Cookie", s.cookie());
      if (s.csrf() != null) {
        r.header(TeamLeadRoutes.CSRF_HEADER, s.csrf());
      }
    }
    headers.forEach(r::header);
    try (Response response = t.http.newCall(r.build()).execute()) {
      return new Answer(response.code(), response.headers(), response.body().string());
    }
  }

  Answer get(String path, Session s) throws IOException {
    return send("GET", path, null, s, Map.of());
  }

  Answer post(String path, String body, Session s) throws IOException {
    return send("POST", path, body, s, Map.of());
  }

  Answer loginAnswer(String user, String password) throws IOException {
    return post(API + "/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", null);
  }

  Session login(String user) throws IOException {
    Answer a = loginAnswer(user, TestServer.PASSWORD);
    assertEquals(200, a.status(), a.body());
    String setCookie = a.headers().get("Set-Cookie");
    return new Session(setCookie.substring(0, setCookie.indexOf(';')), a.json().get("csrfToken").getAsString());
  }

  JsonObject push(String token, String dev, long n, String id, MutationOp op, long base, JsonObject fields) throws IOException {
    Mutation m = new Mutation(dev, n, "visit", id, op, base, fields, null, Instant.now());
    TestServer.Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(m), 1, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  /** A completed visit created by a tablet of {@code token}, planned for now. */
  /** The time zone the page's "today" is in. */
  static final java.time.ZoneId SWEDEN = se.nara.server.teamlead.DischargeFigures.SKANE.zone();

  String tabletVisit(String token, String dev, long n, String patient, String team, String note) throws IOException {
    String id = UUID.randomUUID().toString();
    JsonObject f = new JsonObject();
    f.addProperty("patientId", patient);
    f.addProperty("teamId", team);
    f.addProperty("visitType", "FOLLOW_UP");
    f.addProperty("status", "COMPLETED");
    // Half an hour, ending now, but never before midnight in Sweden: the page lists today's visits.
    Instant now = Instant.now();
    Instant midnight = java.time.LocalDate.now(SWEDEN).atStartOfDay(SWEDEN).toInstant();
    Instant start = now.minusSeconds(1800).isBefore(midnight) ? midnight : now.minusSeconds(1800);
    f.addProperty("plannedStart", start.toString());
    f.addProperty("plannedEnd", start.plusSeconds(1800).toString());
    f.addProperty("note", note);
    f.addProperty("reviewState", "NOT_REVIEWED");
    JsonObject result = push(token, dev, n, id, MutationOp.CREATE, 0, f);
    assertEquals("APPLIED", result.get("status").getAsString(), result.toString());
    return id;
  }

  JsonObject record(String id) {
    String data = t.server.database().withReader(h -> h.createQuery("SELECT data FROM records WHERE id = :id").bind("id", id).mapTo(String.class).one());
    return JsonParser.parseString(data).getAsJsonObject();
  }

  long version(String id) {
    return t.server.database().withReader(h -> h.createQuery("SELECT version FROM records WHERE id = :id").bind("id", id).mapTo(Long.class).one());
  }

  JsonObject visitIn(Answer list, String id) {
    for (JsonElement e : list.json().getAsJsonArray("visits")) {
      if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
        return e.getAsJsonObject();
      }
    }
    return null;
  }

  static String reviewBody(String decision, long version) {
    return "{\"decision\":\"" + decision + "\",\"version\":" + version + "}";
  }

  // --- the page itself -------------------------------------------------------------------------

  @Test
  @DisplayName("the page is served with a strict CSP, no inline script, and a script that never writes HTML")
  void strictPage() throws Exception {
    Answer page = get("/teamledare", null);
    assertEquals(200, page.status());
    assertTrue(page.headers().get("Content-Type").startsWith("text/html"));
    String csp = page.headers().get("Content-Security-Policy");
    assertEquals(TeamLeadRoutes.CSP, csp);
    assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'") && !csp.contains("unsafe"));
    assertEquals("nosniff", page.headers().get("X-Content-Type-Options"));
    assertFalse(page.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script");
    assertFalse(page.body().contains("style="), "no inline style");
    assertTrue(page.body().contains("lang=\"sv\""));

    Answer js = get("/teamledare/app.js", null);
    assertEquals(200, js.status());
    assertTrue(js.headers().get("Content-Type").startsWith("text/javascript"));
    for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")) {
      assertFalse(js.body().contains(sink), "app.js must not use " + sink);
    }
    assertEquals(200, get("/teamledare/app.css", null).status());

    Answer unauthenticated = get(API + "/visits", null);
    assertEquals(401, unauthenticated.status());
    assertEquals("UNAUTHENTICATED", unauthenticated.code());
    assertEquals(TeamLeadRoutes.CSP, unauthenticated.headers().get("Content-Security-Policy"), "errors carry the CSP too");
  }

  @Test
  @DisplayName("the server's own address, opened in a browser, leads to the team leader page")
  void theRootLeadsToThePage() throws Exception {
    try (Response r = t.http.newBuilder().followRedirects(false).build()
        .newCall(new Request.Builder().url(t.url() + "/").build()).execute()) {
      assertEquals(302, r.code());
      assertEquals("/teamledare/", r.header("Location"));
    }
    try (Response followed = t.http.newCall(new Request.Builder().url(t.url() + "/").build()).execute()) {
      assertEquals(200, followed.code());
      assertTrue(followed.body().string().contains("lang=\"sv\""), "the page itself");
    }
  }

  // --- authentication --------------------------------------------------------------------------

  @Test
  @DisplayName("a team leader's login sets an HttpOnly, SameSite=Strict cookie and hands out a CSRF token")
  void teamLeaderLogin() throws Exception {
    Answer a = loginAnswer("lead", TestServer.PASSWORD);
    assertEquals(200, a.status(), a.body());
    String cookie = a.headers().get("Set-Cookie");
    assertTrue(cookie.startsWith(TeamLeadRoutes.SESSION_COOKIE + "="), cookie);
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/teamledare"), cookie);
    JsonObject session = a.json();
    assertEquals("Karin Ledare", session.get("name").getAsString());
    assertFalse(session.get("csrfToken").getAsString().isEmpty());
    assertFalse(a.body().contains(cookie.substring(TeamLeadRoutes.SESSION_COOKIE.length() + 1, cookie.indexOf(';'))),
        "the token itself never reaches page scripts");
    JsonArray teams = session.getAsJsonArray("teams");
    assertEquals(1, teams.size());
    assertEquals("Hemtagningsteam Malmö", teams.get(0).getAsJsonObject().get("name").getAsString());

    Session s = login("lead");
    Answer again = get(API + "/session", s);
    assertEquals(200, again.status());
    assertEquals(s.csrf(), again.json().get("csrfToken").getAsString(), "one CSRF token per session");

    assertEquals(401, loginAnswer("lead", "fel").status());
    assertEquals("INVALID_CREDENTIALS", loginAnswer("lead", "fel").code());
  }

  @Test
  @DisplayName("the page's API answers its errors in Swedish like its other messages, with the same codes; /api/v1 keeps its English")
  void errorsInSwedish() throws Exception {
    Session s = login("lead");
    Answer unknown = get(API + "/finns-inte", s);
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("NOT_FOUND", unknown.code());
    assertEquals("Det finns ingen sådan sida eller funktion: " + API + "/finns-inte", unknown.json().get("message").getAsString());
    Answer method = get(API + "/login", s);
    assertEquals(405, method.status(), method.body());
    assertEquals("METHOD_NOT_ALLOWED", method.code());
    assertEquals("Metoden GET går inte att använda på " + API + "/login.", method.json().get("message").getAsString());
    Answer wrong = loginAnswer("lead", "fel");
    assertEquals("INVALID_CREDENTIALS", wrong.code());
    assertEquals("Fel användarnamn eller lösenord.", wrong.json().get("message").getAsString());
    Answer unknownUser = loginAnswer("ingen-sadan", "fel");
    assertEquals(wrong.body(), unknownUser.body(), "an unknown user is answered exactly like a wrong password");
    Answer empty = post(API + "/login", "{\"username\":\"lead\"}", null);
    assertEquals(400, empty.status(), empty.body());
    assertEquals("password", empty.json().getAsJsonObject("details").get("field").getAsString());
    assertEquals("Fyll i lösenord.", empty.json().get("message").getAsString());
    post(API + "/logout", "{}", s);
    Answer expired = get(API + "/visits", s);
    assertEquals(401, expired.status());
    assertEquals("UNAUTHENTICATED", expired.code());
    assertEquals("Sessionen har gått ut. Logga in igen.", expired.json().get("message").getAsString());
    for (Answer a : List.of(unknown, method, wrong, empty, expired)) {
      String message = a.json().get("message").getAsString();
      assertFalse(message.matches("(?s).*\\b(not|no such|wrong|Endpoint|Method|sign in|token)\\b.*"), "no English: " + message);
    }

    // The tablets' API keeps its messages for developers, and its codes.
    TestServer.Reply api = t.post("/api/v1/auth/login", "{\"username\":\"a1\",\"password\":\"fel\",\"deviceId\":\"" + devA1 + "\"}", null);
    assertEquals("INVALID_CREDENTIALS", api.code());
    assertEquals("wrong username or password", api.json().get("message").getAsString());
  }

  /** The page device cookie ({@code name=id.secret}) a page login set. */
  static String deviceCookie(Answer a) {
    for (String c : a.headers().values("Set-Cookie")) {
      if (c.startsWith(TeamLeadRoutes.DEVICE_COOKIE + "=")) {
        return c.substring(0, c.indexOf(';'));
      }
    }
    throw new AssertionError("no device cookie: " + a.headers());
  }

  @Test
  @DisplayName("the page signs in as a random device of its browser with its own secret: nobody can predict it, sign in as it or lock the page out by revoking it")
  void pageDeviceIsRandomPerBrowser() throws Exception {
    Answer first = loginAnswer("lead", TestServer.PASSWORD);
    assertEquals(200, first.status(), first.body());
    String cookie = deviceCookie(first);
    assertTrue(first.headers().values("Set-Cookie").stream()
        .anyMatch(c -> c.startsWith(TeamLeadRoutes.DEVICE_COOKIE) && c.contains("HttpOnly") && c.contains("SameSite=Strict")));
    String device = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf('.'));
    String predictable = UUID.nameUUIDFromBytes(("nara-teamledare-web:lead").getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    assertNotEquals(predictable, device);
    assertEquals(0, t.count("SELECT COUNT(*) FROM devices WHERE device_id = '" + predictable + "'"));

    // The same browser signs in again as the same device; another browser gets another one.
    Answer again = send("POST", API + "/login", "{\"username\":\"lead\",\"password\":\"" + TestServer.PASSWORD + "\"}", null,
        Map.of("Cookie", cookie));
    assertEquals(200, again.status(), again.body());
    assertEquals(cookie, deviceCookie(again));
    assertNotEquals(cookie, deviceCookie(loginAnswer("lead", TestServer.PASSWORD)));

    // Knowing the id (the fleet view shows it) is not enough to sign in as it.
    TestServer.Reply stolen = t.post("/api/v1/auth/login",
        "{\"username\":\"a1\",\"password\":\"" + TestServer.PASSWORD + "\",\"deviceId\":\"" + device + "\"}", null);
    assertEquals("DEVICE_SECRET_MISMATCH", stolen.code());

    // Revoked (by a team leader from the fleet view): the browser's next sign-in gets a new device.
    String leadToken = t.login("lead", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/devices/" + device + "/revoke", "{}", leadToken).status());
    Answer afterRevoke = send("POST", API + "/login", "{\"username\":\"lead\",\"password\":\"" + TestServer.PASSWORD + "\"}", null,
        Map.of("Cookie", cookie));
    assertEquals(200, afterRevoke.status(), afterRevoke.body());
    assertNotEquals(cookie, deviceCookie(afterRevoke));
  }

  @Test
  @DisplayName("a nurse cannot use the page: 403 at login, and her API token does not work as a page cookie")
  void nurseGets403() throws Exception {
    Answer a = loginAnswer("a1", TestServer.PASSWORD);
    assertEquals(403, a.status(), a.body());
    assertEquals("FORBIDDEN", a.code());
    assertNull(a.headers().get("Set-Cookie"), "no session for a nurse");

    Session borrowed = new Session(TeamLeadRoutes.SESSION_COOKIE + "=" + tokenA1, null);
    Answer visits = get(API + "/visits", borrowed);
    assertEquals(403, visits.status());
    assertEquals("FORBIDDEN", visits.code());
  }

  @Test
  @DisplayName("the MAS is refused the page and told where her tools are: the log review and the follow-ups")
  void masIsToldWhereHerToolsAre() throws Exception {
    Answer a = loginAnswer("mas", TestServer.PASSWORD);
    assertEquals(403, a.status(), a.body());
    assertEquals("FORBIDDEN", a.code());
    assertNull(a.headers().get("Set-Cookie"), "no session for the MAS");
    String message = a.json().get("message").getAsString();
    assertTrue(message.startsWith("Sidan är bara för teamledare."), message);
    for (String tool : List.of("loggkontroll", "/api/v1/audit", "/api/v1/review/conflicts", "/api/v1/review/follow-ups")) {
      assertTrue(message.contains(tool), tool + " in: " + message);
    }
    assertEquals("Sidan är bara för teamledare.", loginAnswer("a1", TestServer.PASSWORD).json().get("message").getAsString(),
        "a nurse is not sent to the MAS's tools");
  }

  @Test
  @DisplayName("signing out revokes the session token at once")
  void logout() throws Exception {
    Session s = login("lead");
    Answer out = post(API + "/logout", "{}", s);
    assertEquals(200, out.status(), out.body());
    assertTrue(out.headers().get("Set-Cookie").contains("Max-Age=0"));
    assertEquals(401, get(API + "/session", s).status());
  }

  // --- CSRF --------------------------------------------------------------------------------------

  @Test
  @DisplayName("a POST without the CSRF token, with a wrong one, from another origin or not as JSON is refused and changes nothing")
  void csrf() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Allt väl");
    Session s = login("lead");
    String path = API + "/visits/" + visit + "/review";
    String body = reviewBody("REVIEWED", 1);

    Answer missing = post(path, body, new Session(s.cookie(), null));
    assertEquals(403, missing.status(), missing.body());
    assertEquals("FORBIDDEN", missing.code());
    assertEquals("CSRF", missing.json().getAsJsonObject("details").get("reason").getAsString());

    Answer wrong = post(path, body, new Session(s.cookie(), "x" + s.csrf()));
    assertEquals(403, wrong.status());

    Session other = login("lead");
    Answer otherSessions = post(path, body, new Session(s.cookie(), other.csrf()));
    assertEquals(403, otherSessions.status(), "a token of another session does not fit");

    Answer crossSite = send("POST", path, body, s, Map.of("Origin", "https://evil.example"));
    assertEquals(403, crossSite.status());
    Answer fetchMeta = send("POST", path, body, s, Map.of("Sec-Fetch-Site", "cross-site"));
    assertEquals(403, fetchMeta.status());

    Request form = new Request.Builder().url(t.url() + path).header("Cookie", s.cookie()).header(TeamLeadRoutes.CSRF_HEADER, s.csrf())
        .post(RequestBody.create("decision=REVIEWED&version=1", MediaType.get("application/x-www-form-urlencoded"))).build();
    try (Response r = t.http.newCall(form).execute()) {
      assertEquals(415, r.code());
    }
    Answer logoutWithoutToken = post(API + "/logout", "{}", new Session(s.cookie(), null));
    assertEquals(403, logoutWithoutToken.status(), "signing out is a state change too");

    assertEquals(1, version(visit), "nothing was written");
    assertEquals("NOT_REVIEWED", record(visit).get("reviewState").getAsString());

    Answer sameOrigin = send("POST", path, body, s, Map.of("Origin", t.url(), "Sec-Fetch-Site", "same-origin"));
    assertEquals(200, sameOrigin.status(), sameOrigin.body());
  }

  // --- visits and review ----------------------------------------------------------------------

  @Test
  @DisplayName("an approval binds to the version reviewed, syncs to the tablets, and shows as stale after a later change")
  void approvalBindsToVersion() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Trött men pigg. <script>alert(1)</script>");
    Session s = login("lead");

    JsonObject listed = visitIn(get(API + "/visits", s), visit);
    assertNotNull(listed, "today's visit is listed by default");
    assertEquals(1, listed.get("version").getAsLong());
    assertEquals("NOT_REVIEWED", listed.get("reviewState").getAsString());
    assertEquals("Trött men pigg. <script>alert(1)</script>", listed.get("note").getAsString(), "JSON carries the text as is");
    assertEquals("Astrid Lind", listed.get("patientName").getAsString());
    assertEquals("Genomförd", listed.get("statusLabel").getAsString());
    assertEquals(30, listed.get("durationMinutes").getAsLong());
    assertTrue(listed.get("approvable").getAsBoolean());

    Answer approved = post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 1), s);
    assertEquals(200, approved.status(), approved.body());
    assertEquals(1, approved.json().get("reviewedVersion").getAsLong());
    assertEquals(2, approved.json().get("version").getAsLong());
    JsonObject stored = record(visit);
    assertEquals("REVIEWED", stored.get("reviewState").getAsString());
    assertEquals(TestServer.LEAD_A, stored.get("reviewedBy").getAsString());
    assertEquals(1, stored.get("reviewedVersion").getAsLong());
    assertNotNull(stored.get("reviewedAt"));

    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    boolean synced = false;
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", tokenA2).json().getAsJsonArray("records")) {
      JsonObject r = e.getAsJsonObject();
      synced |= r.get("id").getAsString().equals(visit) && r.getAsJsonObject("data").get("reviewState").getAsString().equals("REVIEWED");
    }
    assertTrue(synced, "the review reaches the team's tablets");

    JsonObject note = new JsonObject();
    note.addProperty("note", "Trött men pigg. Tillägg: ont i höften.");
    push(tokenA1, devA1, ++nA1, visit, MutationOp.UPDATE, 2, note);
    JsonObject stale = visitIn(get(API + "/visits", s), visit);
    assertEquals("REVIEW_STALE", stale.get("reviewState").getAsString());
    assertEquals("Granskning inaktuell", stale.get("reviewStateLabel").getAsString());
    assertTrue(stale.get("stale").getAsBoolean());
    assertEquals(1, stale.get("reviewedVersion").getAsLong());
    assertEquals(3, stale.get("version").getAsLong());

    Answer outdated = post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 2), s);
    assertEquals(400, outdated.status(), outdated.body());
    assertEquals("VALIDATION_FAILED", outdated.code());
    assertEquals(3, outdated.json().getAsJsonObject("details").get("currentVersion").getAsLong());
    assertEquals("REVIEW_STALE", record(visit).get("reviewState").getAsString(), "an approval of an old version is not written");

    Answer again = post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 3), s);
    assertEquals(200, again.status(), again.body());
    assertEquals(3, record(visit).get("reviewedVersion").getAsLong());
  }

  @Test
  @DisplayName("a visit is flagged as needing action with a comment; a planned visit cannot be approved yet")
  void needsAction() throws Exception {
    String visit = UUID.randomUUID().toString();
    JsonObject f = new JsonObject();
    f.addProperty("patientId", TestServer.PATIENT_A);
    f.addProperty("teamId", TestServer.TEAM_A);
    f.addProperty("status", "PLANNED");
    f.addProperty("plannedStart", Instant.now().toString());
    push(tokenA1, devA1, ++nA1, visit, MutationOp.CREATE, 0, f);
    Session s = login("lead");

    Answer early = post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 1), s);
    assertEquals(400, early.status());
    assertEquals("decision", early.json().getAsJsonObject("details").get("field").getAsString());

    Answer flagged = post(API + "/visits/" + visit + "/review",
        "{\"decision\":\"NEEDS_ACTION\",\"version\":1,\"note\":\"Ring patienten <b>i dag</b>\"}", s);
    assertEquals(200, flagged.status(), flagged.body());
    JsonObject listed = visitIn(get(API + "/visits", s), visit);
    assertEquals("NEEDS_ACTION", listed.get("reviewState").getAsString());
    assertEquals("Ring patienten <b>i dag</b>", listed.get("reviewNote").getAsString());
    assertFalse(listed.get("approvable").getAsBoolean());

    // The comment is on the visit itself, so it reaches the team's tablets with the flag.
    assertEquals("Ring patienten <b>i dag</b>", record(visit).get("reviewNote").getAsString());
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    JsonObject pulled = null;
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", tokenA2).json().getAsJsonArray("records")) {
      if (e.getAsJsonObject().get("id").getAsString().equals(visit)) {
        pulled = e.getAsJsonObject().getAsJsonObject("data");
      }
    }
    assertNotNull(pulled, "the flagged visit reaches the team's tablets");
    assertEquals("NEEDS_ACTION", pulled.get("reviewState").getAsString());
    assertEquals("Ring patienten <b>i dag</b>", pulled.get("reviewNote").getAsString());

    // A tablet cannot write the team leader's comment.
    JsonObject forged = new JsonObject();
    forged.addProperty("reviewNote", "Klart");
    JsonObject refused = push(tokenA1, devA1, ++nA1, visit, MutationOp.UPDATE, 2, forged);
    assertEquals("REJECTED", refused.get("status").getAsString());
    assertTrue(refused.get("message").getAsString().contains("team leader"), refused.toString());
    assertEquals("Ring patienten <b>i dag</b>", record(visit).get("reviewNote").getAsString());

    // A later review without a comment clears it on the visit; history keeps the old one.
    Answer again = post(API + "/visits/" + visit + "/review", "{\"decision\":\"NEEDS_ACTION\",\"version\":2}", s);
    assertEquals(200, again.status(), again.body());
    assertFalse(record(visit).has("reviewNote"), record(visit).toString());
    JsonElement shown = visitIn(get(API + "/visits", s), visit).get("reviewNote");
    assertTrue(shown == null || shown.isJsonNull(), "the page shows the latest review's comment: none");
    long kept = t.server.database().withReader(h -> h.createQuery(
        "SELECT COUNT(*) FROM record_history WHERE record_id = :id AND reason = 'Ring patienten <b>i dag</b>'")
        .bind("id", visit).mapTo(Long.class).one());
    assertEquals(1, kept);
  }

  @Test
  @DisplayName("team scope: another team's visits are neither listed nor reviewable, and another team cannot be chosen")
  void teamScope() throws Exception {
    String devB = UUID.randomUUID().toString();
    String tokenB = t.login("b1", devB);
    String other = tabletVisit(tokenB, devB, 1, TestServer.PATIENT_B, TestServer.TEAM_B, "ASIH-besök");
    String own = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Eget besök");
    Session s = login("lead");

    Answer list = get(API + "/visits", s);
    assertNotNull(visitIn(list, own));
    assertNull(visitIn(list, other));
    Answer review = post(API + "/visits/" + other + "/review", reviewBody("REVIEWED", 1), s);
    assertEquals(404, review.status());
    assertEquals("NOT_REVIEWED", record(other).get("reviewState").getAsString());
    Answer foreignTeam = get(API + "/visits?team=" + TestServer.TEAM_B, s);
    assertEquals(403, foreignTeam.status());
    assertEquals(403, get(API + "/discharge-board?team=" + TestServer.TEAM_B, s).status());
    assertEquals(403, get(API + "/fleet?team=" + TestServer.TEAM_B, s).status());
    assertEquals(403, get(API + "/conflicts?team=" + TestServer.TEAM_B, s).status());
  }

  @Test
  @DisplayName("a patient both teams care for: the other team's visit is not listed and cannot be approved by this team's leader")
  void anotherTeamsVisitOfASharedPatient() throws Exception {
    String admin = t.login("svu", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/admin/care-relationships/start",
        "{\"patientId\":\"" + TestServer.PATIENT_B + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", admin).status());
    String devB = UUID.randomUUID().toString();
    String tokenB = t.login("b1", devB);
    String asih = tabletVisit(tokenB, devB, 1, TestServer.PATIENT_B, TestServer.TEAM_B, "ASIH-besök, smärtpump bytt");
    Session s = login("lead");

    assertNull(visitIn(get(API + "/visits", s), asih), "team B's visit is not in team A's list");
    Answer review = post(API + "/visits/" + asih + "/review", reviewBody("REVIEWED", 1), s);
    assertEquals(404, review.status(), review.body());
    assertEquals("NOT_FOUND", review.code());
    assertEquals("NOT_REVIEWED", record(asih).get("reviewState").getAsString(), "team B's leader reviews team B's work");
    assertEquals(1, version(asih));
  }

  @Test
  @DisplayName("a visit shows only its own patient's checklist and medication checks, never another patient's that names it")
  void aVisitShowsOnlyItsOwnPatientsContent() throws Exception {
    String admin = t.login("svu", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/admin/care-relationships/start",
        "{\"patientId\":\"" + TestServer.PATIENT_B + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", admin).status());
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Astrids besök");
    // Bengt's checklist and medication check, linked (by a tablet's mistake) to Astrid's visit
    JsonObject checklist = new JsonObject();
    checklist.addProperty("patientId", TestServer.PATIENT_B);
    checklist.addProperty("visitId", visit);
    JsonObject check = new JsonObject();
    check.addProperty("patientId", TestServer.PATIENT_B);
    check.addProperty("visitId", visit);
    List<Mutation> batch = List.of(
        new Mutation(devA1, ++nA1, "discharge_checklist", UUID.randomUUID().toString(), MutationOp.CREATE, 0, checklist, null, Instant.now()),
        new Mutation(devA1, ++nA1, "medication_check", UUID.randomUUID().toString(), MutationOp.CREATE, 0, check, null, Instant.now()));
    TestServer.Reply pushed = t.post("/api/v1/sync/push", json(new PushRequest(devA1, batch, 0, null)), tokenA1);
    assertEquals(200, pushed.status(), pushed.body());
    for (JsonElement r : pushed.json().getAsJsonArray("results")) {
      assertEquals("APPLIED", r.getAsJsonObject().get("status").getAsString(), pushed.body());
    }
    Session s = login("lead");

    JsonObject shown = visitIn(get(API + "/visits", s), visit);
    assertNotNull(shown);
    assertTrue(shown.get("checklist").isJsonNull(), "Bengt's checklist is not shown as Astrid's: " + shown);
    assertEquals(0, shown.getAsJsonArray("medicationChecks").size(), "nor his medication check: " + shown);
  }

  @Test
  @DisplayName("a spärr toward the team hides the patient from its team leader's page as it does from the team's tablets;"
      + " the patient record itself has no history to show")
  void sparrAndTheRegister() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Vikt 62 kg, ödem");
    Session s = login("lead");
    assertNotNull(visitIn(get(API + "/visits", s), visit));
    assertEquals(404, get(API + "/records/" + TestServer.PATIENT_A + "/history", s).status(),
        "the register's record (with an address a protected identity hides) is not offered as history");
    String admin = t.login("svu", UUID.randomUUID().toString());
    TestServer.Reply blocked = t.post("/api/v1/admin/sparr",
        "{\"patientId\":\"" + TestServer.PATIENT_A + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", admin);
    assertEquals(200, blocked.status(), blocked.body());
    assertNull(visitIn(get(API + "/visits", s), visit), "blocked by the spärr");
    assertFalse(get(API + "/discharge-board", s).body().contains(TestServer.PATIENT_A), "nor on the discharge board");
  }

  @Test
  @DisplayName("a visit entered in error is neither listed nor reviewable")
  void enteredInError() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Fel patient");
    Mutation retract = new Mutation(devA1, ++nA1, "visit", visit, MutationOp.ENTERED_IN_ERROR, 1, new JsonObject(), "fel patient", Instant.now());
    TestServer.Reply r = t.post("/api/v1/sync/push", json(new PushRequest(devA1, List.of(retract), 0, null)), tokenA1);
    assertEquals("APPLIED", r.json().getAsJsonArray("results").get(0).getAsJsonObject().get("status").getAsString(), r.body());
    Session s = login("lead");
    assertNull(visitIn(get(API + "/visits", s), visit));
    assertEquals(404, post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 2), s).status());
  }

  @Test
  @DisplayName("every read of patient data is in the access log, and so is every review")
  void audit() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    Session s = login("lead");
    assertEquals(200, get(API + "/visits", s).status());
    assertEquals(200, get(API + "/discharge-board", s).status());
    assertEquals(200, post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 1), s).status());
    assertEquals(1, audits("READ", "TEAMLEAD_VISITS"));
    assertEquals(1, audits("READ", "TEAMLEAD_DISCHARGE_BOARD"));
    assertEquals(1, audits("UPDATE", "REVIEWED v1"));
  }

  @Test
  @DisplayName("a record's history: every version newest first, with values, author, device and both clocks; scoped and logged")
  void recordHistory() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Första anteckningen");
    JsonObject note = new JsonObject();
    note.addProperty("note", "Andra anteckningen");
    push(tokenA1, devA1, ++nA1, visit, MutationOp.UPDATE, 1, note);
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    // Erik edits the note on the version he saw, concurrently with Anna: free text is merged.
    JsonObject late = new JsonObject();
    late.addProperty("note", "Eriks anteckning");
    push(tokenA2, devA2, 1, visit, MutationOp.UPDATE, 1, late);
    Session s = login("lead");
    Answer reviewed = post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", version(visit)), s);
    assertEquals(200, reviewed.status(), reviewed.body());

    Answer answer = get(API + "/records/" + visit + "/history", s);
    assertEquals(200, answer.status(), answer.body());
    JsonObject history = answer.json();
    assertEquals(visit, history.get("recordId").getAsString());
    assertEquals("visit", history.get("entityType").getAsString());
    assertEquals("Astrid Lind", history.get("patientName").getAsString());
    long current = version(visit);
    assertEquals(current, history.get("version").getAsLong());
    JsonArray changes = history.getAsJsonArray("changes");
    assertEquals(current, changes.size(), "one entry per version: " + changes);
    for (int i = 0; i < changes.size(); i++) {
      assertEquals(current - i, changes.get(i).getAsJsonObject().get("version").getAsLong(), "newest first");
    }
    JsonObject review = changes.get(0).getAsJsonObject();
    assertEquals("REVIEW", review.get("op").getAsString());
    assertEquals("Karin Ledare", review.get("changedByName").getAsString());
    assertTrue(review.get("deviceId") == null || review.get("deviceId").isJsonNull(), "made on the server");
    JsonObject first = changes.get(changes.size() - 1).getAsJsonObject();
    assertEquals("CREATE", first.get("op").getAsString());
    assertEquals("Första anteckningen", first.getAsJsonObject("values").get("note").getAsString());
    assertEquals(devA1, first.get("deviceId").getAsString());
    assertEquals("Anna Andersson", first.get("changedByName").getAsString());
    assertNotNull(first.get("deviceTime"));
    boolean annasSecond = false;
    boolean eriks = false;
    for (JsonElement e : changes) {
      JsonObject c = e.getAsJsonObject();
      JsonElement value = c.getAsJsonObject("values").get("note");
      annasSecond |= value != null && value.getAsString().equals("Andra anteckningen") && c.get("changedBy").getAsString().equals(TestServer.NURSE_A1);
      eriks |= value != null && value.getAsString().endsWith("Eriks anteckning") && c.get("changedBy").getAsString().equals(TestServer.NURSE_A2)
          && c.get("baseVersion").getAsLong() == 1;
    }
    assertTrue(annasSecond && eriks, "both notes are in the history with their authors: " + changes);
    assertEquals(1L, (long) t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE staff_id = :s AND patient_id = :p AND action = 'READ' AND outcome = 'HISTORY'"
                + " AND resource_id = :r")
        .bind("s", TestServer.LEAD_A).bind("p", TestServer.PATIENT_A).bind("r", visit).mapTo(Long.class).one()));

    // Another team's record answers exactly like one that does not exist.
    String devB = UUID.randomUUID().toString();
    String other = tabletVisit(t.login("b1", devB), devB, 1, TestServer.PATIENT_B, TestServer.TEAM_B, "ASIH-besök");
    Answer foreign = get(API + "/records/" + other + "/history", s);
    Answer missing = get(API + "/records/" + UUID.randomUUID() + "/history", s);
    assertEquals(404, foreign.status());
    assertEquals(missing.status(), foreign.status());
    assertEquals(missing.body(), foreign.body());
    assertEquals(404, get(API + "/records/not-a-uuid/history", s).status());
    assertEquals(401, get(API + "/records/" + visit + "/history", null).status(), "no session, no history");
  }

  @Test
  @DisplayName("a record's history labels its coded values: Swedish for enums, names for staff ids (also in a list)")
  void recordHistoryLabelsCodedValues() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    JsonObject staff = new JsonObject();
    JsonArray ids = new JsonArray();
    ids.add(TestServer.NURSE_A1);
    staff.add("staffIds", ids);
    push(tokenA1, devA1, ++nA1, visit, MutationOp.UPDATE, 1, staff);
    Session s = login("lead");
    assertEquals(200, post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", version(visit)), s).status());

    JsonArray changes = get(API + "/records/" + visit + "/history", s).json().getAsJsonArray("changes");
    JsonObject review = changes.get(0).getAsJsonObject().getAsJsonObject("valueLabels");
    assertNotNull(review, "labels on every change: " + changes);
    assertEquals(se.nara.sdk.model.ReviewState.REVIEWED.label(),
        review.getAsJsonObject("reviewState").get("REVIEWED").getAsString(), review.toString());
    JsonObject second = changes.get(1).getAsJsonObject().getAsJsonObject("valueLabels");
    assertEquals("Anna Andersson", second.getAsJsonObject("staffIds").get(TestServer.NURSE_A1).getAsString(), second.toString());
    JsonObject first = changes.get(2).getAsJsonObject().getAsJsonObject("valueLabels");
    assertEquals(se.nara.sdk.model.VisitStatus.COMPLETED.label(), first.getAsJsonObject("status").get("COMPLETED").getAsString());
    assertEquals(se.nara.sdk.model.VisitType.FOLLOW_UP.label(), first.getAsJsonObject("visitType").get("FOLLOW_UP").getAsString());
    assertFalse(first.has("note"), "free text has nothing to label: " + first);
  }

  @Test
  @DisplayName("a record's history names the team, not its id, and every field a history can show has a Swedish name on the page")
  void recordHistoryNamesTeamsAndEveryField() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    Session s = login("lead");
    assertEquals(200, post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", version(visit)), s).status());
    JsonArray changes = get(API + "/records/" + visit + "/history", s).json().getAsJsonArray("changes");
    JsonObject created = changes.get(changes.size() - 1).getAsJsonObject().getAsJsonObject("valueLabels");
    assertEquals("Hemtagningsteam Malmö", created.getAsJsonObject("teamId").get(TestServer.TEAM_A).getAsString(), created.toString());
    JsonObject reviewed = changes.get(0).getAsJsonObject().getAsJsonObject("values");
    assertTrue(reviewed.has("reviewedVersion"), reviewed.toString());

    // The page's field names (app.js FIELDS): every field of every record type with a history.
    String js = get("/teamledare/app.js", null).body();
    int start = js.indexOf("const FIELDS = {");
    String fields = js.substring(start, js.indexOf("};", start));
    java.util.Set<String> named = new java.util.HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+): '").matcher(fields);
    while (m.find()) {
      named.add(m.group(1));
    }
    java.util.Set<String> missing = new java.util.TreeSet<>();
    for (se.nara.sdk.protocol.EntityType type : se.nara.sdk.protocol.EntityType.values()) {
      if (!type.isPatientScoped() || type == se.nara.sdk.protocol.EntityType.PATIENT
          || type == se.nara.sdk.protocol.EntityType.AUDIT_ENTRY) {
        continue;
      }
      for (String field : type.fieldNames()) {
        if (!field.equals("id") && !field.equals("patientId") && !named.contains(field)) {
          missing.add(type.wireName() + "." + field);
        }
      }
    }
    assertTrue(missing.isEmpty(), "fields without a Swedish name on the page: " + missing);
  }

  long audits(String action, String outcome) {
    return t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE staff_id = :s AND patient_id = :p AND team_id = :t AND action = :a AND outcome = :o")
        .bind("s", TestServer.LEAD_A).bind("p", TestServer.PATIENT_A).bind("t", TestServer.TEAM_A)
        .bind("a", action).bind("o", outcome).mapTo(Long.class).one());
  }

  @Test
  @DisplayName("bad input gets a clear 4xx naming the problem, never a 500")
  void badInput() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    Session s = login("lead");
    String review = API + "/visits/" + visit + "/review";
    assertField(get(API + "/visits?from=2026-13-01", s), 400, "from");
    assertField(get(API + "/visits?from=2026-01-01&to=2026-03-01", s), 400, "to");
    assertField(get(API + "/visits?from=2026-03-01&to=2026-02-01", s), 400, "to");
    assertField(get(API + "/visits?team=abc", s), 400, "team");
    assertField(get(API + "/visits?from=%2B10000-01-01", s), 400, "from");
    assertField(get(API + "/visits?from=2199-12-25&to=2200-01-05", s), 400, "to");
    assertField(post(review, reviewBody("MAYBE", 1), s), 400, "decision");
    assertField(post(review, "{\"decision\":\"REVIEWED\",\"version\":\"ett\"}", s), 400, "version");
    assertField(post(review, "{\"decision\":\"REVIEWED\",\"version\":1.5}", s), 400, "version");
    assertField(post(review, "{\"decision\":\"REVIEWED\",\"version\":1,\"note\":\"" + "x".repeat(1001) + "\"}", s), 400, "note");
    assertField(post(review, "{\"decision\":[1],\"version\":1}", s), 400, "decision");
    for (String body : List.of("inte json", "[1,2]", "", "{\"decision\":")) {
      Answer a = post(review, body, s);
      assertEquals(400, a.status(), body + " -> " + a.body());
      assertEquals("MALFORMED_REQUEST", a.code());
    }
    assertEquals(404, post(API + "/visits/nonsense/review", reviewBody("REVIEWED", 1), s).status());
    assertEquals(404, post(API + "/visits/" + UUID.randomUUID() + "/review", reviewBody("REVIEWED", 1), s).status());
    assertEquals(404, post(API + "/conflicts/" + UUID.randomUUID() + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", s).status());
    assertField(post(API + "/conflicts/" + UUID.randomUUID() + "/resolve", "{\"choice\":\"KEEP_SERVER\",\"value\":\"x\"}", s), 400, "value");
    assertEquals(1, version(visit), "nothing was written");
  }

  /** A medication check of patient A's discharge list, started by a1 and in progress. */
  static JsonObject checkInProgress() {
    JsonObject f = new JsonObject();
    f.addProperty("patientId", TestServer.PATIENT_A);
    f.addProperty("performedBy", TestServer.NURSE_A1);
    f.addProperty("status", "IN_PROGRESS");
    f.addProperty("startedAt", "2026-11-24T08:00:00Z");
    JsonArray lists = new JsonArray();
    lists.add(TestServer.LIST_A);
    f.add("comparedListIds", lists);
    return f;
  }

  void assertField(Answer a, int status, String field) {
    assertEquals(status, a.status(), a.body());
    assertEquals(field, a.json().getAsJsonObject("details").get("field").getAsString(), a.body());
  }

  // --- conflicts, board, fleet -----------------------------------------------------------------

  @Test
  @DisplayName("a dose clash from two tablets shows both values with names and is resolved with an edited value")
  void conflicts() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    pushLine(tokenA1, devA1, ++nA1, "2 tabletter");
    JsonObject clash = pushLine(tokenA2, devA2, 1, "1/2 tablett");
    assertEquals("CONFLICT", clash.get("status").getAsString());
    Session s = login("lead");

    JsonArray queue = get(API + "/conflicts", s).json().getAsJsonArray("conflicts");
    assertEquals(1, queue.size(), queue.toString());
    JsonObject c = queue.get(0).getAsJsonObject();
    assertEquals("MEDICATION", c.get("kind").getAsString());
    assertEquals("Läkemedelsrad: Furosemid 40 mg", c.get("entityLabel").getAsString());
    assertEquals("2 tabletter", c.getAsJsonObject("currentValue").get("dose").getAsString(), "the first dose stands");
    assertEquals("2 tabletter", c.getAsJsonObject("serverValue").get("dose").getAsString());
    assertEquals("Anna Andersson", c.get("serverAuthor").getAsString());
    assertEquals("1/2 tablett", c.getAsJsonObject("deviceValue").get("dose").getAsString());
    assertEquals("Erik Eriksson", c.get("deviceAuthor").getAsString());
    assertEquals("1 tablett", c.getAsJsonObject("baseValue").get("dose").getAsString());
    assertEquals(0, c.getAsJsonObject("valueLabels").size(), "a dose is free text: nothing to label");
    assertTrue(c.get("ruleLabel").getAsString().startsWith("Läkemedel"), c.get("ruleLabel").getAsString());
    assertNotNull(c.get("deviceTime"));

    String id = c.get("id").getAsString();
    Answer resolved = post(API + "/conflicts/" + id + "/resolve", "{\"choice\":\"EDIT\",\"value\":{\"dose\":\"1 tablett morgon\"},\"note\":\"Enligt läkare\"}", s);
    assertEquals(200, resolved.status(), resolved.body());
    assertEquals("RESOLVED", resolved.json().get("status").getAsString());
    assertEquals("1 tablett morgon", record(TestServer.LINE_A).get("dose").getAsString());
    assertEquals(0, get(API + "/conflicts", s).json().getAsJsonArray("conflicts").size());
    Answer twice = post(API + "/conflicts/" + id + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", s);
    assertEquals(409, twice.status());
  }

  @Test
  @DisplayName("a clash over a discrepancy's resolution names the discrepancy: its type and the drug, so the team leader knows what is decided")
  void discrepancyConflictNamesTheDiscrepancy() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    String check = UUID.randomUUID().toString();
    JsonObject f = checkInProgress();
    String discrepancy = UUID.randomUUID().toString();
    JsonObject d = new JsonObject();
    d.addProperty("patientId", TestServer.PATIENT_A);
    d.addProperty("checkId", check);
    d.addProperty("type", "WRONG_DOSE");
    d.addProperty("intent", "UNCLEAR");
    d.addProperty("severity", "SIGNIFICANT");
    d.addProperty("resolution", "OPEN");
    JsonArray lines = new JsonArray();
    lines.add(TestServer.LINE_A);
    d.add("lineIds", lines);
    Mutation createCheck = new Mutation(devA1, ++nA1, "medication_check", check, MutationOp.CREATE, 0, f, null, Instant.now());
    Mutation createDiscrepancy = new Mutation(devA1, ++nA1, "discrepancy", discrepancy, MutationOp.CREATE, 0, d, null, Instant.now());
    assertEquals(200, t.post("/api/v1/sync/push",
        json(new PushRequest(devA1, List.of(createCheck, createDiscrepancy), 1, null)), tokenA1).status());
    JsonObject intended = new JsonObject();
    intended.addProperty("resolution", "CONFIRMED_INTENTIONAL");
    assertEquals("APPLIED", pushBase1(tokenA1, devA1, ++nA1, "discrepancy", discrepancy, intended).get("status").getAsString());
    JsonObject corrected = new JsonObject();
    corrected.addProperty("resolution", "CORRECTED_NEW_ORDER");
    JsonObject clash = pushBase1(tokenA2, devA2, 1, "discrepancy", discrepancy, corrected);
    assertEquals("CONFLICT", clash.get("status").getAsString(), clash.toString());

    Session s = login("lead");
    JsonObject c = get(API + "/conflicts", s).json().getAsJsonArray("conflicts").get(0).getAsJsonObject();
    assertEquals("discrepancy", c.get("entityType").getAsString(), c.toString());
    assertEquals("Avvikelse i läkemedelslista: Fel dos – Furosemid 40 mg", c.get("entityLabel").getAsString(), c.toString());
  }

  @Test
  @DisplayName("a clash over a visit names the visit by its planned time in Swedish time, not by a UTC timestamp")
  void visitConflictNamesTheVisitInSwedishTime() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    String visit = UUID.randomUUID().toString();
    JsonObject f = new JsonObject();
    f.addProperty("patientId", TestServer.PATIENT_A);
    f.addProperty("teamId", TestServer.TEAM_A);
    f.addProperty("visitType", "FOLLOW_UP");
    f.addProperty("status", "PLANNED");
    f.addProperty("plannedStart", "2026-11-24T08:00:00Z"); // 09:00 in Sweden
    push(tokenA1, devA1, ++nA1, visit, MutationOp.CREATE, 0, f);
    JsonObject done = new JsonObject();
    done.addProperty("status", "COMPLETED");
    assertEquals("APPLIED", pushBase1(tokenA1, devA1, ++nA1, "visit", visit, done).get("status").getAsString());
    JsonObject missed = new JsonObject();
    missed.addProperty("status", "MISSED");
    assertEquals("CONFLICT", pushBase1(tokenA2, devA2, 1, "visit", visit, missed).get("status").getAsString());

    Session s = login("lead");
    JsonObject c = get(API + "/conflicts", s).json().getAsJsonArray("conflicts").get(0).getAsJsonObject();
    assertEquals("Besök: 2026-11-24 09:00", c.get("entityLabel").getAsString(), c.toString());
  }

  @Test
  @DisplayName("an escalated discrepancy waits for the prescriber: the board and the visit list show it as unresolved, with its resolution")
  void escalatedDiscrepancyIsStillUnresolved() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Läkemedelsavstämning");
    String check = UUID.randomUUID().toString();
    JsonObject f = checkInProgress();
    f.addProperty("visitId", visit);
    List<Mutation> batch = new java.util.ArrayList<>();
    batch.add(new Mutation(devA1, ++nA1, "medication_check", check, MutationOp.CREATE, 0, f, null, Instant.now()));
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    for (String[] kind : new String[][] {{"OPEN", "OMISSION"}, {"ESCALATED", "WRONG_DOSE"}, {"CONFIRMED_INTENTIONAL", "WRONG_FREQUENCY"}}) {
      String id = UUID.randomUUID().toString();
      ids.put(kind[0], id);
      JsonObject d = new JsonObject();
      d.addProperty("patientId", TestServer.PATIENT_A);
      d.addProperty("checkId", check);
      d.addProperty("type", kind[1]);
      d.addProperty("intent", "UNCLEAR");
      d.addProperty("resolution", kind[0]);
      JsonArray lines = new JsonArray();
      lines.add(TestServer.LINE_A);
      d.add("lineIds", lines);
      batch.add(new Mutation(devA1, ++nA1, "discrepancy", id, MutationOp.CREATE, 0, d, null, Instant.now()));
    }
    assertEquals(200, t.post("/api/v1/sync/push", json(new PushRequest(devA1, batch, 1, null)), tokenA1).status());
    Session s = login("lead");

    JsonObject patient = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    JsonArray unresolved = patient.getAsJsonArray("openDiscrepancies");
    assertEquals(2, unresolved.size(), "open and escalated are unresolved, the confirmed one is not: " + unresolved);
    JsonObject escalated = null;
    for (JsonElement e : unresolved) {
      if (e.getAsJsonObject().get("id").getAsString().equals(ids.get("ESCALATED"))) {
        escalated = e.getAsJsonObject();
      }
    }
    assertNotNull(escalated, "the escalated discrepancy is on the board: " + unresolved);
    assertEquals("Eskalerad", escalated.get("resolutionLabel").getAsString());

    JsonObject listed = visitIn(get(API + "/visits", s), visit);
    JsonArray onVisit = listed.getAsJsonArray("medicationChecks").get(0).getAsJsonObject().getAsJsonArray("openDiscrepancies");
    assertEquals(2, onVisit.size(), onVisit.toString());
  }

  @Test
  @DisplayName("a clash over who is responsible in a SIP asks for the other huvudman's consent before the tablet's value is taken")
  void sipResponsibilityConflictNeedsACounterpart() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    String plan = UUID.randomUUID().toString();
    String action = UUID.randomUUID().toString();
    JsonObject p = new JsonObject();
    p.addProperty("patientId", TestServer.PATIENT_A);
    p.addProperty("planType", "SIP");
    p.addProperty("status", "ACTIVE");
    JsonObject a = new JsonObject();
    a.addProperty("patientId", TestServer.PATIENT_A);
    a.addProperty("planId", plan);
    a.addProperty("description", "Insulin kväll");
    a.addProperty("responsible", "KOMMUN");
    a.addProperty("status", "PLANNED");
    Mutation createPlan = new Mutation(devA1, ++nA1, "plan", plan, MutationOp.CREATE, 0, p, null, Instant.now());
    Mutation createAction = new Mutation(devA1, ++nA1, "plan_action", action, MutationOp.CREATE, 0, a, null, Instant.now());
    assertEquals(200, t.post("/api/v1/sync/push", json(new PushRequest(devA1, List.of(createPlan, createAction), 1, null)), tokenA1).status());
    JsonObject region = new JsonObject();
    region.addProperty("responsible", "REGION");
    assertEquals("APPLIED", pushBase1(tokenA1, devA1, ++nA1, "plan_action", action, region).get("status").getAsString());
    JsonObject other = new JsonObject();
    other.addProperty("responsible", "OTHER");
    assertEquals("CONFLICT", pushBase1(tokenA2, devA2, 1, "plan_action", action, other).get("status").getAsString());

    Session s = login("lead");
    JsonObject c = get(API + "/conflicts", s).json().getAsJsonArray("conflicts").get(0).getAsJsonObject();
    assertTrue(c.get("needsCounterpart").getAsBoolean(), c.toString());
    String id = c.get("id").getAsString();
    assertField(post(API + "/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", s), 400, "counterpart");
    Answer agreed = post(API + "/conflicts/" + id + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"counterpart\":\"Eva Ek, Vårdcentralen Lund\"}", s);
    assertEquals(200, agreed.status(), agreed.body());
    assertEquals("OTHER", record(action).get("responsible").getAsString());
  }

  @Test
  @DisplayName("a clash over a medication check another tablet completed can only be acknowledged: the completed check is attested")
  void aCompletedCheckIsOnlyAcknowledged() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    String check = UUID.randomUUID().toString();
    JsonObject f = checkInProgress();
    Mutation create = new Mutation(devA1, ++nA1, "medication_check", check, MutationOp.CREATE, 0, f, null, Instant.now());
    assertEquals(200, t.post("/api/v1/sync/push", json(new PushRequest(devA1, List.of(create), 1, null)), tokenA1).status());
    JsonObject done = new JsonObject();
    done.addProperty("status", "COMPLETE");
    done.addProperty("completedAt", "2026-11-24T08:30:00Z");
    assertEquals("APPLIED", pushBase1(tokenA1, devA1, ++nA1, "medication_check", check, done).get("status").getAsString());
    JsonObject other = new JsonObject();
    other.addProperty("status", "OPEN_DISCREPANCIES");
    other.addProperty("completedAt", "2026-11-24T08:40:00Z");
    JsonObject clash = pushBase1(tokenA2, devA2, 1, "medication_check", check, other);
    assertEquals("CONFLICT", clash.get("status").getAsString(), clash.toString());

    Session s = login("lead");
    JsonObject c = get(API + "/conflicts", s).json().getAsJsonArray("conflicts").get(0).getAsJsonObject();
    assertTrue(c.get("acknowledgeOnly").getAsBoolean(), "the page offers only Kvittera: " + c);
    String id = c.get("id").getAsString();
    assertEquals(400, post(API + "/conflicts/" + id + "/resolve", "{\"choice\":\"TAKE_DEVICE\"}", s).status());
    assertEquals("COMPLETE", record(check).get("status").getAsString());
    assertEquals(200, post(API + "/conflicts/" + id + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", s).status());
  }

  @Test
  @DisplayName("where the tablet's side won (missing beats done), the queue shows the tablet's value as what stands now")
  void conflictWhereTheTabletWon() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    assertEquals("APPLIED", pushItem(tokenA1, devA1, ++nA1, "DONE", TestServer.NURSE_A1).get("status").getAsString());
    // Applied (the tablet's "missing" is kept) and flagged for review.
    assertEquals("MERGED", pushItem(tokenA2, devA2, 1, "MISSING", TestServer.NURSE_A2).get("status").getAsString());
    Session s = login("lead");
    JsonArray queue = get(API + "/conflicts", s).json().getAsJsonArray("conflicts");
    assertEquals(1, queue.size(), queue.toString());
    JsonObject c = queue.get(0).getAsJsonObject();
    assertEquals("CHECKLIST", c.get("kind").getAsString());
    assertEquals("MISSING", record(TestServer.ITEM_A).get("state").getAsString(), "missing is kept on the item");
    assertEquals("MISSING", c.getAsJsonObject("currentValue").get("state").getAsString(), c.toString());
    assertEquals("DONE", c.getAsJsonObject("serverValue").get("state").getAsString(), "done is the value kept aside");
    assertEquals("MISSING", c.getAsJsonObject("deviceValue").get("state").getAsString());
    JsonObject stateLabels = c.getAsJsonObject("valueLabels").getAsJsonObject("state");
    assertEquals("Saknas", stateLabels.get("MISSING").getAsString(), c.toString());
    assertEquals("Klar", stateLabels.get("DONE").getAsString(), c.toString());
    JsonObject byLabels = c.getAsJsonObject("valueLabels").getAsJsonObject("confirmedBy");
    assertEquals("Anna Andersson", byLabels.get(TestServer.NURSE_A1).getAsString(), "who confirmed, by name: " + c);
    assertEquals("Erik Eriksson", byLabels.get(TestServer.NURSE_A2).getAsString(), "who reported it missing: " + c);

    // The page's "take the server's earlier value" is an edit back to that value.
    Answer restored = post(API + "/conflicts/" + c.get("id").getAsString() + "/resolve",
        "{\"choice\":\"EDIT\",\"value\":" + c.getAsJsonObject("serverValue") + ",\"note\":\"Kontrollerat igen\"}", s);
    assertEquals(200, restored.status(), restored.body());
    assertEquals("DONE", record(TestServer.ITEM_A).get("state").getAsString());
  }

  @Test
  @DisplayName("values a restored server lost come back in the queue marked as restored; the team leader takes them all at once")
  void restoredValuesAllAtOnce() throws Exception {
    JsonObject lostItem = record(TestServer.ITEM_A).deepCopy();
    lostItem.addProperty("state", "DONE");
    lostItem.addProperty("note", "bekräftad efter backupen");
    JsonObject lostLine = record(TestServer.LINE_A).deepCopy();
    lostLine.addProperty("dose", "2 tabletter");
    TestServer.Reply offered = t.post("/api/v1/sync/recovery", json(new se.nara.sdk.protocol.RecoveryRequest(devA1, nA1, List.of(
        new se.nara.sdk.protocol.SyncRecord("checklist_item", TestServer.ITEM_A, 4, 0, TestServer.PATIENT_A, false, null, null, lostItem),
        new se.nara.sdk.protocol.SyncRecord("medication_line", TestServer.LINE_A, 3, 0, TestServer.PATIENT_A, false, null, null, lostLine)))),
        tokenA1);
    assertEquals(2, offered.json().get("kept").getAsInt(), offered.body());

    Session s = login("lead");
    JsonArray queue = get(API + "/conflicts", s).json().getAsJsonArray("conflicts");
    assertEquals(2, queue.size(), queue.toString());
    for (JsonElement c : queue) {
      assertTrue(c.getAsJsonObject().get("restored").getAsBoolean(), c.toString());
      assertTrue(c.getAsJsonObject().get("ruleLabel").getAsString().startsWith("Servern återställd"), c.toString());
    }
    Answer all = post(API + "/restored/resolve", "{\"choice\":\"TAKE_DEVICE\",\"note\":\"Återställt\"}", s);
    assertEquals(200, all.status(), all.body());
    assertEquals(2, all.json().get("resolved").getAsInt(), all.body());
    assertEquals(0, get(API + "/conflicts", s).json().getAsJsonArray("conflicts").size());
    assertEquals("DONE", record(TestServer.ITEM_A).get("state").getAsString());
    assertEquals("2 tabletter", record(TestServer.LINE_A).get("dose").getAsString());
    Answer noCsrf = post(API + "/restored/resolve", "{\"choice\":\"TAKE_DEVICE\"}", new Session(s.cookie(), "wrong"));
    assertEquals(403, noCsrf.status(), "a bulk decision needs the page's CSRF token like any other: " + noCsrf.body());
  }

  JsonObject pushItem(String token, String dev, long n, String state, String by) throws IOException {
    JsonObject f = new JsonObject();
    f.addProperty("state", state);
    f.addProperty("confirmedBy", by);
    return pushBase1(token, dev, n, "checklist_item", TestServer.ITEM_A, f);
  }

  JsonObject pushLine(String token, String dev, long n, String dose) throws IOException {
    JsonObject f = new JsonObject();
    f.addProperty("dose", dose);
    return pushBase1(token, dev, n, "medication_line", TestServer.LINE_A, f);
  }

  /** Pushes one change, made against version 1, and answers its result. */
  JsonObject pushBase1(String token, String dev, long n, String type, String id, JsonObject f) throws IOException {
    Mutation m = new Mutation(dev, n, type, id, MutationOp.UPDATE, 1, f, null, Instant.now());
    TestServer.Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(m), 1, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  @Test
  @DisplayName("discharge board: days from utskrivningsklar to discharge, the team average against 2.8 and the SIP deadline")
  void dischargeBoard() throws Exception {
    Session s = login("lead");
    JsonObject before = get(API + "/discharge-board", s).json();
    JsonObject waiting = before.getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("Astrid Lind", waiting.get("patientName").getAsString());
    assertEquals("READY_FOR_DISCHARGE", waiting.get("status").getAsString());
    DischargeFigures f = DischargeFigures.SKANE;
    Instant klar = Instant.parse("2026-11-20T10:00:00Z");
    assertEquals(f.days(klar, Instant.now()), waiting.get("daysWaiting").getAsInt());
    assertEquals(f.sipStatus(klar, null, Instant.now()).name(), waiting.get("sipStatus").getAsString());
    assertEquals("2026-11-23", waiting.get("sipDeadline").getAsString());
    assertTrue(before.get("averageDays").isJsonNull(), "nobody discharged yet");
    assertEquals(2.8, before.get("targetDays").getAsDouble());

    String integration = t.login("svu", UUID.randomUUID().toString());
    for (String[] m : new String[][] {{"SIP_KALLELSE", "2026-11-21T08:00:00Z"}, {"UTSKRIVEN", "2026-11-22T13:00:00Z"}}) {
      TestServer.Reply r = t.post("/api/v1/svu/messages",
          "{\"episodeId\":\"" + TestServer.EPISODE_A + "\",\"type\":\"" + m[0] + "\",\"eventTime\":\"" + m[1] + "\"}", integration);
      assertEquals(200, r.status(), r.body());
    }
    JsonObject after = get(API + "/discharge-board", s).json();
    JsonObject discharged = after.getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals(2, discharged.get("daysToDischarge").getAsInt());
    assertTrue(discharged.get("daysWaiting").isJsonNull());
    assertEquals("SENT_IN_TIME", discharged.get("sipStatus").getAsString());
    assertEquals(2.0, after.get("averageDays").getAsDouble());
    assertEquals(1, after.get("dischargedCount").getAsInt());
    assertTrue(after.get("meetsTarget").getAsBoolean());
    JsonArray steps = discharged.getAsJsonArray("steps");
    assertEquals("2026-11-22T13:00:00Z", stepAt(steps, "UTSKRIVEN"));
    assertEquals(LocalDate.of(2026, 11, 22), LocalDate.ofInstant(Instant.parse(stepAt(steps, "UTSKRIVEN")), ZoneId.of("Europe/Stockholm")));
  }

  @Test
  @DisplayName("discharge board: 'SIP behövs inte' from the SVU messages takes the SIP deadline off; a later 'SIP behövs' puts it back")
  void sipNotNeededTakesTheDeadlineOff() throws Exception {
    Session s = login("lead");
    JsonObject before = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("2026-11-23", before.get("sipDeadline").getAsString());
    assertNotEquals("NOT_NEEDED", before.get("sipStatus").getAsString());

    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "SIP_BEHOVS_INTE", "2026-11-21T08:00:00Z");
    JsonObject notNeeded = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("NOT_NEEDED", notNeeded.get("sipStatus").getAsString());
    assertEquals("SIP behövs inte", notNeeded.get("sipStatusLabel").getAsString());
    assertTrue(notNeeded.get("sipDeadline") == null || notNeeded.get("sipDeadline").isJsonNull(), notNeeded.toString());
    assertEquals("2026-11-21T08:00:00Z", stepAt(notNeeded.getAsJsonArray("steps"), "SIP_STALLNINGSTAGANDE"));
    // the tablets get the position with the episode, and cannot write it themselves
    assertEquals("2026-11-21T08:00:00Z", record(TestServer.EPISODE_A).get("sipNotNeededAt").getAsString());

    // An older "behövs" arriving late does not override the later "behövs inte" ...
    svu(integration, "SIP_BEHOVS", "2026-11-20T12:00:00Z");
    assertEquals("NOT_NEEDED",
        get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject().get("sipStatus").getAsString());
    // ... a newer one does: the deadline runs again.
    svu(integration, "SIP_BEHOVS", "2026-11-22T09:00:00Z");
    JsonObject needed = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals(DischargeFigures.SKANE.sipStatus(Instant.parse("2026-11-20T10:00:00Z"), null, Instant.now()).name(),
        needed.get("sipStatus").getAsString());
    assertEquals("2026-11-23", needed.get("sipDeadline").getAsString());
  }

  @Test
  @DisplayName("discharge board: a re-sent SIP kallelse after the deadline does not turn a kallelse sent in time into a late one")
  void resentKallelseStaysInTime() throws Exception {
    Session s = login("lead");
    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "SIP_KALLELSE", "2026-11-21T08:00:00Z"); // utskrivningsklar 2026-11-20, deadline 2026-11-23
    svu(integration, "SIP_KALLELSE", "2026-11-24T08:00:00Z"); // day 4, after the deadline
    JsonObject e = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("SENT_IN_TIME", e.get("sipStatus").getAsString(), e.toString());
    assertEquals("2026-11-21T08:00:00Z", stepAt(e.getAsJsonArray("steps"), "SIP_KALLELSE"));
  }

  @Test
  @DisplayName("discharge board: a re-sent utskrivningsklar keeps the clocks running from the first; after ej längre utskrivningsklar a new one starts them again")
  void readinessPeriods() throws Exception {
    Session s = login("lead");
    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "UTSKRIVNINGSKLAR", "2026-11-22T08:00:00Z"); // the seeded episode is utskrivningsklar since 2026-11-20T10:00Z
    JsonObject resent = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("2026-11-20T10:00:00Z", stepAt(resent.getAsJsonArray("steps"), "UTSKRIVNINGSKLAR"), resent.toString());
    assertEquals("2026-11-23", resent.get("sipDeadline").getAsString());
    assertEquals(DischargeFigures.SKANE.days(Instant.parse("2026-11-20T10:00:00Z"), Instant.now()), resent.get("daysWaiting").getAsInt());

    svu(integration, "SIP_KALLELSE", "2026-11-21T09:00:00Z");
    svu(integration, "UTSKRIVNINGSKLAR", "2026-11-23T08:00:00Z"); // arrives before the withdrawal it follows
    svu(integration, "EJ_LANGRE_UTSKRIVNINGSKLAR", "2026-11-22T12:00:00Z");
    svu(integration, "UTSKRIVNINGSKLAR", "2026-11-21T08:00:00Z"); // a late re-send from the first period
    JsonObject again = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("READY_FOR_DISCHARGE", again.get("status").getAsString());
    assertEquals("2026-11-23T08:00:00Z", stepAt(again.getAsJsonArray("steps"), "UTSKRIVNINGSKLAR"), again.toString());
    assertEquals("2026-11-26", again.get("sipDeadline").getAsString());
    assertNull(stepAt(again.getAsJsonArray("steps"), "SIP_KALLELSE"), "the first period's kallelse does not answer the new deadline");
    assertEquals(DischargeFigures.SKANE.sipStatus(Instant.parse("2026-11-23T08:00:00Z"), null, Instant.now()).name(),
        again.get("sipStatus").getAsString());
    assertFalse(record(TestServer.EPISODE_A).has("sipKallelseAt"), "the tablets get the episode without it");
  }

  @Test
  @DisplayName("discharge board: a patient discharged after ej längre utskrivningsklar has no days to discharge, is not in the average, and the board says why")
  void withdrawnReadinessIsNotCountedAtDischarge() throws Exception {
    Session s = login("lead");
    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "SIP_BEHOVS", "2026-11-20T11:00:00Z");
    svu(integration, "EJ_LANGRE_UTSKRIVNINGSKLAR", "2026-11-21T08:00:00Z"); // withdraws the seeded 2026-11-20T10:00Z
    svu(integration, "UTSKRIVEN", "2026-11-22T13:00:00Z");
    JsonObject board = get(API + "/discharge-board", s).json();
    JsonObject e = board.getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("DISCHARGED", e.get("status").getAsString());
    assertTrue(e.get("daysToDischarge").isJsonNull(), e.toString());
    assertTrue(e.get("daysWaiting").isJsonNull());
    assertFalse(e.get("overTarget").getAsBoolean());
    assertEquals("NOT_DUE", e.get("sipStatus").getAsString(), "no SIP deadline runs from a withdrawn readiness");
    assertTrue(e.get("sipDeadline").isJsonNull());
    assertTrue(e.get("notCountedReason").getAsString().contains("ingår inte i snittet"), e.toString());
    assertEquals(0, board.get("dischargedCount").getAsInt());
    assertTrue(board.get("averageDays").isJsonNull());
    // the steps still show both times
    assertEquals("2026-11-20T10:00:00Z", stepAt(e.getAsJsonArray("steps"), "UTSKRIVNINGSKLAR"));
    assertEquals("2026-11-21T08:00:00Z", stepAt(e.getAsJsonArray("steps"), "EJ_LANGRE_UTSKRIVNINGSKLAR"));

    // ready again before discharge: counted from the new readiness, and nothing to explain
    svu(integration, "UTSKRIVNINGSKLAR", "2026-11-22T08:00:00Z");
    JsonObject again = get(API + "/discharge-board", s).json();
    JsonObject counted = again.getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals(0, counted.get("daysToDischarge").getAsInt(), counted.toString());
    assertTrue(counted.get("notCountedReason").isJsonNull());
    assertEquals(1, again.get("dischargedCount").getAsInt());
  }

  @Test
  @DisplayName("discharge board: a kallelse sent after the 3-day deadline ran out while the patient was utskrivningsklar is late, also once the readiness is withdrawn")
  void lateKallelseStaysLateAfterAWithdrawal() throws Exception {
    Session s = login("lead");
    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "SIP_KALLELSE", "2026-11-24T08:00:00Z"); // utskrivningsklar 2026-11-20, deadline 2026-11-23
    JsonObject late = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("SENT_LATE", late.get("sipStatus").getAsString(), late.toString());

    svu(integration, "EJ_LANGRE_UTSKRIVNINGSKLAR", "2026-11-24T12:00:00Z");
    JsonObject withdrawn = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("NO_LONGER_READY", withdrawn.get("status").getAsString());
    assertEquals("SENT_LATE", withdrawn.get("sipStatus").getAsString(),
        "the deadline ran out while the readiness stood; the withdrawal does not make the kallelse timely: " + withdrawn);
    assertEquals("Kallad för sent", withdrawn.get("sipStatusLabel").getAsString());
    assertTrue(withdrawn.get("sipDeadline").isJsonNull(), "no deadline runs now");
  }

  @Test
  @DisplayName("discharge board: the inskrivningsmeddelande against its 24 hours from admission, or from a later judgement that insatser are needed")
  void inskrivningsmeddelandeDeadline() throws Exception {
    Session s = login("lead");
    JsonObject before = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("NOT_DUE", before.get("inskrivningsmeddelandeStatus").getAsString(), "no admission time: nothing is called late");
    assertTrue(before.get("inskrivningsmeddelandeDue").isJsonNull());

    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "INSKRIVEN", "2026-11-18T08:00:00Z");
    JsonObject overdue = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("OVERDUE", overdue.get("inskrivningsmeddelandeStatus").getAsString(), overdue.toString());
    assertEquals("Ej skickat, 24 timmar har passerat", overdue.get("inskrivningsmeddelandeStatusLabel").getAsString());
    assertEquals("2026-11-19T08:00:00Z", overdue.get("inskrivningsmeddelandeDue").getAsString());
    assertEquals("2026-11-18T08:00:00Z", stepAt(overdue.getAsJsonArray("steps"), "INSKRIVEN"));

    svu(integration, "INSKRIVNINGSMEDDELANDE", "2026-11-19T09:00:00Z"); // 25 hours after admission
    JsonObject late = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("SENT_LATE", late.get("inskrivningsmeddelandeStatus").getAsString(), late.toString());
    assertTrue(record(TestServer.EPISODE_A).get("inskrivningsmeddelandeLate").getAsBoolean(), "the tablets get the flag");

    svu(integration, "INSATSBEHOV_BEDOMT", "2026-11-18T12:00:00Z"); // judged later: 21 hours before the meddelande
    JsonObject judged = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("SENT_IN_TIME", judged.get("inskrivningsmeddelandeStatus").getAsString(), judged.toString());
    assertEquals("2026-11-19T12:00:00Z", judged.get("inskrivningsmeddelandeDue").getAsString());
    assertFalse(record(TestServer.EPISODE_A).get("inskrivningsmeddelandeLate").getAsBoolean());
  }

  @Test
  @DisplayName("discharge board: betalningsansvar by the default rule, 3 calendar days after utskrivningsklar once the kommun has both notices; none after a withdrawal")
  void paymentResponsibility() throws Exception {
    Session s = login("lead");
    JsonObject board = get(API + "/discharge-board", s).json();
    assertEquals(3, board.get("paymentDays").getAsInt());
    assertEquals("CALENDAR", board.get("paymentDayKind").getAsString());
    assertEquals("3 kalenderdagar", board.get("paymentRule").getAsString());
    JsonObject noMeddelande = board.getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("NO_INSKRIVNINGSMEDDELANDE", noMeddelande.get("paymentStatus").getAsString(), noMeddelande.toString());
    assertTrue(noMeddelande.get("paymentStartDate").isJsonNull());

    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "INSKRIVNINGSMEDDELANDE", "2026-11-18T09:00:00Z"); // utskrivningsklar (seeded) Friday 2026-11-20
    JsonObject started = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("2026-11-23", started.get("paymentStartDate").getAsString(), started.toString());
    Instant now = Instant.now();
    assertEquals(PaymentResponsibility.DEFAULT.status(Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-18T09:00:00Z"), null, now).name(),
        started.get("paymentStatus").getAsString());

    svu(integration, "EJ_LANGRE_UTSKRIVNINGSKLAR", "2026-11-24T08:00:00Z");
    JsonObject withdrawn = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("NOT_READY", withdrawn.get("paymentStatus").getAsString(), withdrawn.toString());
    assertTrue(withdrawn.get("paymentStartDate").isJsonNull());

    svu(integration, "UTSKRIVNINGSKLAR", "2026-11-24T15:00:00Z");
    svu(integration, "UTSKRIVEN", "2026-11-24T20:00:00Z");
    JsonObject discharged = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("2026-11-27", discharged.get("paymentStartDate").getAsString(), "counted again from the new utskrivningsklar");
    assertEquals("DISCHARGED_BEFORE_START", discharged.get("paymentStatus").getAsString());
  }

  @Test
  @DisplayName("discharge board: betalningsansvar configured as 3 vardagar: a Friday's utskrivningsklar starts it on Wednesday")
  void paymentResponsibilityInWeekdays() throws Exception {
    t.close();
    t = TestServer.start(dir.resolve("weekdays"), c -> c.withPaymentResponsibility(
        new PaymentResponsibility(3, PaymentResponsibility.DayKind.WEEKDAYS, java.time.ZoneId.of("Europe/Stockholm"))));
    Session s = login("lead");
    svu(t.login("svu", UUID.randomUUID().toString()), "INSKRIVNINGSMEDDELANDE", "2026-11-18T09:00:00Z");
    JsonObject board = get(API + "/discharge-board", s).json();
    assertEquals("3 vardagar", board.get("paymentRule").getAsString());
    assertEquals("WEEKDAYS", board.get("paymentDayKind").getAsString());
    assertEquals("2026-11-25", board.getAsJsonArray("patients").get(0).getAsJsonObject().get("paymentStartDate").getAsString());
  }

  @Test
  @DisplayName("discharge board: a SIP deadline missed before ej längre utskrivningsklar stays missed; a kallelse sent after the withdrawal answers the next period, and the missed one stays listed")
  void missedDeadlineSurvivesAWithdrawal() throws Exception {
    Session s = login("lead");
    String integration = t.login("svu", UUID.randomUUID().toString());
    svu(integration, "EJ_LANGRE_UTSKRIVNINGSKLAR", "2026-11-24T08:00:00Z"); // utskrivningsklar 2026-11-20, deadline 2026-11-23
    JsonObject withdrawn = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("MISSED", withdrawn.get("sipStatus").getAsString(), "not 'no deadline running': " + withdrawn);
    assertEquals("Frist missad: ej kallad medan utskrivningsklar", withdrawn.get("sipStatusLabel").getAsString());
    assertTrue(withdrawn.get("sipDeadline").isJsonNull(), "no deadline runs now");
    assertEquals(0, withdrawn.getAsJsonArray("earlierReadiness").size());

    svu(integration, "SIP_KALLELSE", "2026-11-24T12:00:00Z"); // after the withdrawal
    JsonObject sentAfter = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("MISSED", sentAfter.get("sipStatus").getAsString(), "a kallelse after the withdrawal does not answer the withdrawn period");
    assertEquals("2026-11-24T12:00:00Z", stepAt(sentAfter.getAsJsonArray("steps"), "SIP_KALLELSE"), "the step still shows it went out");

    svu(integration, "UTSKRIVNINGSKLAR", "2026-11-24T15:00:00Z");
    JsonObject again = get(API + "/discharge-board", s).json().getAsJsonArray("patients").get(0).getAsJsonObject();
    assertEquals("SENT_IN_TIME", again.get("sipStatus").getAsString(), "it answers the new period: " + again);
    assertEquals("2026-11-27", again.get("sipDeadline").getAsString());
    JsonArray earlier = again.getAsJsonArray("earlierReadiness");
    assertEquals(1, earlier.size(), again.toString());
    JsonObject first = earlier.get(0).getAsJsonObject();
    assertEquals("MISSED", first.get("sipStatus").getAsString(), "the missed deadline stays visible for its period");
    assertEquals("2026-11-23", first.get("sipDeadline").getAsString());
    assertEquals("2026-11-20T10:00:00Z", first.get("utskrivningsklarAt").getAsString());
    assertEquals("2026-11-24T08:00:00Z", first.get("ejLangreUtskrivningsklarAt").getAsString());
    assertTrue(first.get("sipKallelseAt").isJsonNull());
  }

  @Test
  @DisplayName("discharge board: a late SVU message for a closed episode records its time and does not reopen it")
  void lateMessageKeepsAClosedEpisodeClosed() throws Exception {
    String closed = UUID.randomUUID().toString();
    JsonObject data = new JsonObject();
    data.addProperty("id", closed);
    data.addProperty("patientId", TestServer.PATIENT_A);
    data.addProperty("status", "CLOSED");
    data.addProperty("utskrivningsklarAt", "2026-11-18T08:00:00Z");
    data.addProperty("utskrivenAt", "2026-11-19T13:00:00Z");
    t.server.database().inWrite(h -> new se.nara.server.sync.ServerRecords(new se.nara.server.store.RecordStore(), java.time.Clock.systemUTC())
        .insert(h, "care_episode", closed, TestServer.PATIENT_A, data, null, "avslutat ärende"));
    String integration = t.login("svu", UUID.randomUUID().toString());
    TestServer.Reply r = t.post("/api/v1/svu/messages",
        "{\"episodeId\":\"" + closed + "\",\"type\":\"SIP_HALLEN\",\"eventTime\":\"2026-11-23T10:00:00Z\"}", integration);
    assertEquals(200, r.status(), r.body());
    assertEquals("CLOSED", r.json().get("status").getAsString());
    assertEquals("CLOSED", record(closed).get("status").getAsString());
    assertEquals("2026-11-23T10:00:00Z", record(closed).get("sipHeldAt").getAsString(), "its time is still recorded");
    JsonObject board = get(API + "/discharge-board", login("lead")).json();
    assertFalse(board.toString().contains(closed), "a closed episode stays off the board: " + board);
    assertEquals(1, board.get("dischargedCount").getAsInt(), "and is still counted in the average");
    assertEquals(1.0, board.get("averageDays").getAsDouble());
  }

  void svu(String token, String type, String at) throws IOException {
    TestServer.Reply r = t.post("/api/v1/svu/messages",
        "{\"episodeId\":\"" + TestServer.EPISODE_A + "\",\"type\":\"" + type + "\",\"eventTime\":\"" + at + "\"}", token);
    assertEquals(200, r.status(), r.body());
  }

  static String stepAt(JsonArray steps, String key) {
    for (JsonElement e : steps) {
      if (e.getAsJsonObject().get("key").getAsString().equals(key)) {
        JsonElement at = e.getAsJsonObject().get("at");
        return at == null || at.isJsonNull() ? null : at.getAsString();
      }
    }
    return null;
  }

  @Test
  @DisplayName("fleet: each team device with its user, last sync, reported queue, open conflicts and revocation")
  void fleet() throws Exception {
    Mutation m = new Mutation(devA1, ++nA1, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, 1, dose("2 tabletter"), null, Instant.now());
    Instant oldest = Instant.now().minusSeconds(3600);
    assertEquals(200, t.post("/api/v1/sync/push", json(new PushRequest(devA1, List.of(m), 4, oldest)), tokenA1).status());
    assertEquals(200, t.get("/api/v1/sync/pull?limit=5000", tokenA1).status());
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    Mutation clash = new Mutation(devA2, 1, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, 1, dose("3 tabletter"), null, Instant.now());
    assertEquals(200, t.post("/api/v1/sync/push", json(new PushRequest(devA2, List.of(clash), 1, null)), tokenA2).status());
    t.server.database().inWrite(h -> h.createUpdate("UPDATE devices SET revoked_at = :now WHERE device_id = :d")
        .bind("now", System.currentTimeMillis()).bind("d", devA2).execute());
    t.login("b1", UUID.randomUUID().toString());
    Session s = login("lead");

    JsonArray devices = get(API + "/fleet", s).json().getAsJsonArray("devices");
    JsonObject anna = device(devices, devA1);
    assertEquals("Anna Andersson", anna.get("staffName").getAsString());
    assertEquals(4, anna.get("outboxDepth").getAsInt());
    assertTrue(anna.get("oldestPendingMinutes").getAsLong() >= 59, anna.toString());
    assertFalse(anna.get("lastSyncAt").isJsonNull());
    assertFalse(anna.get("revoked").getAsBoolean());
    assertEquals(0, anna.get("openConflicts").getAsInt());
    JsonObject erik = device(devices, devA2);
    assertTrue(erik.get("revoked").getAsBoolean());
    assertEquals(1, erik.get("openConflicts").getAsInt(), "the conflict his tablet's value is waiting in");
    assertTrue(erik.get("lastSyncAt").isJsonNull());
    for (JsonElement e : devices) {
      assertFalse(e.getAsJsonObject().get("staffName").getAsString().equals("Britt Berg"), "another team's tablet is not listed");
    }
  }

  static JsonObject dose(String value) {
    JsonObject f = new JsonObject();
    f.addProperty("dose", value);
    return f;
  }

  static JsonObject device(JsonArray devices, String id) {
    for (JsonElement e : devices) {
      if (e.getAsJsonObject().get("deviceId").getAsString().equals(id)) {
        return e.getAsJsonObject();
      }
    }
    throw new AssertionError("device " + id + " not in " + devices);
  }

  @Test
  @DisplayName("a visit stored with a time beyond the calendar is left out of the list, which still answers")
  void storedTimeBeyondTheCalendar() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    String poisoned = UUID.randomUUID().toString();
    JsonObject data = new JsonObject();
    data.addProperty("id", poisoned);
    data.addProperty("patientId", TestServer.PATIENT_A);
    data.addProperty("teamId", TestServer.TEAM_A);
    data.addProperty("plannedStart", "+1000000000-01-01T00:00:00Z");
    t.server.database().inWrite(h -> new se.nara.server.sync.ServerRecords(new se.nara.server.store.RecordStore(), java.time.Clock.systemUTC())
        .insert(h, "visit", poisoned, TestServer.PATIENT_A, data, null, "written before times were bounded"));
    Answer list = get(API + "/visits", login("lead"));
    assertEquals(200, list.status(), list.body());
    assertNotNull(visitIn(list, visit), "the team's other visits are listed");
    assertNull(visitIn(list, poisoned));
  }

  @Test
  @DisplayName("a care episode stored with a date beyond the calendar stays on the discharge board with that date marked invalid and counted nowhere")
  void storedEpisodeDateBeyondTheCalendar() throws Exception {
    String poisoned = UUID.randomUUID().toString();
    JsonObject data = new JsonObject();
    data.addProperty("id", poisoned);
    data.addProperty("patientId", TestServer.PATIENT_A);
    data.addProperty("status", "DISCHARGED");
    data.addProperty("utskrivningsklarAt", "2026-11-20T08:00:00Z");
    data.addProperty("utskrivenAt", "+1000000000-01-01T00:00:00Z");
    t.server.database().inWrite(h -> new se.nara.server.sync.ServerRecords(new se.nara.server.store.RecordStore(), java.time.Clock.systemUTC())
        .insert(h, "care_episode", poisoned, TestServer.PATIENT_A, data, null, "written before times were bounded"));
    Answer board = get(API + "/discharge-board", login("lead"));
    assertEquals(200, board.status(), board.body());
    assertTrue(board.body().contains(TestServer.EPISODE_A), "the team's other episodes are on the board: " + board.body());
    JsonObject shown = null;
    for (JsonElement e : board.json().getAsJsonArray("patients")) {
      if (e.getAsJsonObject().get("episodeId").getAsString().equals(poisoned)) {
        shown = e.getAsJsonObject();
      }
    }
    assertNotNull(shown, "the episode, its open items and discrepancies stay on the board: " + board.body());
    assertEquals("[\"Utskriven\"]", shown.getAsJsonArray("invalidTimes").toString());
    assertTrue(shown.get("daysToDischarge").isJsonNull(), "no day count is made of an invalid time");
    assertTrue(shown.get("daysWaiting").isJsonNull(), "a discharged patient does not read as still waiting");
    assertFalse(shown.get("overTarget").getAsBoolean());
    assertEquals("UNKNOWN", shown.get("sipStatus").getAsString(), "nor as overdue for a SIP kallelse");
    boolean marked = false;
    for (JsonElement step : shown.getAsJsonArray("steps")) {
      if (step.getAsJsonObject().get("key").getAsString().equals("UTSKRIVEN")) {
        marked = step.getAsJsonObject().get("invalid").getAsBoolean() && step.getAsJsonObject().get("at").isJsonNull();
      }
    }
    assertTrue(marked, "the step says its time is invalid: " + shown);
  }

  @Test
  @DisplayName("a locked account is told so in Swedish on the team leader page, with the wait")
  void lockedAccountInSwedish() throws Exception {
    Answer last = null;
    for (int i = 0; i < 6; i++) {
      last = loginAnswer("lead", "fel-lösenord");
    }
    assertEquals("ACCOUNT_LOCKED", last.json().get("code").getAsString(), last.body());
    String message = last.json().get("message").getAsString();
    assertTrue(message.startsWith("För många misslyckade inloggningar. Försök igen om 5 minuter"), message);
    assertFalse(message.contains("too many"), message);
  }

  private JsonObject pushRecord(String token, String dev, long n, String type, String id, long base, JsonObject fields)
      throws IOException {
    Mutation m = new Mutation(dev, n, type, id, base == 0 ? MutationOp.CREATE : MutationOp.UPDATE, base, fields, null, Instant.now());
    TestServer.Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(m), 1, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  @Test
  @DisplayName("a conflict over a visit's team names the teams, not their ids")
  void aConflictOverATeamNamesTheTeams() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    JsonObject first = new JsonObject();
    first.addProperty("teamId", TestServer.TEAM_B);
    first.addProperty("note", "Lämnas till ASIH");
    assertEquals("APPLIED", pushRecord(tokenA1, devA1, ++nA1, "visit", visit, 1, first).get("status").getAsString());
    JsonObject second = new JsonObject();
    second.addProperty("teamId", TestServer.TEAM_A);
    second.addProperty("status", "CANCELLED");
    assertEquals("CONFLICT", pushRecord(tokenA2, devA2, 1, "visit", visit, 1, second).get("status").getAsString());

    JsonArray queue = get(API + "/conflicts", login("lead")).json().getAsJsonArray("conflicts");
    assertEquals(1, queue.size(), queue.toString());
    JsonObject labels = queue.get(0).getAsJsonObject().getAsJsonObject("valueLabels").getAsJsonObject("teamId");
    assertNotNull(labels, queue.toString());
    assertEquals("Hemtagningsteam Malmö", labels.get(TestServer.TEAM_A).getAsString());
    assertEquals("ASIH Lund", labels.get(TestServer.TEAM_B).getAsString());
  }

  @Test
  @DisplayName("a plan signed over an action another tablet added shows that action by name in the review queue")
  void signatureOverUnseenPartsNamesThem() throws Exception {
    String plan = UUID.randomUUID().toString();
    JsonObject p = new JsonObject();
    p.addProperty("patientId", TestServer.PATIENT_A);
    p.addProperty("planType", "SIP");
    p.addProperty("status", "ACTIVE");
    assertEquals("APPLIED", pushRecord(tokenA1, devA1, ++nA1, "plan", plan, 0, p).get("status").getAsString());
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    JsonObject a = new JsonObject();
    a.addProperty("patientId", TestServer.PATIENT_A);
    a.addProperty("planId", plan);
    a.addProperty("description", "Insulin kväll");
    a.addProperty("responsible", "REGION");
    a.addProperty("status", "PLANNED");
    assertEquals("APPLIED", pushRecord(tokenA2, devA2, 1, "plan_action", UUID.randomUUID().toString(), 0, a).get("status").getAsString());
    JsonObject sign = new JsonObject();
    sign.addProperty("signedBy", TestServer.NURSE_A1);
    sign.addProperty("signedAt", Instant.now().toString());
    JsonObject signed = pushRecord(tokenA1, devA1, ++nA1, "plan", plan, 1, sign);
    assertEquals("MERGED", signed.get("status").getAsString(), signed.toString());
    String conflictId = signed.getAsJsonArray("conflictIds").get(0).getAsString();
    Answer queue = get(API + "/conflicts", login("lead"));
    assertEquals(200, queue.status(), queue.body());
    JsonObject item = null;
    for (JsonElement e : queue.json().getAsJsonArray("conflicts")) {
      if (e.getAsJsonObject().get("id").getAsString().equals(conflictId)) {
        item = e.getAsJsonObject();
      }
    }
    assertNotNull(item, queue.body());
    assertEquals("[\"Insats i plan: Insulin kväll\"]", item.getAsJsonArray("changedParts").toString());
    assertTrue(item.get("acknowledgeOnly").getAsBoolean());
  }

  // --- automatically resolved conflicts, deviations, "ej aktuell" --------------------------------

  /** Pushes one change of any record type and answers its result. */
  JsonObject mutate(String token, String dev, long n, String type, String id, MutationOp op, long base, JsonObject f) throws IOException {
    Mutation m = new Mutation(dev, n, type, id, op, base, f, null, Instant.now());
    TestServer.Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(m), 1, null)), token);
    assertEquals(200, r.status(), r.body());
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject();
  }

  static JsonObject fields(Object... kv) {
    JsonObject f = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      f.add((String) kv[i], kv[i + 1] == null ? com.google.gson.JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(String.valueOf(kv[i + 1])));
    }
    return f;
  }

  /** A team leader of team B ("lead.b"), made as the test server makes its accounts. */
  void teamBLeader() {
    String id = UUID.randomUUID().toString();
    String hash = new se.nara.server.auth.PasswordHasher(1000).hash(TestServer.PASSWORD.toCharArray());
    t.server.database().inWrite(h -> {
      se.nara.server.store.AccountStore accounts = new se.nara.server.store.AccountStore();
      accounts.upsert(h, new se.nara.server.store.Account(id, "lead.b", hash, "Bodil Ledare", "TEAMLEDARE", true, 0, null));
      accounts.addTeamMember(h, id, TestServer.TEAM_B);
      new se.nara.server.sync.ServerRecords(new se.nara.server.store.RecordStore(), java.time.Clock.systemUTC()).insertAll(h,
          List.of(se.nara.sdk.model.Staff.builder().id(id).name("Bodil Ledare").username("lead.b")
              .profession(se.nara.sdk.model.Profession.TEAMLEDARE).teamIds(List.of(TestServer.TEAM_B)).build()), null);
      return null;
    });
  }

  long auditsOf(String patient, String team, String resourceType, String outcome) {
    return t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE staff_id = :s AND patient_id = :p AND team_id = :t AND action = 'READ'"
                + " AND resource_type = :r AND outcome = :o")
        .bind("s", TestServer.LEAD_A).bind("p", patient).bind("t", team).bind("r", resourceType).bind("o", outcome)
        .mapTo(Long.class).one());
  }

  JsonObject byId(JsonArray list, String id) {
    for (JsonElement e : list) {
      if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
        return e.getAsJsonObject();
      }
    }
    return null;
  }

  @Test
  @DisplayName("automatically resolved: what the rule kept and what it overrode, by whom and when, newest first; not in the review queue; acknowledged (Kvittera) it stays listed as such")
  void autoResolvedConflicts() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    // Rule 5: Anna confirms the item; Erik, who never saw that, confirms it too. Anna's confirmation stands, Erik's is kept aside.
    assertEquals("APPLIED", pushItem(tokenA1, devA1, ++nA1, "DONE", TestServer.NURSE_A1).get("status").getAsString());
    JsonObject second = pushItem(tokenA2, devA2, 1, "DONE", TestServer.NURSE_A2);
    String checklistConflict = second.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("AUTO_RESOLVED", record(checklistConflict).get("status").getAsString(), second.toString());
    Thread.sleep(5);
    // Rule 11: two planned ends for one visit; the later change wins and Anna's earlier one is kept aside.
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    Instant end = Instant.parse(record(visit).get("plannedEnd").getAsString());
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "visit", visit, MutationOp.UPDATE, 1,
        fields("plannedEnd", end.plusSeconds(600))).get("status").getAsString());
    JsonObject later = mutate(tokenA2, devA2, 2, "visit", visit, MutationOp.UPDATE, 1, fields("plannedEnd", end.plusSeconds(1200)));
    String visitConflict = later.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("AUTO_RESOLVED", record(visitConflict).get("status").getAsString(), later.toString());
    // A dose clash needs review: a person's decision on it is no automatic resolution.
    assertEquals("APPLIED", pushLine(tokenA1, devA1, ++nA1, "2 tabletter").get("status").getAsString());
    String doseConflict = pushLine(tokenA2, devA2, 3, "1/2 tablett").getAsJsonArray("conflictIds").get(0).getAsString();
    Session s = login("lead");
    assertEquals(1, get(API + "/conflicts", s).json().getAsJsonArray("conflicts").size(), "only the dose clash waits for review");
    assertEquals(200, post(API + "/conflicts/" + doseConflict + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", s).status());

    Answer list = get(API + "/auto-resolved", s);
    assertEquals(200, list.status(), list.body());
    assertEquals(30, list.json().get("days").getAsInt());
    assertEquals(2, list.json().get("unacknowledged").getAsInt(), list.body());
    JsonArray items = list.json().getAsJsonArray("conflicts");
    assertEquals(2, items.size(), "the decided dose clash is not the rules' doing: " + list.body());
    assertEquals(visitConflict, items.get(0).getAsJsonObject().get("id").getAsString(), "newest first");
    assertEquals(checklistConflict, items.get(1).getAsJsonObject().get("id").getAsString());

    JsonObject item = items.get(1).getAsJsonObject();
    assertEquals("AUTO_RESOLVED", item.get("status").getAsString());
    assertEquals("Automatiskt löst", item.get("statusLabel").getAsString());
    assertEquals("Astrid Lind", item.get("patientName").getAsString());
    assertEquals("Checklistpunkt: Läkemedel finns hemma", item.get("entityLabel").getAsString());
    assertEquals("DEVICE", item.get("overridden").getAsString(), "the tablet's second confirmation was set aside: " + item);
    assertEquals(TestServer.NURSE_A1, item.getAsJsonObject("keptValue").get("confirmedBy").getAsString());
    assertEquals(TestServer.NURSE_A2, item.getAsJsonObject("deviceValue").get("confirmedBy").getAsString(), "the overridden value is shown");
    assertEquals("Erik Eriksson", item.get("deviceAuthor").getAsString());
    assertEquals("Anna Andersson", item.get("serverAuthor").getAsString());
    assertFalse(item.get("deviceTime").isJsonNull(), "when the overridden value was entered");
    assertFalse(item.get("ruleLabel").getAsString().isBlank());
    assertEquals("Erik Eriksson", item.getAsJsonObject("valueLabels").getAsJsonObject("confirmedBy").get(TestServer.NURSE_A2).getAsString());
    assertFalse(item.get("acknowledged").getAsBoolean());
    JsonObject plain = items.get(0).getAsJsonObject();
    assertEquals("SERVER", plain.get("overridden").getAsString(), "the later planned end won; Anna's is kept aside: " + plain);
    assertEquals(end.plusSeconds(600), Instant.parse(plain.getAsJsonObject("serverValue").get("plannedEnd").getAsString()));
    assertEquals("Anna Andersson", plain.get("serverAuthor").getAsString());

    // Kvittera: the review model's acknowledgement (KEEP_SERVER) changes nothing on the item.
    Answer ack = post(API + "/conflicts/" + checklistConflict + "/resolve", "{\"choice\":\"KEEP_SERVER\",\"note\":\"Sett, rätt\"}", s);
    assertEquals(200, ack.status(), ack.body());
    assertEquals("RESOLVED", record(checklistConflict).get("status").getAsString());
    assertEquals(TestServer.NURSE_A1, record(TestServer.ITEM_A).get("confirmedBy").getAsString());
    JsonObject acknowledged = byId(get(API + "/auto-resolved", s).json().getAsJsonArray("conflicts"), checklistConflict);
    assertNotNull(acknowledged, "an acknowledged automatic resolution stays on the list");
    assertTrue(acknowledged.get("acknowledged").getAsBoolean());
    assertEquals("Kvitterad", acknowledged.get("statusLabel").getAsString());
    assertEquals("Karin Ledare", acknowledged.get("acknowledgedBy").getAsString());
    assertEquals("Sett, rätt", acknowledged.get("acknowledgeNote").getAsString());
    assertEquals(1, get(API + "/auto-resolved", s).json().get("unacknowledged").getAsInt());
    assertEquals("ALREADY_RESOLVED", post(API + "/conflicts/" + checklistConflict + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", s).code());

    assertField(get(API + "/auto-resolved?days=0", s), 400, "days");
    assertField(get(API + "/auto-resolved?days=abc", s), 400, "days");
    assertField(get(API + "/auto-resolved?days=367", s), 400, "days");
  }

  @Test
  @DisplayName("automatically resolved: acknowledging one after the record changed again keeps what the rule decided and what it overrode")
  void acknowledgingKeepsTheRulesResult() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    Instant end = Instant.parse(record(visit).get("plannedEnd").getAsString());
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "visit", visit, MutationOp.UPDATE, 1,
        fields("plannedEnd", end.plusSeconds(600))).get("status").getAsString());
    JsonObject later = mutate(tokenA2, devA2, 1, "visit", visit, MutationOp.UPDATE, 1, fields("plannedEnd", end.plusSeconds(1200)));
    String conflict = later.getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("AUTO_RESOLVED", record(conflict).get("status").getAsString(), later.toString());
    // Afterwards Anna, who has seen the result, moves the end once more: an ordinary change, no conflict.
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "visit", visit, MutationOp.UPDATE, version(visit),
        fields("plannedEnd", end.plusSeconds(1800))).get("status").getAsString());
    Session s = login("lead");
    JsonObject before = byId(get(API + "/auto-resolved", s).json().getAsJsonArray("conflicts"), conflict);
    assertEquals(end.plusSeconds(1200), Instant.parse(before.getAsJsonObject("keptValue").get("plannedEnd").getAsString()));
    assertEquals(end.plusSeconds(1800), Instant.parse(before.getAsJsonObject("currentValue").get("plannedEnd").getAsString()));
    assertEquals("SERVER", before.get("overridden").getAsString(), before.toString());

    assertEquals(200, post(API + "/conflicts/" + conflict + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", s).status());
    JsonObject after = byId(get(API + "/auto-resolved", s).json().getAsJsonArray("conflicts"), conflict);
    assertTrue(after.get("acknowledged").getAsBoolean(), after.toString());
    // Kvittera is no decision of its own: "Behölls (regelns resultat)" and "Åsidosatt" stay what the rule did.
    assertEquals(end.plusSeconds(1200), Instant.parse(after.getAsJsonObject("keptValue").get("plannedEnd").getAsString()),
        "the rule's result, not the value the record had when it was acknowledged: " + after);
    assertEquals("SERVER", after.get("overridden").getAsString(), after.toString());
    assertEquals(end.plusSeconds(1200), Instant.parse(
        JsonParser.parseString(record(conflict).get("resultValue").getAsString()).getAsJsonObject().get("plannedEnd").getAsString()),
        "the conflict record, which the tablets show, keeps the rule's result too");
  }

  @Test
  @DisplayName("automatically resolved: one a team leader decided otherwise (the tablet's value taken) still shows what the rule kept, and is not called acknowledged")
  void aDecisionOnAnAutomaticResolutionIsNoAcknowledgement() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    assertEquals("APPLIED", pushItem(tokenA1, devA1, ++nA1, "DONE", TestServer.NURSE_A1).get("status").getAsString());
    String conflict = pushItem(tokenA2, devA2, 1, "DONE", TestServer.NURSE_A2).getAsJsonArray("conflictIds").get(0).getAsString();
    assertEquals("AUTO_RESOLVED", record(conflict).get("status").getAsString());
    Session s = login("lead");
    Answer taken = post(API + "/conflicts/" + conflict + "/resolve", "{\"choice\":\"TAKE_DEVICE\",\"note\":\"Erik bekräftade\"}", s);
    assertEquals(200, taken.status(), taken.body());
    assertEquals(TestServer.NURSE_A2, record(TestServer.ITEM_A).get("confirmedBy").getAsString(), "the tablet's value now stands");
    JsonObject item = byId(get(API + "/auto-resolved", s).json().getAsJsonArray("conflicts"), conflict);
    assertNotNull(item);
    assertEquals(TestServer.NURSE_A1, item.getAsJsonObject("keptValue").get("confirmedBy").getAsString(),
        "'Behölls (regelns resultat)' is what the rule kept, not the team leader's later decision: " + item);
    assertEquals("DEVICE", item.get("overridden").getAsString(), item.toString());
    assertEquals(TestServer.NURSE_A2, item.getAsJsonObject("currentValue").get("confirmedBy").getAsString(), "what holds now");
    assertNotEquals("Kvitterad", item.get("statusLabel").getAsString(), "taking the other value is a decision, not an acknowledgement");
  }

  @Test
  @DisplayName("automatically resolved: another team's leader sees nothing of this team's, another team cannot be chosen, and every list is in the access log")
  void autoResolvedScopeAndAudit() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    pushItem(tokenA1, devA1, ++nA1, "DONE", TestServer.NURSE_A1);
    String conflict = pushItem(tokenA2, devA2, 1, "DONE", TestServer.NURSE_A2).getAsJsonArray("conflictIds").get(0).getAsString();
    teamBLeader();
    Session b = login("lead.b");
    Answer theirs = get(API + "/auto-resolved", b);
    assertEquals(200, theirs.status(), theirs.body());
    assertEquals(0, theirs.json().getAsJsonArray("conflicts").size(), theirs.body());
    assertFalse(theirs.body().contains(conflict));
    assertEquals(403, get(API + "/auto-resolved?team=" + TestServer.TEAM_A, b).status());
    assertEquals(404, post(API + "/conflicts/" + conflict + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", b).status(),
        "nor acknowledge it");
    assertEquals("AUTO_RESOLVED", record(conflict).get("status").getAsString());

    Session s = login("lead");
    assertEquals(403, get(API + "/auto-resolved?team=" + TestServer.TEAM_B, s).status());
    assertEquals(0, auditsOf(TestServer.PATIENT_A, TestServer.TEAM_A, "conflict", "TEAMLEAD_AUTO_RESOLVED"));
    assertEquals(1, get(API + "/auto-resolved", s).json().getAsJsonArray("conflicts").size());
    assertEquals(1, auditsOf(TestServer.PATIENT_A, TestServer.TEAM_A, "conflict", "TEAMLEAD_AUTO_RESOLVED"),
        "one read entry per patient shown");
    // A spärr toward the team hides the patient here too, and nothing is logged for what is not shown.
    String admin = t.login("svu", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/admin/sparr",
        "{\"patientId\":\"" + TestServer.PATIENT_A + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", admin).status());
    assertEquals(0, get(API + "/auto-resolved", s).json().getAsJsonArray("conflicts").size());
    assertEquals(1, auditsOf(TestServer.PATIENT_A, TestServer.TEAM_A, "conflict", "TEAMLEAD_AUTO_RESOLVED"));
  }

  @Test
  @DisplayName("deviations: open first with status, patient, what happened, reporter and time, and every status change with its reason; another team's leader sees none of them")
  void deviations() throws Exception {
    Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
    String fall = UUID.randomUUID().toString();
    String aid = UUID.randomUUID().toString();
    String closed = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "deviation", closed, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "category", "TRANSPORT", "description", "Sjukresan kom inte", "severity", "NO_HARM",
        "status", "CLOSED", "reportedBy", TestServer.NURSE_A1, "reportedAt", t0.plusSeconds(7200))).get("status").getAsString());
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "deviation", fall, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "category", "FALL", "description", "Föll i badrummet <b>natt</b>", "severity", "HARM",
        "status", "REGISTERED", "reportedBy", TestServer.NURSE_A1, "reportedAt", t0, "immediateAction", "Läkare kontaktad",
        "lexMaria", "NOT_ASSESSED")).get("status").getAsString());
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "deviation", aid, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "category", "AID_MISSING", "description", "Rollator saknades", "severity", "RISK",
        "status", "ACTIONED", "reportedBy", TestServer.NURSE_A1, "reportedAt", t0.plusSeconds(3600))).get("status").getAsString());
    JsonObject back = mutate(tokenA1, devA1, ++nA1, "deviation", aid, MutationOp.UPDATE, 1,
        fields("status", "INVESTIGATING", "statusReason", "Rollatorn var fel storlek"));
    assertEquals("APPLIED", back.get("status").getAsString(), back.toString());
    String devB = UUID.randomUUID().toString();
    String tokenB = t.login("b1", devB);
    String other = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenB, devB, 1, "deviation", other, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_B, "category", "MEDICATION", "description", "Smärtpump larmade", "severity", "RISK",
        "status", "REGISTERED", "reportedBy", TestServer.NURSE_B1, "reportedAt", t0)).get("status").getAsString());

    Session s = login("lead");
    Answer list = get(API + "/deviations", s);
    assertEquals(200, list.status(), list.body());
    assertEquals(2, list.json().get("open").getAsInt(), list.body());
    JsonArray shown = list.json().getAsJsonArray("deviations");
    assertEquals(3, shown.size(), "team B's deviation is not listed: " + list.body());
    assertEquals(List.of(aid, fall, closed),
        List.of(shown.get(0).getAsJsonObject().get("id").getAsString(), shown.get(1).getAsJsonObject().get("id").getAsString(),
            shown.get(2).getAsJsonObject().get("id").getAsString()), "open first (newest reported first), then closed");
    JsonObject f = shown.get(1).getAsJsonObject();
    assertEquals("Astrid Lind", f.get("patientName").getAsString());
    assertEquals("Fall", f.get("categoryLabel").getAsString());
    assertEquals("Föll i badrummet <b>natt</b>", f.get("description").getAsString(), "the text as it was written");
    assertEquals("Skada", f.get("severityLabel").getAsString());
    assertEquals("Registrerad", f.get("statusLabel").getAsString());
    assertEquals("Anna Andersson", f.get("reportedBy").getAsString());
    assertEquals(t0, Instant.parse(f.get("reportedAt").getAsString()));
    assertEquals("Läkare kontaktad", f.get("immediateAction").getAsString());
    assertEquals("Ej bedömd", f.get("lexMariaLabel").getAsString());
    assertTrue(f.get("open").getAsBoolean());
    JsonObject a = shown.get(0).getAsJsonObject();
    assertEquals("Under utredning", a.get("statusLabel").getAsString());
    assertEquals("Rollatorn var fel storlek", a.get("statusReason").getAsString());
    JsonArray changes = a.getAsJsonArray("statusChanges");
    assertEquals(2, changes.size(), a.toString());
    assertEquals("Åtgärdad", changes.get(0).getAsJsonObject().get("statusLabel").getAsString());
    assertTrue(changes.get(0).getAsJsonObject().get("reason").isJsonNull());
    assertEquals("Under utredning", changes.get(1).getAsJsonObject().get("statusLabel").getAsString());
    assertEquals("Rollatorn var fel storlek", changes.get(1).getAsJsonObject().get("reason").getAsString());
    assertEquals("Anna Andersson", changes.get(1).getAsJsonObject().get("changedBy").getAsString());
    assertFalse(shown.get(2).getAsJsonObject().get("open").getAsBoolean());
    assertEquals("Avslutad", shown.get(2).getAsJsonObject().get("statusLabel").getAsString());
    assertEquals(1, auditsOf(TestServer.PATIENT_A, TestServer.TEAM_A, "deviation", "TEAMLEAD_DEVIATIONS"), "one read entry per patient shown");

    assertEquals(403, get(API + "/deviations?team=" + TestServer.TEAM_B, s).status());
    teamBLeader();
    Answer theirs = get(API + "/deviations", login("lead.b"));
    assertEquals(200, theirs.status(), theirs.body());
    JsonArray bList = theirs.json().getAsJsonArray("deviations");
    assertEquals(1, bList.size(), theirs.body());
    assertEquals(other, bList.get(0).getAsJsonObject().get("id").getAsString());
    assertFalse(theirs.body().contains("Astrid"), "nothing of team A's patients");
  }

  @Test
  @DisplayName("a deviation raised by a discrepancy between two lists' lines of the same drug names each line once, by its list")
  void deviationLinkedToADiscrepancyTellsTheListsApart() throws Exception {
    String home = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "medication_list", home, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "source", "HOME_LIST")).get("status").getAsString());
    String homeLine = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "medication_line", homeLine, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "listId", home, "drugName", "Furosemid", "strength", "40 mg", "dose", "2 tabletter",
        "status", "ACTIVE")).get("status").getAsString());
    String check = UUID.randomUUID().toString();
    JsonObject c = fields("patientId", TestServer.PATIENT_A, "performedBy", TestServer.NURSE_A1, "status", "IN_PROGRESS",
        "startedAt", "2026-11-24T08:00:00Z");
    JsonArray lists = new JsonArray();
    lists.add(TestServer.LIST_A);
    lists.add(home);
    c.add("comparedListIds", lists);
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "medication_check", check, MutationOp.CREATE, 0, c).get("status").getAsString());
    String discrepancy = UUID.randomUUID().toString();
    JsonObject d = fields("patientId", TestServer.PATIENT_A, "checkId", check, "type", "WRONG_DOSE", "intent", "UNCLEAR",
        "severity", "SIGNIFICANT", "resolution", "OPEN");
    JsonArray lines = new JsonArray();
    lines.add(TestServer.LINE_A);
    lines.add(homeLine);
    d.add("lineIds", lines);
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "discrepancy", discrepancy, MutationOp.CREATE, 0, d).get("status").getAsString());
    String deviation = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "deviation", deviation, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "category", "MEDICATION", "description", "Olika dos på listorna",
        "severity", "RISK", "status", "REGISTERED", "reportedBy", TestServer.NURSE_A1, "discrepancyId", discrepancy))
        .get("status").getAsString());

    JsonArray shown = get(API + "/deviations", login("lead")).json().getAsJsonArray("deviations");
    assertEquals(1, shown.size(), shown.toString());
    assertEquals("Avvikelse i läkemedelslista: Fel dos – Furosemid 40 mg (utskrivningslista/epikris), Furosemid 40 mg (hemmalista)",
        shown.get(0).getAsJsonObject().get("linkedTo").getAsString());
  }

  @Test
  @DisplayName("deviations: one entered in error is listed last and not counted open; a deviation raised by a missing item names it")
  void deviationEnteredInErrorAndLinked() throws Exception {
    String devA2 = UUID.randomUUID().toString();
    String tokenA2 = t.login("a2", devA2);
    String linked = UUID.randomUUID().toString();
    String wrong = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "deviation", linked, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "category", "HANDOVER_INFORMATION", "description", "Saknas vid utskrivning",
        "severity", "RISK", "status", "REGISTERED", "reportedBy", TestServer.NURSE_A1, "checklistItemId", TestServer.ITEM_A))
        .get("status").getAsString());
    assertEquals("APPLIED", mutate(tokenA2, devA2, 1, "deviation", wrong, MutationOp.CREATE, 0, fields(
        "patientId", TestServer.PATIENT_A, "category", "FALL", "description", "Fel patient", "severity", "NO_HARM",
        "status", "REGISTERED", "reportedBy", TestServer.NURSE_A2)).get("status").getAsString());
    Mutation retract = new Mutation(devA2, 2, "deviation", wrong, MutationOp.ENTERED_IN_ERROR, 1, new JsonObject(), "fel patient", Instant.now());
    TestServer.Reply r = t.post("/api/v1/sync/push", json(new PushRequest(devA2, List.of(retract), 0, null)), tokenA2);
    assertEquals("APPLIED", r.json().getAsJsonArray("results").get(0).getAsJsonObject().get("status").getAsString(), r.body());
    Session s = login("lead");
    Answer list = get(API + "/deviations", s);
    assertEquals(1, list.json().get("open").getAsInt(), list.body());
    JsonArray shown = list.json().getAsJsonArray("deviations");
    assertEquals(2, shown.size(), list.body());
    assertEquals(linked, shown.get(0).getAsJsonObject().get("id").getAsString());
    assertEquals("Checklistpunkt: Läkemedel finns hemma", shown.get(0).getAsJsonObject().get("linkedTo").getAsString());
    JsonObject retracted = shown.get(1).getAsJsonObject();
    assertEquals(wrong, retracted.get("id").getAsString());
    assertTrue(retracted.get("enteredInError").getAsBoolean());
    assertFalse(retracted.get("open").getAsBoolean());
  }

  @Test
  @DisplayName("a visit's checklist names the items marked 'Ej aktuell' with who marked them, when and why, besides counting them")
  void notApplicableItemsAreNamed() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Utskrivningsdag");
    String checklist = UUID.randomUUID().toString();
    Instant marked = Instant.parse("2026-11-23T09:15:00Z");
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "discharge_checklist", checklist, MutationOp.CREATE, 0,
        fields("patientId", TestServer.PATIENT_A, "visitId", visit)).get("status").getAsString());
    String[][] items = {
      {"Läkemedel finns hemma", "DONE", TestServer.NURSE_A1, null},
      {"Trygghetslarm fungerar", "NOT_APPLICABLE", TestServer.NURSE_A2, "Patienten har inget larm, bor med maken"},
      {"Låst läkemedelsskåp", "NOT_APPLICABLE", TestServer.NURSE_A1, null},
      {"Hjälpmedel levererade", "UNCHECKED", null, null}};
    int order = 0;
    for (String[] i : items) {
      JsonObject f = fields("patientId", TestServer.PATIENT_A, "checklistId", checklist, "itemKey", "k" + order, "label", i[0],
          "state", i[1], "note", i[3]);
      f.addProperty("sortOrder", order++);
      if (i[2] != null) {
        f.addProperty("confirmedBy", i[2]);
        f.addProperty("confirmedAt", marked.toString());
      }
      assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "checklist_item", UUID.randomUUID().toString(), MutationOp.CREATE, 0, f)
          .get("status").getAsString());
    }
    JsonObject c = visitIn(get(API + "/visits", login("lead")), visit).getAsJsonObject("checklist");
    assertEquals(4, c.get("total").getAsInt(), c.toString());
    assertEquals(1, c.getAsJsonArray("done").size());
    assertEquals(1, c.getAsJsonArray("open").size());
    JsonArray na = c.getAsJsonArray("notApplicable");
    assertEquals(2, na.size(), c.toString());
    JsonObject alarm = na.get(0).getAsJsonObject();
    assertEquals("Trygghetslarm fungerar", alarm.get("label").getAsString());
    assertEquals("Erik Eriksson", alarm.get("markedBy").getAsString());
    assertEquals(marked, Instant.parse(alarm.get("markedAt").getAsString()));
    assertEquals("Patienten har inget larm, bor med maken", alarm.get("reason").getAsString());
    JsonObject cabinet = na.get(1).getAsJsonObject();
    assertEquals("Låst läkemedelsskåp", cabinet.get("label").getAsString());
    assertEquals("Anna Andersson", cabinet.get("markedBy").getAsString());
    assertTrue(cabinet.get("reason").isJsonNull(), "no reason given: shown as none, never invented");
  }

  @Test
  @DisplayName("an item marked 'Ej aktuell' without a reason shows none, not the note it kept from when it was done")
  void notApplicableReasonIsTheOneGivenWithThatChange() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Utskrivningsdag");
    String checklist = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "discharge_checklist", checklist, MutationOp.CREATE, 0,
        fields("patientId", TestServer.PATIENT_A, "visitId", visit)).get("status").getAsString());
    String alarm = UUID.randomUUID().toString();
    String cabinet = UUID.randomUUID().toString();
    for (String[] i : new String[][] {{alarm, "Trygghetslarm fungerar"}, {cabinet, "Låst läkemedelsskåp"}}) {
      assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "checklist_item", i[0], MutationOp.CREATE, 0,
          fields("patientId", TestServer.PATIENT_A, "checklistId", checklist, "itemKey", i[1], "label", i[1],
              "state", "DONE", "note", "Larmet testat med larmcentralen")).get("status").getAsString());
    }
    // Later both are judged not applicable: one with a reason, one without (the tablet sends no note).
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "checklist_item", alarm, MutationOp.UPDATE, 1,
        fields("state", "NOT_APPLICABLE")).get("status").getAsString());
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "checklist_item", cabinet, MutationOp.UPDATE, 1,
        fields("state", "NOT_APPLICABLE", "note", "Inga narkotikaklassade läkemedel")).get("status").getAsString());
    JsonArray na = visitIn(get(API + "/visits", login("lead")), visit).getAsJsonObject("checklist").getAsJsonArray("notApplicable");
    assertEquals(2, na.size(), na.toString());
    for (JsonElement e : na) {
      JsonObject item = e.getAsJsonObject();
      if (item.get("id").getAsString().equals(alarm)) {
        assertTrue(item.get("reason").isJsonNull(), "the note from when it was done is no reason: " + item);
      } else {
        assertEquals("Inga narkotikaklassade läkemedel", item.get("reason").getAsString());
      }
    }
  }

  @Test
  @DisplayName("a write quarantined after the patient left all care is on the writer's team leader's page, marked as a follow-up, and decided there")
  void followUpWithoutCareRelationshipOnThePage() throws Exception {
    String svu = t.login("svu", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/admin/care-relationships/end",
        "{\"patientId\":\"" + TestServer.PATIENT_A + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", svu).status());
    JsonObject dose = new JsonObject();
    dose.addProperty("dose", "2 tabletter");
    Mutation m = new Mutation(devA1, ++nA1, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, 1, dose, null, Instant.now());
    JsonObject late = t.post("/api/v1/sync/push", json(new PushRequest(devA1, List.of(m), 1, null)), tokenA1)
        .json().getAsJsonArray("results").get(0).getAsJsonObject();
    String conflict = late.getAsJsonArray("conflictIds").get(0).getAsString();

    Session lead = login("lead");
    JsonObject item = null;
    for (var e : get(API + "/conflicts?team=" + TestServer.TEAM_A, lead).json().getAsJsonArray("conflicts")) {
      if (e.getAsJsonObject().get("id").getAsString().equals(conflict)) {
        item = e.getAsJsonObject();
      }
    }
    assertTrue(item != null, "listed on the writer's team leader's page");
    assertTrue(item.get("followUp").getAsBoolean());
    assertEquals("Astrid Lind", item.get("patientName").getAsString());
    assertEquals(404, get(API + "/records/" + TestServer.LINE_A + "/history", lead).status(),
        "the follow-up shows the conflict's values, not the patient's record history");
    Answer decided = post(API + "/conflicts/" + conflict + "/resolve",
        "{\"choice\":\"TAKE_DEVICE\",\"note\":\"bekräftat\",\"seenVersion\":" + item.get("entityVersion").getAsLong() + "}", lead);
    assertEquals(200, decided.status(), decided.body());
    assertEquals("RESOLVED", decided.json().get("status").getAsString());
  }

  // --- follow-up of the team's own visits once its care relationship ended ---------------------

  void endCare(String patient, String team) throws IOException {
    String svu = t.login("svu", UUID.randomUUID().toString());
    TestServer.Reply ended = t.post("/api/v1/admin/care-relationships/end",
        "{\"patientId\":\"" + patient + "\",\"teamId\":\"" + team + "\"}", svu);
    assertEquals(200, ended.status(), ended.body());
  }

  @Test
  @DisplayName("a visit the team documented and its leader has not reviewed stays on the leader's page after the team's care ended, and is reviewed there")
  void unreviewedVisitAfterCareEnded() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Sista besöket före överlämning");
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);
    Session s = login("lead");

    JsonObject listed = visitIn(get(API + "/visits", s), visit);
    assertNotNull(listed, "the team's unreviewed visit is still on its leader's page");
    assertTrue(listed.get("followUp").getAsBoolean(), listed.toString());
    assertEquals("Astrid Lind", listed.get("patientName").getAsString());
    assertEquals("NOT_REVIEWED", listed.get("reviewState").getAsString());
    assertEquals("Sista besöket före överlämning", listed.get("note").getAsString());
    assertTrue(listed.get("approvable").getAsBoolean());

    LocalDate yesterday = LocalDate.now(SWEDEN).minusDays(1);
    assertNull(visitIn(get(API + "/visits?from=" + yesterday + "&to=" + yesterday, s), visit), "the period filter holds for follow-ups too");

    Answer approved = post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 1), s);
    assertEquals(200, approved.status(), approved.body());
    JsonObject stored = record(visit);
    assertEquals("REVIEWED", stored.get("reviewState").getAsString());
    assertEquals(TestServer.LEAD_A, stored.get("reviewedBy").getAsString());
    assertEquals(1, stored.get("reviewedVersion").getAsLong(), "bound to the version reviewed");
    assertEquals(2, version(visit));
    assertNull(visitIn(get(API + "/visits", s), visit), "reviewed, it needs nothing more and is gone once care ended");
    assertEquals(404, post(API + "/visits/" + visit + "/review", reviewBody("NEEDS_ACTION", 2), s).status(),
        "nor can it be reviewed again");
  }

  @Test
  @DisplayName("a follow-up visit shows its own checklist, medication check and discrepancies and nothing else of the patient: no other record's history, no board card, no other visit")
  void followUpShowsOnlyTheVisitsReviewContent() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Utskrivningsdag");
    String checklist = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "discharge_checklist", checklist, MutationOp.CREATE, 0,
        fields("patientId", TestServer.PATIENT_A, "visitId", visit)).get("status").getAsString());
    JsonObject item = fields("patientId", TestServer.PATIENT_A, "checklistId", checklist, "itemKey", "larm",
        "label", "Trygghetslarm fungerar", "state", "DONE");
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "checklist_item", UUID.randomUUID().toString(), MutationOp.CREATE, 0, item)
        .get("status").getAsString());
    String check = UUID.randomUUID().toString();
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "medication_check", check, MutationOp.CREATE, 0,
        fields("patientId", TestServer.PATIENT_A, "visitId", visit)).get("status").getAsString());
    JsonObject d = fields("patientId", TestServer.PATIENT_A, "checkId", check, "type", "WRONG_DOSE", "severity", "SIGNIFICANT",
        "note", "Dosen skiljer sig");
    JsonArray lines = new JsonArray();
    lines.add(TestServer.LINE_A);
    d.add("lineIds", lines);
    assertEquals("APPLIED", mutate(tokenA1, devA1, ++nA1, "discrepancy", UUID.randomUUID().toString(), MutationOp.CREATE, 0, d)
        .get("status").getAsString());
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);
    Session s = login("lead");

    Answer list = get(API + "/visits", s);
    JsonObject shown = visitIn(list, visit);
    assertNotNull(shown, list.body());
    assertTrue(shown.get("followUp").getAsBoolean());
    JsonObject c = shown.getAsJsonObject("checklist");
    assertEquals(1, c.get("total").getAsInt(), c.toString());
    assertEquals("Trygghetslarm fungerar", c.getAsJsonArray("done").get(0).getAsString());
    JsonArray checks = shown.getAsJsonArray("medicationChecks");
    assertEquals(1, checks.size(), shown.toString());
    JsonArray open = checks.get(0).getAsJsonObject().getAsJsonArray("openDiscrepancies");
    assertEquals(1, open.size(), checks.toString());
    assertTrue(open.get(0).getAsJsonObject().getAsJsonArray("drugs").get(0).getAsString().contains("Furosemid"), open.toString());
    assertNotNull(visitIn(list, TestServer.VISIT_SIGNED), "the team's other unreviewed visit needs review too");
    assertNull(visitIn(list, TestServer.VISIT_REVIEWED), "the team's reviewed visit is not shown: " + list.body());
    assertEquals(404, get(API + "/records/" + checklist + "/history", s).status(), "no record history of the patient");
    assertEquals(404, get(API + "/records/" + TestServer.LINE_A + "/history", s).status());
    assertFalse(get(API + "/discharge-board", s).body().contains(TestServer.PATIENT_A), "no board card");
  }

  @Test
  @DisplayName("handed over to team B: team A's leader follows up team A's visit, team B's leader never sees or reviews it, and the review reaches team B's tablets")
  void handedOverFollowUpScope() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Överlämnas till ASIH");
    String svu = t.login("svu", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/admin/care-relationships/start",
        "{\"patientId\":\"" + TestServer.PATIENT_A + "\",\"teamId\":\"" + TestServer.TEAM_B + "\"}", svu).status());
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);

    Session b = login("leadb");
    assertNull(visitIn(get(API + "/visits", b), visit), "team A's visit is not team B's to review");
    assertEquals(404, post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 1), b).status());
    assertEquals("NOT_REVIEWED", record(visit).get("reviewState").getAsString());

    Session a = login("lead");
    JsonObject listed = visitIn(get(API + "/visits", a), visit);
    assertNotNull(listed, "team A's leader follows up team A's own visit");
    assertTrue(listed.get("followUp").getAsBoolean());
    Answer flagged = post(API + "/visits/" + visit + "/review",
        "{\"decision\":\"NEEDS_ACTION\",\"version\":1,\"note\":\"Dokumentera smärtskattningen\"}", a);
    assertEquals(200, flagged.status(), flagged.body());
    JsonObject again = visitIn(get(API + "/visits", a), visit);
    assertNotNull(again, "flagged, it still needs the leader");
    assertEquals("NEEDS_ACTION", again.get("reviewState").getAsString());
    assertEquals("Dokumentera smärtskattningen", again.get("reviewNote").getAsString());

    String devB = UUID.randomUUID().toString();
    JsonObject pulled = null;
    for (JsonElement e : t.get("/api/v1/sync/pull?limit=5000", t.login("b1", devB)).json().getAsJsonArray("records")) {
      if (e.getAsJsonObject().get("id").getAsString().equals(visit)) {
        pulled = e.getAsJsonObject().getAsJsonObject("data");
      }
    }
    assertNotNull(pulled, "team B now cares for the patient and its tablets see the visit");
    assertEquals("NEEDS_ACTION", pulled.get("reviewState").getAsString(), "the review syncs as any review does");
  }

  @Test
  @DisplayName("a spärr toward the team hides its follow-up visits from the list and the review")
  void sparrHidesFollowUp() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);
    Session s = login("lead");
    assertNotNull(visitIn(get(API + "/visits", s), visit));
    String svu = t.login("svu", UUID.randomUUID().toString());
    TestServer.Reply blocked = t.post("/api/v1/admin/sparr",
        "{\"patientId\":\"" + TestServer.PATIENT_A + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", svu);
    assertEquals(200, blocked.status(), blocked.body());
    assertNull(visitIn(get(API + "/visits", s), visit), "the spärr still hides the patient from the team");
    assertEquals(404, post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 1), s).status());
    assertEquals("NOT_REVIEWED", record(visit).get("reviewState").getAsString());
  }

  @Test
  @DisplayName("a review gone stale before the team's care ended is still followed up; one reviewed and current is not")
  void staleReviewShownReviewedNot() throws Exception {
    String stale = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Första");
    String done = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Andra");
    Session s = login("lead");
    assertEquals(200, post(API + "/visits/" + stale + "/review", reviewBody("REVIEWED", 1), s).status());
    assertEquals(200, post(API + "/visits/" + done + "/review", reviewBody("REVIEWED", 1), s).status());
    JsonObject note = new JsonObject();
    note.addProperty("note", "Första. Tillägg: ont i höften.");
    push(tokenA1, devA1, ++nA1, stale, MutationOp.UPDATE, 2, note);
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);

    Answer list = get(API + "/visits", s);
    JsonObject shown = visitIn(list, stale);
    assertNotNull(shown, "granskning inaktuell: followed up");
    assertTrue(shown.get("followUp").getAsBoolean());
    assertTrue(shown.get("stale").getAsBoolean());
    assertEquals("REVIEW_STALE", shown.get("reviewState").getAsString());
    assertNull(visitIn(list, done), "reviewed and current: nothing to follow up");
    assertEquals(404, post(API + "/visits/" + done + "/review", reviewBody("NEEDS_ACTION", 2), s).status());
    Answer again = post(API + "/visits/" + stale + "/review", reviewBody("REVIEWED", 3), s);
    assertEquals(200, again.status(), again.body());
    assertEquals(3, record(stale).get("reviewedVersion").getAsLong());
  }

  @Test
  @DisplayName("each view and review of a follow-up visit is in the access log, marked as a follow-up and naming the visit")
  void followUpAudit() throws Exception {
    String visit = tabletVisit(tokenA1, devA1, ++nA1, TestServer.PATIENT_A, TestServer.TEAM_A, "Besök");
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);
    Session s = login("lead");
    assertEquals(200, get(API + "/visits", s).status());
    assertEquals(200, get(API + "/visits", s).status());
    assertEquals(200, post(API + "/visits/" + visit + "/review", reviewBody("REVIEWED", 1), s).status());
    assertEquals(2, followUpAudits("READ", "TEAMLEAD_VISITS FOLLOW_UP", visit), "every view");
    assertEquals(0, audits("READ", "TEAMLEAD_VISITS"), "not logged as an ordinary view in care");
    assertEquals(1, followUpAudits("UPDATE", "REVIEWED v1 FOLLOW_UP", visit));
    assertEquals(0, audits("UPDATE", "REVIEWED v1"));
  }

  /** A tablet's completed, unreviewed visit of team A planned {@code daysAgo} days ago. */
  String oldVisit(int daysAgo, String note) throws IOException {
    String id = UUID.randomUUID().toString();
    Instant start = Instant.now().minus(java.time.Duration.ofDays(daysAgo));
    JsonObject f = fields("patientId", TestServer.PATIENT_A, "teamId", TestServer.TEAM_A, "visitType", "FOLLOW_UP",
        "status", "COMPLETED", "plannedStart", start.toString(), "plannedEnd", start.plusSeconds(1800).toString(), "note", note,
        "reviewState", "NOT_REVIEWED");
    assertEquals("APPLIED", push(tokenA1, devA1, ++nA1, id, MutationOp.CREATE, 0, f).get("status").getAsString());
    return id;
  }

  @Test
  @DisplayName("every open follow-up of the team, however old: counted on the page (no patient named, nothing logged), listed oldest first"
      + " and reviewed there, each view logged per visit")
  void everyOpenFollowUpHoweverOld() throws Exception {
    String old = oldVisit(400, "Besök för ett år sedan");
    String month = oldVisit(40, "Besök för en månad sedan");
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);
    Session s = login("lead");
    assertNull(visitIn(get(API + "/visits", s), old), "outside today's period");

    long auditsBefore = t.count("SELECT COUNT(*) FROM audit_log WHERE staff_id = '" + TestServer.LEAD_A + "'");
    Answer count = get(API + "/follow-ups/count", s);
    assertEquals(200, count.status(), count.body());
    // The two old visits and the fixture's signed visit, which is not reviewed either.
    assertEquals(3, count.json().get("visits").getAsInt(), count.body());
    assertEquals(0, count.json().get("conflicts").getAsInt());
    assertEquals(0, count.json().get("hiddenBySparr").getAsInt());
    assertFalse(count.body().contains(TestServer.PATIENT_A) || count.body().contains("Astrid"), "names no patient");
    assertEquals(auditsBefore, t.count("SELECT COUNT(*) FROM audit_log WHERE staff_id = '" + TestServer.LEAD_A + "'"),
        "a count shows no patient data and is not logged as a read");

    Answer list = get(API + "/follow-ups", s);
    assertEquals(200, list.status(), list.body());
    JsonArray visits = list.json().getAsJsonArray("followUpVisits");
    assertEquals(3, visits.size(), list.body());
    assertEquals(old, visits.get(0).getAsJsonObject().get("id").getAsString(), "oldest first");
    assertEquals(month, visits.get(1).getAsJsonObject().get("id").getAsString());
    assertTrue(visits.get(0).getAsJsonObject().get("followUp").getAsBoolean());
    assertEquals("Astrid Lind", visits.get(0).getAsJsonObject().get("patientName").getAsString());
    assertEquals(1, followUpAudits("READ", "TEAMLEAD_VISITS FOLLOW_UP", old), "each follow-up shown is logged");

    assertEquals(200, post(API + "/visits/" + old + "/review", reviewBody("REVIEWED", 1), s).status());
    assertEquals(2, get(API + "/follow-ups/count", s).json().get("visits").getAsInt(), "reviewed: one less");
    assertEquals(2, get(API + "/follow-ups", s).json().getAsJsonArray("followUpVisits").size());
  }

  @Test
  @DisplayName("a follow-up the patient's spärr hides from the team is counted on its page, without naming the patient or listing it")
  void aSparrHiddenFollowUpIsCountedNotShown() throws Exception {
    oldVisit(40, "Besök");
    endCare(TestServer.PATIENT_A, TestServer.TEAM_A);
    String svu = t.login("svu", UUID.randomUUID().toString());
    assertEquals(200, t.post("/api/v1/admin/sparr",
        "{\"patientId\":\"" + TestServer.PATIENT_A + "\",\"teamId\":\"" + TestServer.TEAM_A + "\"}", svu).status());
    Session s = login("lead");
    Answer count = get(API + "/follow-ups/count", s);
    assertEquals(0, count.json().get("visits").getAsInt(), count.body());
    assertEquals(2, count.json().get("hiddenBySparr").getAsInt(), "the visit and the fixture's signed visit wait, hidden");
    Answer list = get(API + "/follow-ups", s);
    assertEquals(0, list.json().getAsJsonArray("followUpVisits").size());
    assertFalse(list.body().contains(TestServer.PATIENT_A) || list.body().contains("Astrid"), list.body());
  }

  long followUpAudits(String action, String outcome, String visit) {
    return t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE staff_id = :s AND patient_id = :p AND team_id = :t AND action = :a"
                + " AND outcome = :o AND resource_type = 'visit' AND resource_id = :r AND detail LIKE 'uppföljning utan aktiv vårdrelation%'")
        .bind("s", TestServer.LEAD_A).bind("p", TestServer.PATIENT_A).bind("t", TestServer.TEAM_A)
        .bind("a", action).bind("o", outcome).bind("r", visit).mapTo(Long.class).one());
  }
}
