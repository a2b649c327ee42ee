package se.nara.server.rules;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.protocol.EntityType;

/**
 * Signed records are immutable: a later edit becomes a new version linked to the signed one,
 * and the signed text stays readable (journal entries may be corrected, never made unreadable).
 */
public final class SignedRecords {
  /** The rule name in conflict records. */
  public static final String RULE = "signed record: the change was saved as a new version linked to the signed one";

  /** The rule name for a change to a part (an action, a goal) of a signed plan. */
  public static final String RULE_SIGNED_PART =
      "signed record: a change to a part of a signed plan is not applied; it waits for review";

  private SignedRecords() {}

  /**
   * The field linking a part to the signed record it belongs to, or null: a SIP's actions and
   * goals are part of what was signed with the plan.
   */
  public static String signedWholeLink(EntityType partType) {
    return partType == EntityType.PLAN_ACTION || partType == EntityType.PLAN_GOAL ? "planId" : null;
  }

  /**
   * The conflict for a change to a part of a signed plan: the part keeps its signed values, the
   * device's values wait for review. Null when the change would change nothing.
   */
  public static ConflictDraft heldPartChange(JsonObject part, JsonObject change) {
    Set<String> fields = new LinkedHashSet<>();
    JsonObject server = new JsonObject();
    JsonObject device = new JsonObject();
    for (String field : change.keySet()) {
      JsonElement now = part.has(field) ? part.get(field) : JsonNull.INSTANCE;
      if (!now.equals(change.get(field))) {
        fields.add(field);
        server.add(field, now);
        device.add(field, change.get(field));
      }
    }
    if (fields.isEmpty()) {
      return null;
    }
    return new ConflictDraft(fields, server, device, server.deepCopy(), RULE_SIGNED_PART, ConflictStatus.NEEDS_REVIEW, false);
  }

  /** Whether the record is signed, so a change to it must become an amendment. */
  public static boolean isSigned(EntityType type, JsonObject current) {
    return (type == EntityType.VISIT || type == EntityType.PLAN)
        && current.has("signedAt")
        && !current.get("signedAt").isJsonNull();
  }

  /** The amendment's fields: the signed record with the change on top, unsigned and linked. */
  public static JsonObject amendment(String signedId, JsonObject signed, JsonObject change) {
    JsonObject next = signed.deepCopy();
    for (String field : change.keySet()) {
      next.add(field, change.get(field));
    }
    next.remove("signedBy");
    next.remove("signedAt");
    for (String field : FieldPolicy.REVIEW_FIELDS) {
      next.remove(field);
    }
    if (next.has("reviewState") || signed.has("reviewState")) {
      next.addProperty("reviewState", "NOT_REVIEWED");
    }
    next.addProperty("amendsId", signedId);
    return next;
  }
}
