package se.nara.sdk;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A scripted stand-in for the Nära server, enough for one signed-in device to sync: it signs in
 * anyone, applies every pushed change, and answers pulls with {@link #records} on the first page.
 * A pull can be held ({@link #holdPulls}) until the test releases it, so a test knows a sync is
 * in flight, at which step, without sleeping.
 */
final class ScriptedServer extends Dispatcher {
  /** Records the first cursor pull returns (JSON objects of the protocol's SyncRecord). */
  final List<String> records = new CopyOnWriteArrayList<>();
  /** Every request's path and query, in arrival order. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** Every request's path and the token that signed it ("/api/v1/sync/push tok"), in arrival order. */
  final List<String> signed = new CopyOnWriteArrayList<>();
  final AtomicInteger pulls = new AtomicInteger();
  /** Counted down when a held pull has arrived. */
  volatile CountDownLatch pullArrived = new CountDownLatch(1);
  private volatile CountDownLatch releasePull;
  /** What a held pull answers once released (200: the page). */
  volatile int heldPullStatus = 200;
  /** The token the next sign-in of anyone but "erik" gets. */
  volatile String annasToken = "tok";
  /** Answer every sync call (not the sign-in) with this status instead, when positive. */
  volatile int failSyncWith;
  /** The error code those failures name. */
  volatile String failSyncCode = "UNAVAILABLE";
  /** Refuse every pushed change (REJECTED, VALIDATION_FAILED) instead of applying it. */
  volatile boolean rejectPushes;

  /** From now on, every cursor pull waits for {@link #release()}. */
  void holdPulls() {
    pullArrived = new CountDownLatch(1);
    releasePull = new CountDownLatch(1);
  }

  /**
   * Starts {@code client}'s sync on another thread and returns once its pull is held here; should
   * the held pull ever be let through, it is refused (503).
   */
  java.util.concurrent.CompletableFuture<SyncResult> syncHeldInPull(NaraClient client) throws InterruptedException {
    holdPulls();
    heldPullStatus = 503;
    java.util.concurrent.CompletableFuture<SyncResult> sync = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return client.sync();
      } catch (SyncException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    if (!pullArrived.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the sync never pulled");
    }
    return sync;
  }

  /** Lets held pulls (and later ones) through. */
  void release() {
    CountDownLatch r = releasePull;
    releasePull = null;
    if (r != null) {
      r.countDown();
    }
  }

  static String checklistItem(String id, String patientId) {
    return "{\"type\":\"checklist_item\",\"id\":\"" + id + "\",\"version\":1,\"seq\":1,\"patientId\":\"" + patientId + "\","
        + "\"tombstone\":false,\"data\":{\"patientId\":\"" + patientId + "\",\"checklistId\":\"c1\",\"itemKey\":\"rollator\","
        + "\"label\":\"Rollator\",\"sortOrder\":1,\"state\":\"UNCHECKED\"}}";
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    requests.add(request.getTarget());
    String authorization = request.getHeaders().get("Authorization");
    signed.add(path + " " + (authorization == null ? "-" : authorization.replace("Bearer ", "")));
    if (path.endsWith("/auth/login")) {
      // "erik" is of another team than everyone else ("anna").
      boolean erik = request.getBody().utf8().contains("\"erik\"");
      return json(200, "{\"token\":\"" + (erik ? "tok-erik" : annasToken) + "\",\"staffId\":\"" + (erik ? "s2" : "s1")
          + "\",\"staffName\":\"" + (erik ? "Erik" : "Anna") + "\",\"profession\":\"SJUKSKOTERSKA\","
          + "\"teamIds\":[\"" + (erik ? "t2" : "t1") + "\"],\"lastMutationId\":0}");
    }
    if (path.endsWith("/auth/logout")) {
      return json(200, "{\"signedOut\":true}");
    }
    if (failSyncWith > 0) {
      return json(failSyncWith, "{\"code\":\"" + failSyncCode + "\",\"message\":\"scripted failure\"}");
    }
    if (path.endsWith("/sync/push")) {
      JsonObject body = JsonParser.parseString(request.getBody().utf8()).getAsJsonObject();
      JsonArray results = new JsonArray();
      for (JsonElement m : body.getAsJsonArray("mutations")) {
        JsonObject mutation = m.getAsJsonObject();
        JsonObject r = new JsonObject();
        r.add("mutationId", mutation.get("mutationId"));
        r.addProperty("status", rejectPushes ? "REJECTED" : "APPLIED");
        r.add("entityType", mutation.get("entityType"));
        r.add("entityId", mutation.get("entityId"));
        r.addProperty("version", rejectPushes ? 1 : 2);
        if (rejectPushes) {
          r.addProperty("code", "VALIDATION_FAILED");
          r.addProperty("message", "scripted refusal");
        }
        results.add(r);
      }
      long last = 0;
      for (JsonElement m : body.getAsJsonArray("mutations")) {
        last = Math.max(last, m.getAsJsonObject().get("mutationId").getAsLong());
      }
      return json(200, "{\"results\":" + results + ",\"lastMutationId\":" + last + "}");
    }
    if (path.endsWith("/sync/pull")) {
      if (request.getUrl().queryParameter("priority") != null) {
        return json(200, "{\"records\":[],\"hasMore\":false,\"lastMutationId\":0}");
      }
      int n = pulls.incrementAndGet();
      CountDownLatch release = releasePull;
      if (release != null) {
        pullArrived.countDown();
        if (!release.await(30, TimeUnit.SECONDS) || heldPullStatus != 200) {
          return json(heldPullStatus, "{\"code\":\"UNAVAILABLE\",\"message\":\"held, then refused\"}");
        }
      }
      String cursor = request.getUrl().queryParameter("cursor");
      String page = cursor == null ? String.join(",", records) : "";
      return json(200, "{\"records\":[" + page + "],\"nextCursor\":\"" + (100 + n) + "\",\"hasMore\":false,\"lastMutationId\":0}");
    }
    return json(404, "{\"code\":\"NOT_FOUND\",\"message\":\"not scripted\"}");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }
}
