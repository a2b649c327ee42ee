package se.nara.server.rules;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The protocol-v1 field-level merge: fields changed disjointly merge; a field that someone else
 * changed since the device's base version, and that the device now sets to a different value,
 * is a conflict. The current server value stays (it is what other devices have already seen) and
 * the device's value goes into a conflict record for review, so nothing is lost.
 */
public final class FieldMerge {
  /** The rule name recorded in conflict records. */
  public static final String RULE = "field-level: concurrent change keeps the server value";

  private FieldMerge() {}

  /**
   * Merges one update.
   *
   * @param current the entity's current fields on the server
   * @param changedByOthers fields changed since the device's base version by other devices
   * @param incoming the fields the device changed, with their new values
   */
  public static MergeOutcome merge(
      JsonObject current, Set<String> changedByOthers, JsonObject incoming) {
    JsonObject apply = new JsonObject();
    JsonObject kept = new JsonObject();
    JsonObject overridden = new JsonObject();
    Set<String> conflicting = new TreeSet<>();
    for (Map.Entry<String, JsonElement> entry : incoming.entrySet()) {
      String field = entry.getKey();
      JsonElement value = entry.getValue();
      JsonElement now = valueOf(current, field);
      if (now.equals(value)) {
        continue; // both sides agree; nothing to write and nothing to review
      }
      if (changedByOthers.contains(field)) {
        conflicting.add(field);
        kept.add(field, now);
        overridden.add(field, value);
      } else {
        apply.add(field, value);
      }
    }
    return new MergeOutcome(
        apply, conflicting, kept, overridden, !changedByOthers.isEmpty(), RULE);
  }

  private static JsonElement valueOf(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null ? JsonNull.INSTANCE : value;
  }
}
