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
      Map.of(
          "GET /health", "liveness only",
          "POST /api/v1/auth/login", "returns the caller's own session",
          "POST /api/v1/auth/refresh", "returns the caller's own session",
          "POST /api/v1/devices/{id}/revoke", "device administration (audited as an UPDATE of the device)",
          "POST /api/v1/admin/care-relationships/start", "returns ids only (the change itself is audited)",
          "POST /api/v1/admin/care-relationships/end", "returns ids only (the change itself is audited)",
          "POST /api/v1/admin/sparr", "returns ids only (the change itself is audited)");

  private long entries(String patientId, String action) {
    return t.server.database().withReader(h -> h.createQuery(
            "SELECT COUNT(*) FROM audit_log WHERE patient_id = :p AND action = :a")
        .bind("p", patientId).bind("a", action).mapTo(Long.class).one());
  }

  private String conflict(String tokenA, String devA, String tokenB, String devB) throws Exception {
    JsonObject a = new JsonObject();
    a.addProperty("dose", "2");
    JsonObject b = new JsonObject();
    b.addProperty("dose", "3");
    t.post("/api/v1/sync/push", json(new PushRequest(devA, List.of(new Mutation(devA, 1, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, 1, a, null, Instant.now())), 1, null)), tokenA);
    Reply r = t.post("/api/v1/sync/push", json(new PushRequest(devB, List.of(new Mutation(devB, 1, "medication_line", TestServer.LINE_A, MutationOp.UPDATE, 1, b, null, Instant.now())), 1, null)), tokenB);
    return r.json().getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("conflictIds").get(0).getAsString();
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
      t.post("/api/v1/sync/push", json(new PushRequest(devA, List.of(new Mutation(devA, 2, "checklist_item", TestServer.ITEM_A, MutationOp.UPDATE, 1, f, null, Instant.now())), 1, null)), nurseA);
      assertTrue(entries(p, "UPDATE") > before, "push");
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
}
