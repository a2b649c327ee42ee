package se.nara.server.rules;

import com.google.gson.JsonObject;
import se.nara.sdk.protocol.EntityType;

/**
 * Signed records are immutable: a later edit becomes a new version linked to the signed one,
 * and the signed text stays readable (journal entries may be corrected, never made unreadable).
 */
public final class SignedRecords {
  /** The rule name in conflict records. */
  public static final String RULE = "signed record: the change was saved as a new version linked to the signed one";

  private SignedRecords() {}

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
