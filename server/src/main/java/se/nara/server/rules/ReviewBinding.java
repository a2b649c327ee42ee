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
    return stale();
  }

  /**
   * The review fields to change on a visit because content its review covered changed: the
   * discharge checklist and medication checks shown with the visit (DOMAIN rule 12: "if the visit
   * or checklist changes after review"), or null when the visit has no standing review.
   */
  public static JsonObject afterLinkedChange(JsonObject visit) {
    String state = ConflictRules.text(visit, "reviewState");
    return "REVIEWED".equals(state) || "NEEDS_ACTION".equals(state) ? stale() : null;
  }

  /**
   * The field by which a record of this type belongs to the visit a review covers: directly
   * ({@code visitId}), or through its parent ({@code checklistId}, {@code checkId}, whose record
   * then carries the {@code visitId}); null for types no visit review shows.
   */
  public static String linkToVisit(EntityType type) {
    switch (type) {
      case DISCHARGE_CHECKLIST:
      case MEDICATION_CHECK:
        return "visitId";
      case CHECKLIST_ITEM:
        return "checklistId";
      case MEDICATION_LINE_CHECK:
      case DISCREPANCY:
        return "checkId";
      default:
        return null;
    }
  }

  private static JsonObject stale() {
    JsonObject stale = new JsonObject();
    stale.addProperty("reviewState", "REVIEW_STALE");
    return stale;
  }
}
