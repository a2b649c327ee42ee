package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.nara.server.TestServer.json;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.Mutation;
import se.nara.sdk.protocol.MutationOp;
import se.nara.sdk.protocol.PushRequest;
import se.nara.server.TestServer;
import se.nara.server.TestServer.Reply;

/**
 * Every endpoint that returns or changes patient data writes an access-log entry naming the
 * patient. The server's own route table drives the test: an endpoint added without a probe
 * here (or a reason it touches no patient data) fails it.
 */
class AuditCoverageTest {
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

  interface Probe {
    void call() throws Exception;
  }

  /** Endpoints that return no patient data, and why. */
  static final Map<String, String> NO_PATIENT_DATA =
      Map.ofEntries(
          Map.entry("GET /health", "liveness only"),
          Map.entry("GET /", "a redirect to the team leader page"),
          Map.entry("POST /api/v1/auth/login", "returns the caller's own session"),
          Map.entry("POST /api/v1/auth/refresh", "returns the caller's own session"),
          Map.entry("POST /api/v1/auth/logout", "ends the caller's own session, returns no data"),
          Map.entry("POST /api/v1/devices/{id}/revoke", "device administration (audited as an UPDATE of the device)"),
          Map.entry("POST /api/v1/admin/care-relationships/start", "returns ids only (the change itself is audited)"),
          Map.entry("POST /api/v1/admin/care-relationships/end", "returns ids only (the change itself is audited)"),
          Map.entry("POST /api/v1/admin/sparr", "returns ids only (the change itself is audited)"),
          Map.entry("GET /teamledare", "the page's static HTML"),
          Map.entry("GET /teamledare/", "the page's static HTML"),
          Map.entry("GET /teamledare/app.js", "static script"),
          Map.entry("GET /teamledare/app.css", "static style sheet"),
          Map.entry("GET /teamledare/api/session", "the caller's own session"),
          Map.entry("POST /teamledare/api/login", "returns the caller's own session"),
          Map.entry("POST /teamledare/api/logout", "ends the caller's own session"),
          Map.entry("GET /teamledare/api/fleet", "devices and counts, no patient data"),
          Map.entry("GET /teamledare/api/follow-ups/count", "counts of follow-ups, no patient named"),
          Map.entry("GET /api/v1/sync/verify", "counts, digests and ids of records the caller may pull, no field values")
      );

  private long entries(String patientId, String action) {
    return t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE patient_id = :p AND action = :a")
        .bind("p", patientId).bind("a", action).mapTo(Long.class).one());
  }

  private String conflict(String tokenA, String devA, String tokenB, String devB) throws Exception {
    return conflict(tokenA, devA, tokenB, devB, 1, 1);
  }

  /** A visit planned now for patient A, created by a tablet. */
  private String todaysVisit(String token, String dev, long n) throws Exception {
    String id = UUID.randomUUID().toString();
    JsonObject f = new JsonObject();
    f.addProperty("patientId", TestServer.PATIENT_A);
    f.addProperty("teamId", TestServer.TEAM_A);
    f.addProperty("visitType", "FOLLOW_UP");
    f.addProperty("status", "COMPLETED");
    f.addProperty("plannedStart", Instant.now().minusSeconds(1800).toString());
    f.addProperty("plannedEnd", Instant.now().toString());
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(dev, List.of(new Mutation(dev, n, "visit", id, MutationOp.CREATE, 0, f, null, Instant.now())), 1, null)), token);
    assertEquals("APPLIED", r.json().getAsJsonArray("results").get(0).getAsJsonObject().get("status").getAsString(), r.body());
    return id;
  }

  /** A browser session on the team leader page: its cookie and CSRF token. */
  record TeamLeadSession(String cookie, String csrf) {
    static TeamLeadSession login(TestServer t, String user) throws Exception {
      okhttp3.Request request = new okhttp3.Request.Builder().url(t.url() + "/teamledare/api/login")
          .post(okhttp3.RequestBody.create("{\"username\":\"" + user + "\",\"password\":\"" + TestServer.PASSWORD + "\"}",
              okhttp3.MediaType.get("application/json"))).build();
      try (okhttp3.Response r = t.http.newCall(request).execute()) {
        String body = r.body().string();
        assertEquals(200, r.code(), body);
        String cookie = r.header("Set-Cookie");
        return new TeamLeadSession(cookie.substring(0, cookie.indexOf(';')),
            com.google.gson.JsonParser.parseString(body).getAsJsonObject().get("csrfToken").getAsString());
      }
    }

    Reply get(TestServer t, String path) throws Exception {
      return t.send(new okhttp3.Request.Builder().url(t.url() + path).header("Cookie", cookie).build());
    }

    Reply post(TestServer t, String path, String body) throws Exception {
      return t.send(new okhttp3.Request.Builder().url(t.url() + path).header("Cookie", cookie)
          .header(se.nara.server.web.ui.TeamLeadRoutes.CSRF_HEADER, csrf)
          .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build());
    }
  }

  private String conflict(String tokenA, String devA, String tokenB, String devB, long nA, long nB) throws Exception {
    JsonObject a = new JsonObject();
    a.addProperty("dose", "2");
    JsonObject b = new JsonObject();
    b.addProperty("dose", "3");
    long base = t.server.database().withReader(h -> h.createQuery("SELECT version FROM records WHERE id = :id").bind("id", TestServer.LINE_A).mapTo(Long.class).one());
    a.addProperty("dose", "2 (" + nA + ")");
    b.addProperty("dose", "3 (" + nB + ")");
    t.post("/api/v1/sync/push", json(new PushRequest(devA, List.of(new Mutation(devA, nA, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, base, a, null, Instant.now())), 1, null)), tokenA);
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(devB, List.of(new Mutation(devB, nB, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, base, b, null, Instant.now())), 1, null)), tokenB);
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("conflictIds").get(0).getAsString();
  }

  /** As a tablet recovering after a restore: offers a version of team A's item that the server lacks. */
  TestServer.Reply offerLost(String device, String token, long version) throws Exception {
    JsonObject data = new JsonObject();
    data.addProperty("note", "version " + version + ", lost by the server");
    return t.post("/api/v1/sync/recovery", json(new se.nara.sdk.protocol.RecoveryRequest(device, 0, List.of(
        new se.nara.sdk.protocol.SyncRecord("checklist_item", TestServer.ITEM_A, version, 0, TestServer.PATIENT_A, false, null, null, data)))),
        token);
  }

  @Test
  @DisplayName("every endpoint that returns or changes patient data writes an access-log entry")
  void everyPatientDataEndpointIsAudited() throws Exception {
    String devA = UUID.randomUUID().toString();
    String devB = UUID.randomUUID().toString();
    String nurseA = t.login("a1", devA);
    String nurseB = t.login("a2", devB);
    String lead = t.login("lead", UUID.randomUUID().toString());
    String mas = t.login("mas", UUID.randomUUID().toString());
    String integration = t.login("svu", UUID.randomUUID().toString());
    String conflictId = conflict(nurseA, devA, nurseB, devB);
    String p = TestServer.PATIENT_A;

    Map<String, Probe> probes = new TreeMap<>();
    probes.put("GET /api/v1/sync/pull", () -> {
      long before = entries(p, "SYNC_PULL");
      assertEquals(200, t.get("/api/v1/sync/pull?limit=5000", nurseA).status());
      assertTrue(entries(p, "SYNC_PULL") > before, "pull");
    });
    probes.put("POST /api/v1/sync/push", () -> {
      long before = entries(p, "UPDATE");
      JsonObject f = new JsonObject();
      f.addProperty("note", "granskad");
      t.post("/api/v1/sync/push", json(new PushRequest(devA, List.of(new Mutation(devA, 4, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, f, null, Instant.now())), 1, null)), nurseA);
      assertTrue(entries(p, "UPDATE") > before, "push");
    });
    probes.put("POST /api/v1/sync/recovery", () -> {
      long before = entries(p, "CREATE");
      TestServer.Reply r = offerLost(devA, nurseA, 99);
      assertEquals(200, r.status(), r.body());
      assertTrue(entries(p, "CREATE") > before, "a lost version offered back");
    });
    probes.put("POST /api/v1/review/restored/resolve", () -> {
      assertEquals(200, offerLost(devA, nurseA, 199).status());
      long before = entries(p, "UPDATE");
      TestServer.Reply r = t.post("/api/v1/review/restored/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead);
      assertEquals(200, r.status(), r.body());
      assertTrue(r.json().get("resolved").getAsInt() > 0, r.body());
      assertTrue(entries(p, "UPDATE") > before, "bulk resolve");
    });
    probes.put("GET /api/v1/review/conflicts", () -> {
      long before = entries(p, "READ");
      assertEquals(200, t.get("/api/v1/review/conflicts", lead).status());
      assertTrue(entries(p, "READ") > before, "review queue");
    });
    probes.put("POST /api/v1/review/conflicts/{id}/resolve", () -> {
      long before = entries(p, "UPDATE");
      assertEquals(200, t.post("/api/v1/review/conflicts/" + conflictId + "/resolve", "{\"choice\":\"KEEP_SERVER\"}", lead).status());
      assertTrue(entries(p, "UPDATE") > before, "resolve");
    });
    probes.put("POST /api/v1/svu/messages", () -> {
      long before = entries(p, "UPDATE");
      assertEquals(200, t.post("/api/v1/svu/messages", "{\"episodeId\":\"" + TestServer.EPISODE_A
          + "\",\"type\":\"UTSKRIVEN\",\"eventTime\":\"2026-11-22T10:00:00Z\"}", integration).status());
      assertTrue(entries(p, "UPDATE") > before, "svu");
    });
    probes.put("GET /api/v1/audit", () -> {
      long before = entries(p, "READ");
      assertEquals(200, t.get("/api/v1/audit?patient=" + p, mas).status());
      assertTrue(entries(p, "READ") > before, "log review");
    });

    probes.put("POST /api/v1/access/emergency", () -> {
      String nurseOfTeamB = t.login("b1", UUID.randomUUID().toString());
      long before = entries(p, "EMERGENCY_ACCESS");
      TestServer.Reply r = t.post("/api/v1/access/emergency", json(new se.nara.sdk.protocol.EmergencyAccessRequest(
          EmergencyAccessApiTest.PNR_A, EmergencyAccessApiTest.REASON)), nurseOfTeamB);
      assertEquals(200, r.status(), r.body());
      assertTrue(entries(p, "EMERGENCY_ACCESS") > before, "nödåtkomst");
    });

    TeamLeadSession page = TeamLeadSession.login(t, "lead");
    String visit = todaysVisit(nurseA, devA, 2);
    String conflict2 = conflict(nurseA, devA, nurseB, devB, 3, 2);
    // An automatically resolved conflict (two planned ends for one visit: rule 11) and a deviation,
    // written from tablets of their own so the probes' mutation numbers stay as they are.
    String devC = UUID.randomUUID().toString();
    String nurseC = t.login("a1", devC);
    String devD = UUID.randomUUID().toString();
    String nurseD = t.login("a2", devD);
    String planned = todaysVisit(nurseC, devC, 1);
    for (String[] side : new String[][] {{devC, nurseC, "2", "600"}, {devD, nurseD, "1", "1200"}}) {
      JsonObject f = new JsonObject();
      f.addProperty("plannedEnd", Instant.now().plusSeconds(Long.parseLong(side[3])).toString());
      t.post("/api/v1/sync/push", json(new PushRequest(side[0], List.of(new Mutation(side[0], Long.parseLong(side[2]), "visit", planned,
          MutationOp.UPDATE, 1, f, null, Instant.now())), 1, null)), side[1]);
    }
    JsonObject deviation = new JsonObject();
    deviation.addProperty("patientId", p);
    deviation.addProperty("category", "FALL");
    deviation.addProperty("description", "Föll i hallen");
    deviation.addProperty("severity", "RISK");
    deviation.addProperty("status", "REGISTERED");
    assertEquals(200, t.post("/api/v1/sync/push", json(new PushRequest(devC, List.of(new Mutation(devC, 3, "deviation",
        UUID.randomUUID().toString(), MutationOp.CREATE, 0, deviation, null, Instant.now())), 1, null)), nurseC).status());
    probes.put("GET /teamledare/api/auto-resolved", () -> {
      long before = entries(p, "READ");
      TestServer.Reply r = page.get(t, "/teamledare/api/auto-resolved");
      assertEquals(200, r.status(), r.body());
      assertTrue(r.json().getAsJsonArray("conflicts").size() > 0, r.body());
      assertTrue(entries(p, "READ") > before, "automatically resolved conflicts");
    });
    probes.put("GET /teamledare/api/deviations", () -> {
      long before = entries(p, "READ");
      TestServer.Reply r = page.get(t, "/teamledare/api/deviations");
      assertEquals(200, r.status(), r.body());
      assertTrue(r.json().getAsJsonArray("deviations").size() > 0, r.body());
      assertTrue(entries(p, "READ") > before, "deviations");
    });
    probes.put("GET /teamledare/api/visits", () -> {
      long before = entries(p, "READ");
      assertEquals(200, page.get(t, "/teamledare/api/visits").status());
      assertTrue(entries(p, "READ") > before, "team leader visits");
    });
    probes.put("GET /teamledare/api/conflicts", () -> {
      long before = entries(p, "READ");
      assertEquals(200, page.get(t, "/teamledare/api/conflicts").status());
      assertTrue(entries(p, "READ") > before, "team leader conflicts");
    });
    probes.put("GET /teamledare/api/discharge-board", () -> {
      long before = entries(p, "READ");
      assertEquals(200, page.get(t, "/teamledare/api/discharge-board").status());
      assertTrue(entries(p, "READ") > before, "discharge board");
    });
    probes.put("GET /teamledare/api/records/{id}/history", () -> {
      long before = entries(p, "READ");
      assertEquals(200, page.get(t, "/teamledare/api/records/" + visit + "/history").status());
      assertTrue(entries(p, "READ") > before, "record history");
    });
    probes.put("POST /teamledare/api/visits/{id}/review", () -> {
      long before = entries(p, "UPDATE");
      TestServer.Reply r = page.post(t, "/teamledare/api/visits/" + visit + "/review", "{\"decision\":\"REVIEWED\",\"version\":1}");
      assertEquals(200, r.status(), r.body());
      assertTrue(entries(p, "UPDATE") > before, "visit review");
    });
    probes.put("POST /teamledare/api/restored/resolve", () -> {
      assertEquals(200, offerLost(devA, nurseA, 299).status());
      long before = entries(p, "UPDATE");
      TestServer.Reply r = page.post(t, "/teamledare/api/restored/resolve", "{\"choice\":\"KEEP_SERVER\"}");
      assertEquals(200, r.status(), r.body());
      assertTrue(r.json().get("resolved").getAsInt() > 0, r.body());
      assertTrue(entries(p, "UPDATE") > before, "page bulk resolve");
    });
    probes.put("POST /teamledare/api/conflicts/{id}/resolve", () -> {
      long before = entries(p, "UPDATE");
      TestServer.Reply r = page.post(t, "/teamledare/api/conflicts/" + conflict2 + "/resolve", "{\"choice\":\"KEEP_SERVER\"}");
      assertEquals(200, r.status(), r.body());
      assertTrue(entries(p, "UPDATE") > before, "page resolve");
    });

    probes.put("GET /teamledare/api/follow-ups", () -> {
      String former = formerPatientWithAnUnreviewedVisit(false);
      long before = entries(former, "READ");
      TestServer.Reply r = page.get(t, "/teamledare/api/follow-ups");
      assertEquals(200, r.status(), r.body());
      assertTrue(entries(former, "READ") > before, "every follow-up visit, however old");
    });
    probes.put("GET /api/v1/review/follow-ups", () -> {
      String blocked = formerPatientWithAnUnreviewedVisit(true);
      long before = entries(blocked, "READ");
      TestServer.Reply r = t.get("/api/v1/review/follow-ups", mas);
      assertEquals(200, r.status(), r.body());
      assertTrue(r.body().contains(blocked), r.body());
      assertTrue(entries(blocked, "READ") > before, "the MAS is shown that a spärr hides a follow-up");
    });

    List<String> unclassified = new ArrayList<>();
    for (String route : t.server.routes()) {
      if (route.startsWith("HEAD ") || route.startsWith("OPTIONS ")) {
        continue;
      }
      if (!probes.containsKey(route) && !NO_PATIENT_DATA.containsKey(route)) {
        unclassified.add(route);
      }
    }
    assertTrue(unclassified.isEmpty(), "endpoints without an audit probe or a reason they hold no patient data: " + unclassified);
    for (Map.Entry<String, Probe> probe : probes.entrySet()) {
      assertTrue(t.server.routes().contains(probe.getKey()), "probe for a route that does not exist: " + probe.getKey());
      probe.getValue().call();
    }
  }

  /**
   * A patient team A cared for, with team A's visit still to review, whose care has ended (and,
   * with {@code sparr}, who blocks team A): written through the server's own stores.
   */
  private String formerPatientWithAnUnreviewedVisit(boolean sparr) {
    String patient = UUID.randomUUID().toString();
    se.nara.server.store.ScopeStore scopes = new se.nara.server.store.ScopeStore();
    se.nara.server.sync.ServerRecords records =
        new se.nara.server.sync.ServerRecords(new se.nara.server.store.RecordStore(), java.time.Clock.systemUTC());
    t.server.database().inWrite(h -> {
      records.insertAll(h, List.of(
          se.nara.sdk.model.Patient.builder().id(patient).name("Före detta patient").build(),
          se.nara.sdk.model.Visit.builder().id(UUID.randomUUID().toString()).patientId(patient).teamId(TestServer.TEAM_A)
              .status(se.nara.sdk.model.VisitStatus.COMPLETED).plannedStart(Instant.parse("2025-01-10T09:00:00Z"))
              .reviewState(se.nara.sdk.model.ReviewState.NOT_REVIEWED).build()), null);
      long now = System.currentTimeMillis();
      scopes.startRelationship(h, patient, TestServer.TEAM_A, now);
      scopes.endRelationship(h, patient, TestServer.TEAM_A, now);
      if (sparr) {
        scopes.addSparr(h, patient, TestServer.TEAM_A, now);
      }
      return null;
    });
    return patient;
  }
}
