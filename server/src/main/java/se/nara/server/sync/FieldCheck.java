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

  /**
   * What is wrong with the tablet's value kept in a conflict record ({@code deviceValue}) as
   * values a team leader's TAKE_DEVICE would write to a record of {@code type} of patient {@code
   * patientId}, or null when a push could write them. A retraction ({@code enteredInError: true},
   * with its reason) writes no values and is not checked.
   */
  public static String deviceValueProblem(EntityType type, com.google.gson.JsonElement value, String patientId) {
    if (value == null || !value.isJsonObject()) {
      return "it is not a JSON object";
    }
    JsonObject values = value.getAsJsonObject().deepCopy();
    com.google.gson.JsonElement retracted = values.remove("enteredInError");
    if (retracted != null && retracted.isJsonPrimitive() && retracted.getAsJsonPrimitive().isBoolean()
        && retracted.getAsBoolean()) {
      values.remove("reason");
    }
    com.google.gson.JsonElement patient = values.get("patientId");
    if (patient != null && !patient.equals(new com.google.gson.JsonPrimitive(String.valueOf(patientId)))) {
      return "it names another patient";
    }
    try {
      RecordValidator.checkFields(type, values);
    } catch (Rejection r) {
      return r.getMessage();
    }
    return null;
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
