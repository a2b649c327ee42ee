package se.nara.sdk.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON conventions of the protocol, shared by SDK and server so both read and write the same
 * bytes: ISO-8601 instants and dates, enums by constant name, unknown enum constants rejected (a
 * silent null would lose a clinical value), explicit nulls kept (null clears a field).
 */
public final class Json {
  private static final Gson GSON =
      new GsonBuilder()
          .serializeNulls()
          .disableHtmlEscaping()
          .setStrictness(Strictness.STRICT)
          .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
          .registerTypeAdapter(LocalDate.class, new LocalDateAdapter().nullSafe())
          .registerTypeAdapterFactory(new StrictEnumFactory())
          .create();

  private Json() {}

  /** The shared Gson instance. Thread-safe. */
  public static Gson gson() {
    return GSON;
  }

  /**
   * Serialises a model value to the {@code data} object of a record, without null members: an
   * absent field and a null field mean the same in stored data, and absent is smaller.
   */
  public static JsonObject toData(Object value) {
    JsonObject object = GSON.toJsonTree(value).getAsJsonObject();
    stripNulls(object);
    object.remove(LOCAL_REVISION);
    return object;
  }

  /**
   * The member of a model value that says which of the device's local copies it was read from:
   * bookkeeping of the SDK, never part of a record's data.
   */
  public static final String LOCAL_REVISION = "localRevision";

  /**
   * The object in a JSON value, or null when it is absent, JSON null or not an object. Wire types
   * hold optional objects as {@link JsonElement} because Gson cannot read an explicit {@code null}
   * into a {@link JsonObject} field, and it does not let that be overridden.
   */
  public static JsonObject objectOrNull(JsonElement value) {
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
  }

  /** Decodes a record's data into its model class, failing on unknown enum constants. */
  public static <T> T fromData(JsonObject data, Class<T> type) {
    return GSON.fromJson(data, type);
  }

  private static void stripNulls(JsonObject object) {
    Iterator<Map.Entry<String, JsonElement>> it = object.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().isJsonNull()) {
        it.remove();
      }
    }
  }

  private static final class InstantAdapter extends TypeAdapter<Instant> {
    @Override
    public void write(JsonWriter out, Instant value) throws IOException {
      out.value(value.toString());
    }

    @Override
    public Instant read(JsonReader in) throws IOException {
      String text = in.nextString();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new JsonParseException("not an ISO-8601 instant: '" + text + "'", e);
      }
    }
  }

  private static final class LocalDateAdapter extends TypeAdapter<LocalDate> {
    @Override
    public void write(JsonWriter out, LocalDate value) throws IOException {
      out.value(value.toString());
    }

    @Override
    public LocalDate read(JsonReader in) throws IOException {
      String text = in.nextString();
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        throw new JsonParseException("not an ISO-8601 date: '" + text + "'", e);
      }
    }
  }

  /** Gson's default maps an unknown constant to null; for clinical enums that is data loss. */
  private static final class StrictEnumFactory implements TypeAdapterFactory {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      Class<? super T> raw = type.getRawType();
      if (!Enum.class.isAssignableFrom(raw) || raw == Enum.class) {
        return null;
      }
      if (!raw.isEnum()) {
        raw = raw.getSuperclass(); // constant-specific class bodies
      }
      return (TypeAdapter<T>) new StrictEnumAdapter(raw).nullSafe();
    }
  }

  private static final class StrictEnumAdapter<E extends Enum<E>> extends TypeAdapter<E> {
    private final Class<E> type;
    private final Map<String, E> byName = new HashMap<>();

    StrictEnumAdapter(Class<E> type) {
      this.type = type;
      for (E constant : type.getEnumConstants()) {
        byName.put(constant.name(), constant);
      }
    }

    @Override
    public void write(JsonWriter out, E value) throws IOException {
      out.value(value.name());
    }

    @Override
    public E read(JsonReader in) throws IOException {
      if (in.peek() != JsonToken.STRING) {
        throw new JsonParseException(
            "expected a " + type.getSimpleName() + " name but found " + in.peek());
      }
      String name = in.nextString();
      E value = byName.get(name);
      if (value == null) {
        throw new JsonParseException(
            "'" + name + "' is not a " + type.getSimpleName() + "; allowed: " + byName.keySet());
      }
      return value;
    }
  }
}
