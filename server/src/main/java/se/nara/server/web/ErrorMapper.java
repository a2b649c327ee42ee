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
import se.nara.server.web.ui.TeamLeadRoutes;

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
          String message = code == ErrorCode.PAYLOAD_TOO_LARGE ? "the request body is too large" : e.getMessage();
          if (teamLeadPage(ctx)) {
            // Javalin's own texts ("Endpoint GET … not found", "Method Not Allowed") are English;
            // the team leader page speaks Swedish. The codes stay the same.
            message = swedish(ctx, code, message);
          }
          write(ctx, code, message, null);
        });
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          Throwable unreadable = unreadableRequest(e);
          if (unreadable != null) {
            // The client's mistake, or its connection gone mid-body: nothing to investigate here.
            LOG.info("{} {}: the request could not be read: {}", ctx.method(), ctx.path(), unreadable.toString());
            if (unreadable instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413) {
              write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, localized(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large"), null);
            } else {
              write(ctx, ErrorCode.MALFORMED_REQUEST, localized(ctx, ErrorCode.MALFORMED_REQUEST,
                  "the request could not be read: the body ended early or is not valid HTTP"), null);
            }
            return;
          }
          String incident = UUID.randomUUID().toString();
          LOG.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
          JsonObject details = new JsonObject();
          details.addProperty("incident", incident);
          write(ctx, ErrorCode.INTERNAL_ERROR,
              localized(ctx, ErrorCode.INTERNAL_ERROR, "an unexpected server error occurred; it has been logged"), details);
        });
    config.routes.error(404, ctx -> writeIfEmpty(ctx, ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.path()));
    config.routes.error(405, ctx -> writeIfEmpty(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on " + ctx.path()));
    config.routes.error(413, ctx -> writeIfEmpty(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large"));
    config.routes.error(500, ctx -> writeIfEmpty(ctx, ErrorCode.INTERNAL_ERROR, "an unexpected server error occurred"));
  }

  /** Whether the request is for the team leader page or its endpoints, whose messages are Swedish. */
  static boolean teamLeadPage(Context ctx) {
    String path = ctx.path();
    return path.equals(TeamLeadRoutes.BASE) || path.startsWith(TeamLeadRoutes.BASE + "/");
  }

  /**
   * The team leader page's message for a failure the framework or this mapper worded: Swedish,
   * as the page's own messages are. {@code english} is kept for codes without a Swedish text.
   */
  static String swedish(Context ctx, ErrorCode code, String english) {
    switch (code) {
      case NOT_FOUND:
        return "Det finns ingen sådan sida eller funktion: " + ctx.path();
      case METHOD_NOT_ALLOWED:
        return "Metoden " + ctx.method() + " går inte att använda på " + ctx.path() + ".";
      case PAYLOAD_TOO_LARGE:
        return "Begäran är för stor.";
      case UNSUPPORTED_MEDIA_TYPE:
        return "Skicka innehållet som application/json.";
      case MALFORMED_REQUEST:
        return "Begäran kunde inte läsas.";
      case INTERNAL_ERROR:
        return "Ett oväntat fel uppstod på servern. Det har loggats.";
      case UNAVAILABLE:
        return "Servern är tillfälligt upptagen. Försök igen om en stund.";
      case UNAUTHENTICATED:
        return "Logga in först.";
      case FORBIDDEN:
        return "Du har inte behörighet till detta.";
      default:
        return english;
    }
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

  /** {@code english}, or its Swedish text on the team leader page. */
  private static String localized(Context ctx, ErrorCode code, String english) {
    return teamLeadPage(ctx) ? swedish(ctx, code, english) : english;
  }

  private static void writeIfEmpty(Context ctx, ErrorCode code, String message) {
    if (ctx.attribute(WRITTEN) == null) {
      write(ctx, code, localized(ctx, code, message), null);
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
