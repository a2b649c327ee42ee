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

  /**
   * The rule name for an action or goal added to a plan that was already signed: it is applied
   * (work someone planned must not vanish), but the signatures do not cover it, so a person checks it.
   */
  public static final String RULE_ADDED_AFTER_SIGNING =
      "signed record: added to a signed plan; applied, not covered by its signatures, and waits for review";

  /**
   * The rule name for marking a signed plan entered-in-error: its actions and goals would no longer
   * belong to a signed plan, so the edits and retractions rule 15b holds would go through; it waits
   * for review too. (A plan's retraction does not retract its parts.)
   */
  public static final String RULE_SIGNED_PLAN_RETRACTION =
      "signed record: marking a signed plan entered-in-error waits for review";

  /**
   * The rule name for a signature given over changes other devices made after the version the
   * signer saw: the signature stands, and a person checks that it may cover them.
   */
  public static final String RULE_SIGNED_UNSEEN =
      "signed record: signed over changes the signer had not seen; the signature stands and waits for review";

  /** Whether a conflict under this rule can only be acknowledged (KEEP_SERVER). */
  public static boolean acknowledgeOnly(String rule) {
    return RULE.equals(rule) || RULE_SIGNED_UNSEEN.equals(rule) || RULE_ADDED_AFTER_SIGNING.equals(rule);
  }

  private SignedRecords() {}

  /** Whether the change signs the record (sets signedAt). */
  public static boolean signs(JsonObject change) {
    return change.has("signedAt") && !change.get("signedAt").isJsonNull();
  }

  /**
   * The conflict for a signature given over changes the signer had not seen, or null when the
   * change does not sign or nothing unseen was changed. Its fields are the unseen ones; the server
   * values are what the other devices wrote (the base values, recorded with the conflict, are what
   * the signer saw); the device values are the signer's own values of those fields and the
   * signature; the result is what the signed record now holds.
   *
   * @param before the record before the signing change
   * @param after the record after it (the merge applied)
   * @param unseen the fields other devices changed after the signer's base version
   * @param change the signing change as the device sent it
   */
  public static ConflictDraft signedOverUnseen(JsonObject before, JsonObject after, Set<String> unseen, JsonObject change) {
    if (!signs(change) || unseen.isEmpty()) {
      return null;
    }
    Set<String> fields = new java.util.TreeSet<>(unseen);
    JsonObject server = new JsonObject();
    JsonObject device = new JsonObject();
    JsonObject result = new JsonObject();
    for (String field : fields) {
      server.add(field, before.has(field) ? before.get(field) : JsonNull.INSTANCE);
      if (change.has(field)) {
        device.add(field, change.get(field));
      }
      result.add(field, after.has(field) ? after.get(field) : JsonNull.INSTANCE);
    }
    for (String field : new String[] {"signedBy", "signedAt"}) {
      JsonElement value = change.has(field) ? change.get(field) : JsonNull.INSTANCE;
      device.add(field, value);
      result.add(field, after.has(field) ? after.get(field) : JsonNull.INSTANCE);
    }
    return new ConflictDraft(fields, server, device, result, RULE_SIGNED_UNSEEN, ConflictStatus.NEEDS_REVIEW, true);
  }

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

  /**
   * The conflict for marking a part of a signed plan entered-in-error: like an edit (above), the
   * part stays as signed and the retraction waits for review; a reviewer who takes the device's
   * side retracts it.
   */
  public static ConflictDraft heldPartRetraction(String reason) {
    return Retractions.held(reason, RULE_SIGNED_PART);
  }

  /** The conflict for marking a signed plan entered-in-error: the plan stays, the request waits for review. */
  public static ConflictDraft heldPlanRetraction(String reason) {
    return Retractions.held(reason, RULE_SIGNED_PLAN_RETRACTION);
  }

  /**
   * The conflict for a plan signed over parts (actions, goals) that other devices created or
   * changed after the plan version the signer saw: the signature stands, the parts are named for
   * review (rule 15c). The server knows the plan version the signer saw, not when the tablet last
   * pulled, so a part change the signer did pull after that version is named too: it errs towards
   * review.
   *
   * @param changedParts "type id" of each such part
   * @param change the signing change as the device sent it
   * @param after the plan after the change
   */
  public static ConflictDraft signedOverUnseenParts(java.util.List<String> changedParts, JsonObject change, JsonObject after) {
    Set<String> fields = new java.util.TreeSet<>(Set.of("signedBy", "signedAt"));
    JsonObject server = new JsonObject();
    JsonObject device = new JsonObject();
    JsonObject result = new JsonObject();
    for (String field : fields) {
      server.add(field, JsonNull.INSTANCE);
      device.add(field, change.has(field) ? change.get(field) : JsonNull.INSTANCE);
      result.add(field, after.has(field) ? after.get(field) : JsonNull.INSTANCE);
    }
    com.google.gson.JsonArray parts = new com.google.gson.JsonArray();
    changedParts.forEach(parts::add);
    result.add("changedParts", parts);
    return new ConflictDraft(fields, server, device, result, RULE_SIGNED_UNSEEN, ConflictStatus.NEEDS_REVIEW, true);
  }

  /**
   * The conflict for a part created under a plan that is already signed: the part stands as
   * created (nothing signed is replaced, and planned work must not vanish while it waits), its
   * values are named for review because no signature covers them. Only acknowledged: a reviewer
   * who finds it wrong has it marked entered-in-error.
   *
   * @param created the new part's fields as stored
   * @param link the field linking it to the plan (not itself reviewed)
   */
  public static ConflictDraft addedAfterSigning(JsonObject created, String link) {
    Set<String> fields = new java.util.TreeSet<>(created.keySet());
    fields.remove("id");
    fields.remove("patientId");
    fields.remove(link);
    if (fields.isEmpty()) {
      fields.add(link);
    }
    JsonObject server = new JsonObject();
    JsonObject device = new JsonObject();
    for (String field : fields) {
      server.add(field, JsonNull.INSTANCE);
      device.add(field, created.has(field) ? created.get(field) : JsonNull.INSTANCE);
    }
    return new ConflictDraft(fields, server, device, device.deepCopy(), RULE_ADDED_AFTER_SIGNING,
        ConflictStatus.NEEDS_REVIEW, true);
  }

  /** Whether the record is signed, so a change to it must become an amendment. */
  public static boolean isSigned(EntityType type, JsonObject current) {
    return (type == EntityType.VISIT || type == EntityType.PLAN)
        && current.has("signedAt")
        && !current.get("signedAt").isJsonNull();
  }

  /**
   * A change as it goes into an existing amendment: without the fields an amendment never takes
   * from the change (the signature, review fields, the link and the id), as {@link #amendment} does.
   */
  public static JsonObject amendmentChange(JsonObject change) {
    JsonObject next = change.deepCopy();
    next.remove("signedBy");
    next.remove("signedAt");
    next.remove("seenPartVersions");
    next.remove("amendsId");
    next.remove("id");
    for (String field : FieldPolicy.REVIEW_FIELDS) {
      next.remove(field);
    }
    return next;
  }

  /** The amendment's fields: the signed record with the change on top, unsigned and linked. */
  public static JsonObject amendment(String signedId, JsonObject signed, JsonObject change) {
    JsonObject next = signed.deepCopy();
    for (String field : change.keySet()) {
      next.add(field, change.get(field));
    }
    next.remove("signedBy");
    next.remove("signedAt");
    next.remove("seenPartVersions");
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
