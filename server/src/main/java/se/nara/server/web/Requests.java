package se.nara.server.web;

import com.google.gson.JsonParseException;
import io.javalin.http.Context;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.server.ApiException;
import se.nara.server.auth.AuthService;
import se.nara.server.auth.Principal;

/** Small helpers shared by the handlers: body parsing and the caller's identity. */
final class Requests {
  private static final String PRINCIPAL = "nara.principal";

  private Requests() {}

  /** Parses the JSON body into {@code type}; a missing or malformed body is a 400. */
  static <T> T body(Context ctx, Class<T> type) {
    String body = ctx.body();
    if (body == null || body.isBlank()) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "the request needs a JSON body");
    }
    T value;
    try {
      value = Json.gson().fromJson(body, type);
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new ApiException(
          ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON for this endpoint: " + rootMessage(e));
    }
    if (value == null) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "the request needs a JSON body");
    }
    return value;
  }

  /** An optional UUID query parameter; anything else is a 400 naming the parameter. */
  static String uuidParam(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!value.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      throw ApiException.invalid(name, name + " must be a UUID");
    }
    return value;
  }

  /** The authenticated caller, checked once per request. */
  static Principal principal(Context ctx, AuthService auth) {
    Principal cached = ctx.attribute(PRINCIPAL);
    if (cached != null) {
      return cached;
    }
    String header = ctx.header("Authorization");
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
    }
    Principal principal = auth.authenticate(token);
    ctx.attribute(PRINCIPAL, principal);
    return principal;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
