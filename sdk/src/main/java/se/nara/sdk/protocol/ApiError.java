package se.nara.sdk.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The body of every non-2xx API response: {@code {code, message, details}}. The message is for
 * people and may change; the code is stable.
 */
public final class ApiError {
  private final String code;
  private final String message;
  private final JsonElement details;

  /** Creates an error body; {@code details} may be null. */
  public ApiError(String code, String message, JsonObject details) {
    this.code = code;
    this.message = message;
    this.details = details;
  }

  /** The stable code, normally the name of an {@link ErrorCode}. */
  public String code() {
    return code;
  }

  /** A human explanation, in English. */
  public String message() {
    return message;
  }

  /** Structured context (for example the offending field), or null. */
  public JsonObject details() {
    return Json.objectOrNull(details);
  }

  @Override
  public String toString() {
    return code + ": " + message + (details() == null ? "" : " " + details());
  }
}
