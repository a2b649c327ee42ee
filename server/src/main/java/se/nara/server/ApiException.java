package se.nara.server;

import com.google.gson.JsonObject;
import se.nara.sdk.protocol.ErrorCode;

/**
 * A failure of a whole request that the client caused or must react to. Services throw it; the
 * web layer turns it into {@code {code, message, details}} with the code's HTTP status.
 */
public final class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final JsonObject details;

  /** Creates an exception without details. */
  public ApiException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** Creates an exception with structured details (may be null). */
  public ApiException(ErrorCode code, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details;
  }

  /** The stable error code. */
  public ErrorCode code() {
    return code;
  }

  /** Structured details, or null. */
  public JsonObject details() {
    return details;
  }

  /** A validation failure naming one field. */
  public static ApiException invalid(String field, String message) {
    JsonObject details = new JsonObject();
    details.addProperty("field", field);
    return new ApiException(ErrorCode.VALIDATION_FAILED, message, details);
  }
}
