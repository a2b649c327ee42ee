package se.nara.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.server.TestServer;

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
}
