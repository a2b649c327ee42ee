package se.nara.server.web;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.StringReader;
import io.javalin.http.Context;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.server.ApiException;
import se.nara.server.auth.AuthService;
import se.nara.server.auth.Principal;

/** Small helpers shared by the handlers: body parsing and the caller's identity. */
final class Requests {
  private static final String PRINCIPAL = "nara.principal";
  /** Deeper JSON than any protocol message needs is refused before it can cost stack. */
  static final int MAX_NESTING = 32;

  private Requests() {}

  /** Parses the JSON body into {@code type}; a missing or malformed body is a 400. */
  static <T> T body(Context ctx, Class<T> type) {
    String body = ctx.body();
    if (body == null || body.isBlank()) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "the request needs a JSON body");
    }
    T value;
    try {
      JsonReader reader = new JsonReader(new StringReader(body));
      reader.setStrictness(Strictness.STRICT);
      reader.setNestingLimit(MAX_NESTING);
      value = STRICT.fromJson(reader, com.google.gson.reflect.TypeToken.get(type));
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("unexpected content after the JSON value");
      }
    } catch (StrictKinds.WrongKind e) {
      if (e.field().equals("body")) {
        throw new ApiException(ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON for this endpoint: it must be a JSON object");
      }
      throw ApiException.invalid(e.field(), e.getMessage());
    } catch (JsonParseException | IllegalStateException | NumberFormatException | java.io.IOException e) {
      StrictKinds.WrongKind wrongKind = wrongKind(e);
      if (wrongKind != null && !wrongKind.field().equals("body")) {
        throw ApiException.invalid(wrongKind.field(), wrongKind.getMessage());
      }
      throw new ApiException(
          ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON for this endpoint: " + rootMessage(e));
    }
    if (value == null) {
      throw new ApiException(ErrorCode.MALFORMED_REQUEST, "the request needs a JSON body");
    }
    return value;
  }

  /** The Gson of request bodies: the shared conventions, and strict JSON kinds ({@link StrictKinds}). */
  private static final com.google.gson.Gson STRICT = Json.gson().newBuilder().registerTypeAdapterFactory(new StrictKinds()).create();

  private static StrictKinds.WrongKind wrongKind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StrictKinds.WrongKind w) {
        return w;
      }
    }
    return null;
  }

  /**
   * Checks the body of an endpoint that reads none: empty, or a JSON object (its members are
   * ignored, as unknown members are everywhere). Anything else is a 400, so a client that sends
   * garbage learns of it instead of being answered as if it had sent nothing.
   */
  static void noBody(Context ctx) {
    String body = ctx.body();
    if (body != null && !body.isBlank()) {
      body(ctx, com.google.gson.JsonObject.class);
    }
  }

  /** An optional UUID query parameter; anything else is a 400 naming the parameter. */
  static String uuidParam(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!isUuid(value)) {
      throw ApiException.invalid(name, name + " must be " + se.nara.server.Uuids.FORM);
    }
    return value;
  }

  /** Whether {@code value} is a UUID in its canonical (lower-case) text form ({@link se.nara.server.Uuids}). */
  static boolean isUuid(String value) {
    return se.nara.server.Uuids.isUuid(value);
  }

  /** The bearer token of the request, or null. */
  static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return null;
  }

  /** The authenticated caller, checked once per request. */
  static Principal principal(Context ctx, AuthService auth) {
    Principal cached = ctx.attribute(PRINCIPAL);
    if (cached != null) {
      return cached;
    }
    Principal principal = auth.authenticate(bearer(ctx));
    ctx.attribute(PRINCIPAL, principal);
    return principal;
  }

  /**
   * Gson's message without its advice to the programmer: the troubleshooting link, and the hint
   * to read the JSON leniently (which the server never will). What is wrong and where stays.
   */
  static String humanMessage(String gson) {
    String message = gson;
    int see = message.indexOf("\nSee ");
    if (see >= 0) {
      message = message.substring(0, see);
    }
    message = message.replaceAll("\\s*See https?://\\S+", "");
    message = message.replaceAll("Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON", "malformed JSON");
    message = message.replaceAll("Use JsonReader\\.setLenient\\(true\\) to accept malformed JSON", "malformed JSON");
    // Never a Java class name: Gson names its own types and exceptions ("com.google.gson.JsonObject").
    message = message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)", "$1");
    message = message.replaceAll("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*", "");
    message = message.replace("JsonObject", "an object").replace("JsonArray", "a list").replace("JsonNull", "null")
        .replace("JsonPrimitive", "a value").replace("JsonElement", "a value");
    message = message.strip();
    if (message.endsWith(".")) {
      message = message.substring(0, message.length() - 1);
    }
    if (message.isEmpty() || message.contains("setStrictness") || message.contains("LENIENT") || message.contains("setLenient")) {
      return "malformed JSON";
    }
    return message;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? "malformed JSON" : humanMessage(t.getMessage());
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
