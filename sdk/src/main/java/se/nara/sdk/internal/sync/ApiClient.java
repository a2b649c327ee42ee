package se.nara.sdk.internal.sync;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.lang.reflect.Type;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import se.nara.sdk.AuthenticationException;
import se.nara.sdk.OfflineException;
import se.nara.sdk.ProtocolException;
import se.nara.sdk.ServerException;
import se.nara.sdk.SyncException;
import se.nara.sdk.protocol.ApiError;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.LoginRequest;
import se.nara.sdk.protocol.LoginResponse;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.sdk.protocol.PullResponse;
import se.nara.sdk.protocol.PushRequest;
import se.nara.sdk.protocol.PushResponse;

/**
 * Protocol v1 over OkHttp. Maps every failure to one typed {@link SyncException}: no network is
 * {@link OfflineException}, 401/403/429 are {@link AuthenticationException}, 5xx is {@link
 * ServerException}, and anything the SDK cannot understand is a {@link ProtocolException}.
 */
public final class ApiClient {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http;
  private final HttpUrl base;
  private final java.util.concurrent.atomic.AtomicReference<okhttp3.Call> inFlight =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Creates a client for the server at {@code baseUrl}. */
  public ApiClient(OkHttpClient http, String baseUrl) {
    HttpUrl parsed = HttpUrl.parse(baseUrl);
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    this.http = http;
    this.base = parsed;
  }

  /**
   * {@code POST /api/v1/auth/login}. Not part of a sync: a sign-in during a sync must leave that
   * sync's call in flight to {@link #cancelInFlight}, which it cancels (when another user signs in)
   * once its own call has returned.
   */
  public LoginResponse login(LoginRequest request) throws SyncException {
    return call(post("api/v1/auth/login", request, null), LoginResponse.class, false);
  }

  /** {@code POST /api/v1/auth/refresh}: a fresh token for a valid one. */
  public LoginResponse refresh(String token) throws SyncException {
    return call(post("api/v1/auth/refresh", new java.util.HashMap<String, String>(), token), LoginResponse.class);
  }

  /**
   * {@code POST /api/v1/auth/logout}: ends the session of {@code token} on the server. Not part of
   * a sync, so cancelling a sync never cancels it. Returns whether the token was still live.
   */
  public boolean logout(String token) throws SyncException {
    com.google.gson.JsonObject answer =
        call(post("api/v1/auth/logout", new java.util.HashMap<String, String>(), token), com.google.gson.JsonObject.class, false);
    com.google.gson.JsonElement signedOut = answer.get("signedOut");
    return signedOut != null && signedOut.isJsonPrimitive() && signedOut.getAsBoolean();
  }

  /** {@code POST /api/v1/sync/push}. */
  public PushResponse push(PushRequest request, String token) throws SyncException {
    return call(post("api/v1/sync/push", request, token), PushResponse.class);
  }

  /** {@code POST /api/v1/sync/recovery}. */
  public se.nara.sdk.protocol.RecoveryResponse recover(se.nara.sdk.protocol.RecoveryRequest request, String token)
      throws SyncException {
    return call(post("api/v1/sync/recovery", request, token), se.nara.sdk.protocol.RecoveryResponse.class);
  }

  /**
   * {@code POST /api/v1/access/emergency}. Not a sync call: {@link #cancelInFlight} leaves it
   * alone, and a sync running meanwhile is not disturbed.
   */
  public se.nara.sdk.protocol.EmergencyAccessResponse emergencyAccess(
      se.nara.sdk.protocol.EmergencyAccessRequest request, String token) throws SyncException {
    return call(post("api/v1/access/emergency", request, token), se.nara.sdk.protocol.EmergencyAccessResponse.class, false);
  }

  /** {@code GET /api/v1/sync/verify}. */
  public se.nara.sdk.protocol.VerifyResponse verify(String cursor, String token) throws SyncException {
    HttpUrl url = base.newBuilder().addPathSegments("api/v1/sync/verify").addQueryParameter("cursor", cursor).build();
    return call(headers(new Request.Builder().url(url).get(), token).build(), se.nara.sdk.protocol.VerifyResponse.class);
  }

  /** {@code GET /api/v1/sync/pull}. */
  public PullResponse pull(String cursor, int limit, String token) throws SyncException {
    return pull(cursor, limit, token, false);
  }

  /**
   * {@code GET /api/v1/sync/pull?priority=today}: everything about the patients with visits
   * today, outside the cursor stream, so a first sync can show today's work first.
   */
  public PullResponse pullToday(String token) throws SyncException {
    return pull(null, 0, token, true);
  }

  /** Cancels the call in flight, if any (the sync then fails with a cancellation). */
  public void cancelInFlight() {
    okhttp3.Call call = inFlight.get();
    if (call != null) {
      call.cancel();
    }
  }

  private PullResponse pull(String cursor, int limit, String token, boolean today) throws SyncException {
    HttpUrl.Builder url = base.newBuilder().addPathSegments("api/v1/sync/pull");
    if (today) {
      url.addQueryParameter("priority", "today");
      Request request = headers(new Request.Builder().url(url.build()).get(), token).build();
      return call(request, PullResponse.class);
    }
    if (cursor != null) {
      url.addQueryParameter("cursor", cursor);
    }
    url.addQueryParameter("limit", Integer.toString(limit));
    Request request = headers(new Request.Builder().url(url.build()).get(), token).build();
    return call(request, PullResponse.class);
  }

  private Request post(String path, Object body, String token) {
    RequestBody json = RequestBody.create(Json.gson().toJson(body), JSON);
    return headers(
            new Request.Builder().url(base.newBuilder().addPathSegments(path).build()).post(json), token)
        .build();
  }

  private static Request.Builder headers(Request.Builder builder, String token) {
    builder.header(ProtocolVersion.HEADER, Integer.toString(ProtocolVersion.CURRENT));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private <T> T call(Request request, Type type) throws SyncException {
    return call(request, type, true);
  }

  private <T> T call(Request request, Type type, boolean partOfSync) throws SyncException {
    String body;
    int status;
    okhttp3.Call call = http.newCall(request);
    if (partOfSync) {
      inFlight.set(call);
    }
    try (Response response = call.execute()) {
      status = response.code();
      ResponseBody responseBody = response.body();
      body = responseBody == null ? "" : responseBody.string();
    } catch (IOException e) {
      if (call.isCanceled()) {
        throw new se.nara.sdk.SyncCancelledException();
      }
      throw new OfflineException(
          "cannot reach the server at " + base.host() + ": " + e.getMessage(), e);
    }
    if (status >= 200 && status < 300) {
      try {
        T value = Json.gson().fromJson(body, type);
        if (value == null) {
          throw new JsonParseException("empty body");
        }
        return value;
      } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
        throw new ProtocolException(
            "the server's answer is not valid protocol JSON: " + e.getMessage(), status, null, e);
      }
    }
    ApiError error = parseError(body);
    String code = error == null ? null : error.code();
    String message =
        error == null || error.message() == null
            ? "HTTP " + status + " from the server"
            : error.message();
    if (status == 401 || status == 403 || status == 429) {
      throw new AuthenticationException(message, status, code);
    }
    if (status >= 500) {
      throw new ServerException(message, status, code);
    }
    throw new ProtocolException(message, status, code, null);
  }

  private static ApiError parseError(String body) {
    try {
      return Json.gson().fromJson(body, ApiError.class);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
