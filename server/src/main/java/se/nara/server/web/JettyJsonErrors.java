package se.nara.server.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import se.nara.sdk.protocol.ApiError;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;

/**
 * Jetty refuses some requests before Javalin sees them (an ambiguous or malformed URI, a header
 * too large). Those answers use the same JSON error format as every other, never an HTML page
 * and never a stack trace.
 */
final class JettyJsonErrors extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback callback)
      throws IOException {
    ErrorCode error =
        code == 413 ? ErrorCode.PAYLOAD_TOO_LARGE
            : code == 404 ? ErrorCode.NOT_FOUND
            : code == 405 ? ErrorCode.METHOD_NOT_ALLOWED
            : code == 415 ? ErrorCode.UNSUPPORTED_MEDIA_TYPE
            : code >= 500 ? ErrorCode.INTERNAL_ERROR
            : ErrorCode.MALFORMED_REQUEST;
    String text = code >= 500 ? "an unexpected server error occurred" : "the request could not be read: HTTP " + code;
    byte[] body = Json.gson().toJson(new ApiError(error.name(), text, null)).getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
