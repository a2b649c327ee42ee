package se.nara.server.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.ProtocolVersion;
import se.nara.server.ApiException;

/** Checks every API request before routing: protocol version, and JSON bodies on writes. */
final class ApiPreconditions {
  private ApiPreconditions() {}

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
