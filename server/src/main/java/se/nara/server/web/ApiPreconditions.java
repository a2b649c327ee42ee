package se.nara.server.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.server.ApiException;

/**
 * Checks requests before routing: on every request what can be told before reading it (the
 * declared body size, the query string's encoding); on API requests the protocol version and JSON
 * bodies on writes.
 */
final class ApiPreconditions {
  private ApiPreconditions() {}

  /**
   * Refuses at once what no handler could read: a body declared larger than the limit (without
   * this the server would wait for bytes the client may never send, then time out with an empty
   * 408), and a query string whose percent-encoding is broken (Javalin would drop the parameter
   * silently, so {@code cursor=%zz} would read as no cursor at all).
   */
  static void checkReadable(Context ctx) {
    // Only what can be wrong is looked at: a GET has no body, and a query without '%' decodes.
    if (ctx.method() != HandlerType.GET) {
      long declared = ctx.req().getContentLengthLong();
      if (declared > WebServer.MAX_REQUEST_BYTES) {
        throw new ApiException(
            ErrorCode.PAYLOAD_TOO_LARGE,
            "the request body is too large: " + declared + " bytes declared, at most " + WebServer.MAX_REQUEST_BYTES);
      }
    }
    String query = ctx.queryString();
    if (query != null && query.indexOf('%') >= 0) {
      try {
        java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ApiException(ErrorCode.MALFORMED_REQUEST, "the query string is not valid percent-encoding");
      }
    }
  }

  static void check(Context ctx) {
    String version = ctx.header(ProtocolVersion.HEADER);
    if (version == null || !isSupported(version.trim())) {
      JsonObject details = new JsonObject();
      JsonArray supported = new JsonArray();
      supported.add(ProtocolVersion.CURRENT);
      details.add("supported", supported);
      details.addProperty("received", version == null ? null : truncate(version));
      throw new ApiException(
          ErrorCode.UNSUPPORTED_PROTOCOL_VERSION,
          version == null
              ? "the " + ProtocolVersion.HEADER + " header is required"
              : "protocol version '" + truncate(version) + "' is not supported; this server speaks "
                  + ProtocolVersion.CURRENT,
          details);
    }
    HandlerType method = ctx.method();
    if (method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.PATCH) {
      String type = ctx.contentType();
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
      }
    }
  }

  private static boolean isSupported(String version) {
    try {
      return ProtocolVersion.isSupported(Integer.parseInt(version));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String truncate(String value) {
    return value.length() > 20 ? value.substring(0, 20) + "…" : value;
  }
}
