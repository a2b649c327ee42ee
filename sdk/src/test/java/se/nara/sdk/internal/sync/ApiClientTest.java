package se.nara.sdk.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.nara.sdk.AuthenticationException;
import se.nara.sdk.OfflineException;
import se.nara.sdk.ProtocolException;
import se.nara.sdk.ServerException;
import se.nara.sdk.protocol.EmergencyAccessRequest;
import se.nara.sdk.protocol.EmergencyAccessResponse;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.PushRequest;

/** The SDK's HTTP edge cases, against a scripted server. */
class ApiClientTest {
  @StartStop final MockWebServer server = new MockWebServer();
  ApiClient api;

  @BeforeEach
  void setUp() {
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(300, TimeUnit.MILLISECONDS).build();
    api = new ApiClient(http, server.url("/").toString());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void sendsTheProtocolVersionAndTheTokenAndParsesAPage() throws Exception {
    server.enqueue(json(200, "{\"records\":[{\"type\":\"visit\",\"id\":\"v1\",\"version\":3,\"seq\":9,"
        + "\"tombstone\":false,\"data\":{\"note\":\"x\"}}],\"nextCursor\":\"9\",\"hasMore\":false,\"lastMutationId\":4}"));
    PullResponse page = api.pull("5", 100, "tok");
    assertEquals(1, page.records().size());
    assertEquals("9", page.nextCursor());
    assertEquals(4, page.lastMutationId());
    RecordedRequest request = server.takeRequest();
    assertEquals("1", request.getHeaders().get("Nara-Protocol-Version"));
    assertEquals("Bearer tok", request.getHeaders().get("Authorization"));
    assertTrue(request.getTarget().contains("cursor=5"));
    assertTrue(request.getTarget().contains("limit=100"));
  }

  @Test
  void loginSendsTheDeviceSecretButNeverLogsIt() throws Exception {
    server.enqueue(json(200, "{\"token\":\"t\",\"staffId\":\"s\",\"teamIds\":[],\"lastMutationId\":0}"));
    LoginRequest request = new LoginRequest("anna", "pw", "d", "Surfplatta", "hemlig-enhetsnyckel-0123456789abcdefghijklmno");
    api.login(request);
    JsonObject sent = JsonParser.parseString(server.takeRequest().getBody().utf8()).getAsJsonObject();
    assertEquals("hemlig-enhetsnyckel-0123456789abcdefghijklmno", sent.get("deviceSecret").getAsString());
    assertEquals("d", sent.get("deviceId").getAsString());
    assertFalse(request.toString().contains("hemlig"), request.toString());
  }

  @Test
  void logoutSendsTheTokenToEndAndReadsWhetherItWasLive() throws Exception {
    server.enqueue(json(200, "{\"signedOut\":true}"));
    server.enqueue(json(200, "{\"signedOut\":false}"));
    server.enqueue(json(401, "{\"code\":\"UNAUTHENTICATED\",\"message\":\"sign out needs the bearer token\"}"));
    assertTrue(api.logout("old-token"));
    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertTrue(request.getTarget().endsWith("/api/v1/auth/logout"), request.getTarget());
    assertEquals("Bearer old-token", request.getHeaders().get("Authorization"));
    assertEquals("{}", request.getBody().utf8());
    assertFalse(api.logout("old-token"), "a token that was no longer live");
    AuthenticationException refused = assertThrows(AuthenticationException.class, () -> api.logout("x"));
    assertEquals("UNAUTHENTICATED", refused.code());
  }

  @Test
  void aTimeoutIsOfflineAndRetryable() {
    server.enqueue(new MockResponse.Builder().bodyDelay(2, TimeUnit.SECONDS).body("{}").build());
    OfflineException e = assertThrows(OfflineException.class, () -> api.pull(null, 10, "tok"));
    assertTrue(e.isRetryable());
    assertEquals(0, e.httpStatus());
  }

  @Test
  void aDroppedConnectionIsOffline() {
    // twice: OkHttp silently retries a GET once on a fresh connection
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().onResponseStart(new mockwebserver3.SocketEffect.CloseSocket()).build());
    }
    assertThrows(OfflineException.class, () -> api.pull(null, 10, "tok"));
  }

  @Test
  void aServerErrorIsAServerExceptionWithTheCode() {
    server.enqueue(json(500, "{\"code\":\"INTERNAL_ERROR\",\"message\":\"boom\",\"details\":{\"incident\":\"x\"}}"));
    ServerException e = assertThrows(ServerException.class, () -> api.pull(null, 10, "tok"));
    assertEquals(500, e.httpStatus());
    assertEquals("INTERNAL_ERROR", e.code());
    assertTrue(e.isRetryable());
  }

  @Test
  void a5xxWithoutJsonIsStillAServerException() {
    server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
    ServerException e = assertThrows(ServerException.class, () -> api.pull(null, 10, "tok"));
    assertEquals(502, e.httpStatus());
  }

  @Test
  void malformedJsonIsAProtocolError() {
    server.enqueue(json(200, "{\"records\": [ {\"id\": "));
    ProtocolException e = assertThrows(ProtocolException.class, () -> api.pull(null, 10, "tok"));
    assertFalse(e.isRetryable());
  }

  @Test
  void anUnknownEnumValueIsAProtocolErrorNotASilentNull() {
    server.enqueue(json(200, "{\"results\":[{\"mutationId\":1,\"status\":\"MAYBE\"}],\"lastMutationId\":1}"));
    assertThrows(
        ProtocolException.class,
        () -> api.push(new PushRequest("d", Collections.emptyList(), 0, Instant.now()), "tok"));
  }

  @Test
  void unauthorizedIsAnAuthenticationError() {
    server.enqueue(json(401, "{\"code\":\"UNAUTHENTICATED\",\"message\":\"the token is unknown or has expired\",\"details\":null}"));
    AuthenticationException e = assertThrows(AuthenticationException.class, () -> api.pull(null, 10, "old"));
    assertEquals(401, e.httpStatus());
    assertEquals("UNAUTHENTICATED", e.code());
    assertEquals("the token is unknown or has expired", e.getMessage());
  }

  @Test
  void wrongPasswordIsAnAuthenticationError() {
    server.enqueue(json(401, "{\"code\":\"INVALID_CREDENTIALS\",\"message\":\"wrong username or password\"}"));
    AuthenticationException e =
        assertThrows(AuthenticationException.class, () -> api.login(new LoginRequest("a", "b", "d", null)));
    assertEquals("INVALID_CREDENTIALS", e.code());
  }

  @Test
  void anUnsupportedVersionIsAProtocolError() {
    server.enqueue(json(400, "{\"code\":\"UNSUPPORTED_PROTOCOL_VERSION\",\"message\":\"speak 2\"}"));
    ProtocolException e = assertThrows(ProtocolException.class, () -> api.pull(null, 10, "tok"));
    assertEquals("UNSUPPORTED_PROTOCOL_VERSION", e.code());
    assertEquals(400, e.httpStatus());
  }

  @Test
  void anUnreachableServerIsOffline() throws Exception {
    String url = server.url("/").toString();
    server.close();
    ApiClient dead = new ApiClient(new OkHttpClient(), url);
    assertThrows(OfflineException.class, () -> dead.pull(null, 10, "tok"));
  }

  @Test
  void anEmergencyAccessPostsNumberAndReasonAndItsRefusalsKeepTheirCodes() throws Exception {
    server.enqueue(json(200, "{\"patientId\":\"p1\",\"openedAt\":\"2026-11-24T10:00:00Z\",\"records\":[{\"type\":"
        + "\"medication_line\",\"id\":\"l1\",\"version\":2,\"seq\":7,\"patientId\":\"p1\",\"tombstone\":false,"
        + "\"data\":{\"drugName\":\"Furosemid\"}}]}"));
    EmergencyAccessResponse ok = api.emergencyAccess(new EmergencyAccessRequest("19380412-2380", "Akut försämring nattetid"), "tok");
    assertEquals("p1", ok.patientId());
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), ok.openedAt());
    assertEquals("Furosemid", ok.records().get(0).data().get("drugName").getAsString());
    RecordedRequest request = server.takeRequest();
    assertEquals("/api/v1/access/emergency", request.getTarget());
    assertEquals("POST", request.getMethod());
    assertEquals("Bearer tok", request.getHeaders().get("Authorization"));
    String sent = request.getBody().utf8();
    assertTrue(sent.contains("\"personnummer\":\"19380412-2380\"") && sent.contains("\"reason\":\"Akut försämring nattetid\""), sent);

    server.enqueue(json(409, "{\"code\":\"ALREADY_IN_CARE\",\"message\":\"your team already cares for this patient\"}"));
    ProtocolException inCare = assertThrows(ProtocolException.class,
        () -> api.emergencyAccess(new EmergencyAccessRequest("x", "y"), "tok"));
    assertEquals("ALREADY_IN_CARE", inCare.code());
    assertEquals(409, inCare.httpStatus());
    server.enqueue(json(403, "{\"code\":\"FORBIDDEN\",\"message\":\"spärr\"}"));
    AuthenticationException blocked = assertThrows(AuthenticationException.class,
        () -> api.emergencyAccess(new EmergencyAccessRequest("x", "y"), "tok"));
    assertEquals("FORBIDDEN", blocked.code());
  }

  @Test
  void cancellingASyncLeavesAnEmergencyAccessInFlightAlone() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .headersDelay(150, TimeUnit.MILLISECONDS).body("{\"patientId\":\"p1\",\"records\":[]}").build());
    java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    Thread reader = new Thread(() -> {
      try {
        outcome.set(api.emergencyAccess(new EmergencyAccessRequest("x", "y"), "tok"));
      } catch (Exception e) {
        outcome.set(e);
      }
    });
    reader.start();
    server.takeRequest(); // the call is in flight
    api.cancelInFlight(); // what NaraClient.cancelSync() does
    reader.join(5000);
    assertTrue(outcome.get() instanceof EmergencyAccessResponse, "not cancelled: " + outcome.get());
  }

  @Test
  void verifySendsTheCursorAndReadsTheDigests() throws Exception {
    server.enqueue(json(200, "{\"scopes\":[{\"patientId\":null,\"count\":3,\"digest\":\"00000000000000ff\"},"
        + "{\"patientId\":\"p1\",\"count\":80,\"digest\":\"0123456789abcdef\"}],\"changedSince\":[\"r9\"]}"));
    se.nara.sdk.protocol.VerifyResponse v = api.verify("1042.88213.1795515278341", "tok");
    assertEquals(2, v.scopes().size());
    assertEquals(null, v.scopes().get(0).patientId());
    assertEquals(80, v.scopes().get(1).count());
    assertEquals("0123456789abcdef", v.scopes().get(1).digest());
    assertEquals(java.util.List.of("r9"), v.changedSince());
    RecordedRequest request = server.takeRequest();
    assertEquals("/api/v1/sync/verify?cursor=1042.88213.1795515278341", request.getTarget());
    assertEquals("Bearer tok", request.getHeaders().get("Authorization"));
  }
}
