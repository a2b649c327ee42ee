package se.nara.server.sync;

import com.google.gson.JsonObject;
import se.nara.sdk.protocol.EntityType;
import se.nara.server.ApiException;

/**
 * The record validation of the push path, for other application services (a team leader's
 * edited value must meet the same rules as a device's).
 */
public final class FieldCheck {
  private FieldCheck() {}

  /** Checks field names, kinds and sizes; throws VALIDATION_FAILED naming the problem. */
  public static void fields(EntityType type, JsonObject fields) {
    try {
      RecordValidator.checkFields(type, fields);
    } catch (Rejection r) {
      throw ApiException.invalid("value", r.getMessage());
    }
  }

  /** Checks that a complete record decodes to its model class. */
  public static void decodes(EntityType type, JsonObject data, long version) {
    JsonObject copy = data.deepCopy();
    copy.addProperty("version", version);
    try {
      RecordValidator.checkDecodes(type, copy);
    } catch (Rejection r) {
      throw ApiException.invalid("value", r.getMessage());
    }
  }
}
