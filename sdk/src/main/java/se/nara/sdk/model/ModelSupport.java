package se.nara.sdk.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Shared helpers for the value classes. Package-private: they exist because Gson bypasses the
 * builders, so list fields can arrive null or mutable and every accessor has to cope with that.
 */
final class ModelSupport {
  private ModelSupport() {}

  /** Copies a builder's list into the value, so later changes to the builder do not leak in. */
  static <T> List<T> immutableCopy(List<T> source) {
    if (source == null || source.isEmpty()) {
      return Collections.emptyList();
    }
    return Collections.unmodifiableList(new ArrayList<>(source));
  }

  /** Read-only view of a field that Gson may have set to null or to its own ArrayList. */
  static <T> List<T> view(List<T> field) {
    if (field == null) {
      return Collections.emptyList();
    }
    return Collections.unmodifiableList(field);
  }

  /** Copy for a builder, which must stay independent of the caller's list. */
  static <T> List<T> mutableCopy(List<T> source) {
    return source == null ? new ArrayList<T>() : new ArrayList<>(source);
  }

  /**
   * Hides free text and identity in toString(), which ends up in logs; the length helps debugging.
   */
  static String redact(String text) {
    return text == null ? "null" : "<" + text.length() + " chars>";
  }
}
