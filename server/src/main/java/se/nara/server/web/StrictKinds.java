package se.nara.server.web;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a request body, a JSON value must be of the kind its field declares: a string for a
 * string, a number for a number, true or false for a flag, an object for an object, a constant's
 * name for an enum. Gson's own adapters coerce ({@code "1"} to 1, {@code 1} to {@code "1"},
 * {@code "yes"} to false), so a request could mean something its sender did not write. JSON null
 * stays "absent". (Fields typed as a JSON tree, {@code JsonElement}, are read by Gson itself; their
 * services check the kind.) A mismatch is a {@link WrongKind} naming the field by its path in the body.
 */
final class StrictKinds implements TypeAdapterFactory {

  /** A value of the wrong JSON kind for its field. */
  static final class WrongKind extends JsonParseException {
    private final String field;

    WrongKind(String path, String expected) {
      super(fieldOf(path) + " must be " + expected);
      this.field = fieldOf(path);
    }

    /** The field's path in the body, e.g. {@code mutations[0].mutationId}. */
    String field() {
      return field;
    }

    private static String fieldOf(String path) {
      if (path == null || path.equals("$")) {
        return "body";
      }
      return path.startsWith("$.") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : path;
    }
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
    Class<? super T> raw = type.getRawType();
    if (raw == String.class) {
      return (TypeAdapter<T>) new Kind<String>("a string", JsonToken.STRING) {
        @Override
        String value(JsonReader in, String path) throws IOException {
          return in.nextString();
        }
      };
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return (TypeAdapter<T>) new Kind<Boolean>("true or false", JsonToken.BOOLEAN) {
        @Override
        Boolean value(JsonReader in, String path) throws IOException {
          return in.nextBoolean();
        }
      };
    }
    if (raw == Long.class || raw == long.class || raw == Integer.class || raw == int.class
        || raw == Short.class || raw == short.class) {
      boolean isLong = raw == Long.class || raw == long.class;
      boolean isInt = raw == Integer.class || raw == int.class;
      return (TypeAdapter<T>) new Kind<Object>("a whole number", JsonToken.NUMBER) {
        @Override
        Object value(JsonReader in, String path) throws IOException {
          String text = in.nextString();
          try {
            long n = new BigDecimal(text).longValueExact();
            if (isLong) {
              return n;
            }
            if (isInt) {
              return Math.toIntExact(n);
            }
            if (n < Short.MIN_VALUE || n > Short.MAX_VALUE) {
              throw new ArithmeticException();
            }
            return (short) n;
          } catch (NumberFormatException | ArithmeticException e) {
            throw new WrongKind(path, "a whole number in range");
          }
        }
      };
    }
    if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
      boolean isDouble = raw == Double.class || raw == double.class;
      return (TypeAdapter<T>) new Kind<Object>("a number", JsonToken.NUMBER) {
        @Override
        Object value(JsonReader in, String path) throws IOException {
          double d = in.nextDouble();
          return isDouble ? (Object) d : (Object) (float) d;
        }
      };
    }
    if (raw == java.time.Instant.class) {
      return (TypeAdapter<T>) new Kind<java.time.Instant>("an ISO-8601 instant, e.g. 2026-11-23T08:30:00Z", JsonToken.STRING) {
        @Override
        java.time.Instant value(JsonReader in, String path) throws IOException {
          try {
            return java.time.Instant.parse(in.nextString());
          } catch (java.time.format.DateTimeParseException e) {
            throw new WrongKind(path, "an ISO-8601 instant, e.g. 2026-11-23T08:30:00Z");
          }
        }
      };
    }
    if (raw == java.time.LocalDate.class) {
      return (TypeAdapter<T>) new Kind<java.time.LocalDate>("an ISO-8601 date, e.g. 2026-11-23", JsonToken.STRING) {
        @Override
        java.time.LocalDate value(JsonReader in, String path) throws IOException {
          try {
            return java.time.LocalDate.parse(in.nextString());
          } catch (java.time.format.DateTimeParseException e) {
            throw new WrongKind(path, "an ISO-8601 date, e.g. 2026-11-23");
          }
        }
      };
    }
    if (raw != Enum.class && Enum.class.isAssignableFrom(raw)) {
      Class<?> enumClass = raw.isEnum() ? raw : raw.getSuperclass();
      List<String> names = new ArrayList<>();
      for (Object constant : enumClass.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
      String expected = "one of " + String.join(", ", names);
      return (TypeAdapter<T>) new Kind<Object>(expected, JsonToken.STRING) {
        @Override
        Object value(JsonReader in, String path) throws IOException {
          String name = in.nextString();
          for (Object constant : enumClass.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
              return constant;
            }
          }
          throw new WrongKind(path, expected);
        }
      };
    }
    if (raw == Object.class || JsonElement.class.isAssignableFrom(raw)) {
      return null; // Gson reads JSON trees itself, and lets nobody override it
    }
    if (List.class.isAssignableFrom(raw) || raw.isArray()) {
      // A list field holding something else than a list: Gson's message would name its own classes.
      return opening(gson.getDelegateAdapter(this, type), JsonToken.BEGIN_ARRAY, "a list");
    }
    if (!raw.isPrimitive() && !raw.getName().startsWith("java.")) {
      // A nested message type (a mutation, an offered record): an object or null.
      return opening(gson.getDelegateAdapter(this, type), JsonToken.BEGIN_OBJECT, "an object");
    }
    return null;
  }

  /** Gson's own adapter, behind a check that the value opens as {@code opens} (or is null). */
  private <T> TypeAdapter<T> opening(TypeAdapter<T> delegate, JsonToken opens, String expected) {
    return new TypeAdapter<T>() {
      @Override
      public void write(JsonWriter out, T value) throws IOException {
        delegate.write(out, value);
      }

      @Override
      public T read(JsonReader in) throws IOException {
        JsonToken token = in.peek();
        if (token != JsonToken.NULL && token != opens) {
          throw refuse(in, expected);
        }
        return delegate.read(in);
      }
    };
  }

  /**
   * The refusal of the value at {@code in}'s position. An object or list is read past first, so
   * that JSON nested deeper than the reader's limit is still refused as malformed, as it would be
   * anywhere else in the body.
   */
  private static WrongKind refuse(JsonReader in, String expected) throws IOException {
    String path = in.getPath();
    JsonToken token = in.peek();
    if (token == JsonToken.BEGIN_ARRAY || token == JsonToken.BEGIN_OBJECT) {
      in.skipValue();
    }
    return new WrongKind(path, expected);
  }

  /** An adapter that reads one JSON kind, null as null, and refuses every other kind. */
  private abstract static class Kind<V> extends TypeAdapter<V> {
    private final String expected;
    private final JsonToken token;

    Kind(String expected, JsonToken token) {
      this.expected = expected;
      this.token = token;
    }

    abstract V value(JsonReader in, String path) throws IOException;

    @Override
    public V read(JsonReader in) throws IOException {
      JsonToken next = in.peek();
      if (next == JsonToken.NULL) {
        in.nextNull();
        return null;
      }
      String path = in.getPath();
      if (next != token) {
        throw refuse(in, expected);
      }
      return value(in, path);
    }

    @Override
    public void write(JsonWriter out, V value) {
      throw new UnsupportedOperationException("request bodies are only read");
    }
  }
}
