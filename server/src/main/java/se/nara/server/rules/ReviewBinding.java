package se.nara.server.rules;

import com.google.gson.JsonObject;
import se.nara.sdk.protocol.EntityType;

/**
 * A team leader's review binds to the version reviewed: when the content changes afterwards,
 * the review becomes stale instead of silently covering new content. Pure.
 */
public final class ReviewBinding {
  private ReviewBinding() {}

  /** The review fields to change because {@code applied} changed a reviewed record, or null. */
  public static JsonObject afterChange(EntityType type, JsonObject current, JsonObject applied) {
    if (type != EntityType.VISIT || applied.size() == 0) {
      return null;
    }
    String state = ConflictRules.text(current, "reviewState");
    boolean bound = "REVIEWED".equals(state) || "NEEDS_ACTION".equals(state);
    boolean contentChanged = applied.keySet().stream().anyMatch(f -> !FieldPolicy.REVIEW_FIELDS.contains(f));
    if (!bound || !contentChanged) {
      return null;
    }
    JsonObject stale = new JsonObject();
    stale.addProperty("reviewState", "REVIEW_STALE");
    return stale;
  }
}
