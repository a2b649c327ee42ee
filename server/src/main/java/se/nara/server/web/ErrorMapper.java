package se.nara.server.web;

import com.google.gson.JsonObject;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.protocol.ApiError;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.server.ApiException;

/**
 * The one place where failures become {@code {code, message, details}}. Client mistakes get
 * their 4xx; anything unexpected is a 500 with an incident id that also appears in the log,
 * never a stack trace in the response.
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
  private static final String WRITTEN = "nara.error-written";

  private ErrorMapper() {}

  static void install(JavalinConfig config) {
    config.routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.code(), e.getMessage(), e.details()));
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          ErrorCode code = forStatus(e.getStatus());
          write(ctx, code, code == ErrorCode.PAYLOAD_TOO_LARGE ? "the request body is too large" : e.getMessage(), null);
        });
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          Throwable unreadable = unreadableRequest(e);
          if (unreadable != null) {
            // The client's mistake, or its connection gone mid-body: nothing to investigate here.
            LOG.info("{} {}: the request could not be read: {}", ctx.method(), ctx.path(), unreadable.toString());
            if (unreadable instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413) {
              write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large", null);
            } else {
              write(ctx, ErrorCode.MALFORMED_REQUEST, "the request could not be read: the body ended early or is not valid HTTP", null);
            }
            return;
          }
          String incident = UUID.randomUUID().toString();
          LOG.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
          JsonObject details = new JsonObject();
          details.addProperty("incident", incident);
          write(ctx, ErrorCode.INTERNAL_ERROR, "an unexpected server error occurred; it has been logged", details);
        });
    config.routes.error(404, ctx -> writeIfEmpty(ctx, ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.path()));
    config.routes.error(405, ctx -> writeIfEmpty(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on " + ctx.path()));
    config.routes.error(413, ctx -> writeIfEmpty(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large"));
    config.routes.error(500, ctx -> writeIfEmpty(ctx, ErrorCode.INTERNAL_ERROR, "an unexpected server error occurred"));
  }

  /**
   * The Jetty failure in {@code e}'s causes that says the request itself could not be read: the
   * body ended before its declared length ({@link org.eclipse.jetty.io.EofException}, which is
   * what Jetty's HttpEofException is), or it broke HTTP, such as a chunk size that is no number
   * ({@link org.eclipse.jetty.http.BadMessageException} and other 4xx {@link
   * org.eclipse.jetty.http.HttpException}s). Null for anything else.
   */
  static Throwable unreadableRequest(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.eclipse.jetty.io.EofException) {
        return t;
      }
      if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        return t;
      }
    }
    return null;
  }

  static void write(Context ctx, ErrorCode code, String message, JsonObject details) {
    ctx.attribute(WRITTEN, Boolean.TRUE);
    ctx.status(code.httpStatus());
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(Json.gson().toJson(new ApiError(code.name(), message, details)));
  }

  private static void writeIfEmpty(Context ctx, ErrorCode code, String message) {
    if (ctx.attribute(WRITTEN) == null) {
      write(ctx, code, message, null);
    }
  }

  private static ErrorCode forStatus(int status) {
    switch (status) {
      case 401:
        return ErrorCode.UNAUTHENTICATED;
      case 403:
        return ErrorCode.FORBIDDEN;
      case 404:
        return ErrorCode.NOT_FOUND;
      case 405:
        return ErrorCode.METHOD_NOT_ALLOWED;
      case 413:
        return ErrorCode.PAYLOAD_TOO_LARGE;
      case 415:
        return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 503:
        return ErrorCode.UNAVAILABLE;
      default:
        return status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.MALFORMED_REQUEST;
    }
  }
}
