package se.nara.server.sync;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.ErrorCode;
import se.nara.sdk.protocol.Json;
import se.nara.server.TimeBounds;
import se.nara.server.Uuids;

/**
 * Checks that the fields of a mutation fit the entity's model class exactly: known names, the
 * right JSON kinds, real enum constants, dates and times within {@link TimeBounds}, bounded sizes.
 * Gson alone would coerce ("yes" to false, 12 to "12"); a clinical record must not change meaning
 * on the way in.
 */
final class RecordValidator {
  static final int MAX_STRING = 20_000;
  static final int MAX_LIST = 500;

  /** Fields that name a record or a person by id ({@code patientId}, {@code lineIds[]}, {@code confirmedBy}). */
  private static final Pattern ID_FIELD = Pattern.compile(".*(Id|Ids\\[\\]|By)$");

  private RecordValidator() {}

  /** Whether {@code value} is an id in its canonical form ({@link Uuids}). */
  static boolean isUuid(String value) {
    return Uuids.isUuid(value);
  }

  /** Checks the names and kinds of the fields a device sent. */
  static void checkFields(EntityType type, JsonObject fields) throws Rejection {
    for (Map.Entry<String, JsonElement> entry : fields.entrySet()) {
      String name = entry.getKey();
      if (EntityType.SERVER_MANAGED_FIELDS.contains(name)) {
        throw new Rejection(
            ErrorCode.INVALID_FIELD, "field '" + name + "' is managed by the server");
      }
      if (!type.fieldNames().contains(name)) {
        throw new Rejection(
            ErrorCode.INVALID_FIELD,
            "'" + name + "' is not a field of " + type.wireName());
      }
      Field field = field(type, name);
      checkValue(name, field.getGenericType(), entry.getValue());
    }
  }

  /** Checks that a complete record decodes to its model class. */
  static void checkDecodes(EntityType type, JsonObject data) throws Rejection {
    try {
      Json.fromData(data, type.modelClass());
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new Rejection(ErrorCode.INVALID_FIELD, "invalid " + type.wireName() + ": " + e.getMessage());
    }
  }

  private static Field field(EntityType type, String name) throws Rejection {
    try {
      return type.modelClass().getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' is not a field of " + type.wireName());
    }
  }

  private static void checkValue(String name, Type type, JsonElement value) throws Rejection {
    if (value == null || value.isJsonNull()) {
      if (type == boolean.class || type == int.class || type == long.class) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' may not be null");
      }
      return;
    }
    if (type == String.class) {
      String text = string(name, value, "a string");
      if (text.length() > MAX_STRING) {
        throw new Rejection(
            ErrorCode.INVALID_FIELD, "'" + name + "' is longer than " + MAX_STRING + " characters");
      }
      if (ID_FIELD.matcher(name).matches() && Uuids.isNonCanonicalUuid(text)) {
        // Ids compare as text: the upper-case form of an id would name another (or no) record.
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be " + Uuids.FORM);
      }
    } else if (type == boolean.class || type == Boolean.class) {
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be true or false");
      }
    } else if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be a whole number");
      }
      try {
        long number = value.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
        if ((type == int.class || type == Integer.class)
            && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
          throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' is out of range");
        }
      } catch (ArithmeticException e) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be a whole number");
      }
    } else if (type == Instant.class) {
      String text = string(name, value, "an ISO-8601 instant");
      Instant instant;
      try {
        instant = Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be an ISO-8601 instant");
      }
      if (!TimeBounds.contains(instant)) {
        // Instant.parse reads years up to 1,000,000,000; stored, such a time breaks every reader
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be a time " + TimeBounds.RANGE);
      }
    } else if (type == LocalDate.class) {
      String text = string(name, value, "an ISO-8601 date");
      LocalDate date;
      try {
        date = LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be an ISO-8601 date");
      }
      if (!TimeBounds.contains(date)) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be a date " + TimeBounds.RANGE);
      }
    } else if (type instanceof Class<?> c && c.isEnum()) {
      String text = string(name, value, "one of " + constants(c));
      for (Object constant : c.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(text)) {
          return;
        }
      }
      throw new Rejection(
          ErrorCode.INVALID_FIELD, "'" + name + "' must be one of " + constants(c));
    } else if (type instanceof ParameterizedType p && p.getRawType() == java.util.List.class) {
      if (!value.isJsonArray()) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be a list");
      }
      JsonArray array = value.getAsJsonArray();
      if (array.size() > MAX_LIST) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' has more than " + MAX_LIST + " items");
      }
      Type element = p.getActualTypeArguments()[0];
      for (JsonElement item : array) {
        if (item.isJsonNull()) {
          throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' may not contain null");
        }
        checkValue(name + "[]", element, item);
      }
    } else if (type instanceof Class<?> c) {
      // a nested value type (e.g. PatientIdentifier): check it field by field
      if (!value.isJsonObject()) {
        throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be an object");
      }
      for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
        Field nested;
        try {
          nested = c.getDeclaredField(entry.getKey());
        } catch (NoSuchFieldException e) {
          throw new Rejection(
              ErrorCode.INVALID_FIELD, "'" + name + "." + entry.getKey() + "' is not a known field");
        }
        checkValue(name + "." + entry.getKey(), nested.getGenericType(), entry.getValue());
      }
    }
  }

  private static String string(String name, JsonElement value, String expected) throws Rejection {
    if (!value.isJsonPrimitive() || !((JsonPrimitive) value).isString()) {
      throw new Rejection(ErrorCode.INVALID_FIELD, "'" + name + "' must be " + expected);
    }
    return value.getAsString();
  }

  private static String constants(Class<?> enumClass) {
    StringBuilder names = new StringBuilder();
    for (Object constant : enumClass.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : ", ").append(((Enum<?>) constant).name());
    }
    return names.toString();
  }
}
