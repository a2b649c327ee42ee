package se.nara.server.rules;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.protocol.EntityType;

/**
 * No hard deletes: a retraction (entered-in-error) must not hide a change its author never saw.
 * A record's own history tells whether the record changed; a parent record (a discharge
 * checklist, a medication check, a plan, a medication list, a care episode) also takes its parts
 * with it, so a change another device made to one of its parts after the version the retracting
 * device saw holds the retraction for review too.
 */
public final class Retractions {
  /** The rule name in conflict records. */
  public static final String RULE_UNSEEN_PARTS =
      "no hard deletes: entered-in-error of a record whose parts someone else changed unseen needs review";

  /** Which parent type each link field points to (see {@link EntityType#parentField()}). */
  private static final Map<String, EntityType> PARENT_OF_LINK =
      Map.of(
          "planId", EntityType.PLAN,
          "checklistId", EntityType.DISCHARGE_CHECKLIST,
          "listId", EntityType.MEDICATION_LIST,
          "checkId", EntityType.MEDICATION_CHECK,
          "episodeId", EntityType.CARE_EPISODE);

  private Retractions() {}

  /** The types whose records belong to a record of {@code parent}, each with its link field. */
  public static Map<EntityType, String> partsOf(EntityType parent) {
    Map<EntityType, String> parts = new EnumMap<>(EntityType.class);
    for (EntityType t : EntityType.values()) {
      String link = t.parentField();
      if (link != null && PARENT_OF_LINK.get(link) == parent) {
        parts.put(t, link);
      }
    }
    return Collections.unmodifiableMap(parts);
  }

  /** Whether a record of {@code type} with {@code data} is a part of the record {@code parentId} of {@code parent}. */
  public static boolean isPartOf(EntityType type, JsonObject data, EntityType parent, String parentId) {
    String link = partsOf(parent).get(type);
    if (link == null) {
      return false;
    }
    JsonElement value = data.get(link);
    return value != null && value.isJsonPrimitive() && value.getAsString().equals(parentId);
  }

  /**
   * The conflict for a retraction held because of unseen changes to parts: the record stays as it
   * is (not entered-in-error), the request is kept for review, the result names the changed parts.
   *
   * @param changedParts "type id" of each part another device changed after the retracting device's base
   */
  public static ConflictDraft heldForParts(List<String> changedParts, String reason) {
    ConflictDraft held = held(reason, RULE_UNSEEN_PARTS);
    JsonObject result = held.resultValues().deepCopy();
    JsonArray parts = new JsonArray();
    changedParts.forEach(parts::add);
    result.add("changedParts", parts);
    return new ConflictDraft(held.fields(), held.serverValues(), held.deviceValues(), result, held.rule(), held.status(), false);
  }

  /**
   * A retraction not applied: the record stays as it is (not entered-in-error), and the request
   * with its reason waits for review under {@code rule}; a reviewer who takes the device's side
   * retracts it.
   */
  public static ConflictDraft held(String reason, String rule) {
    JsonObject request = new JsonObject();
    request.addProperty("enteredInError", true);
    request.addProperty("reason", reason);
    JsonObject kept = new JsonObject();
    kept.addProperty("enteredInError", false);
    return new ConflictDraft(Set.of("enteredInError"), kept, request, kept.deepCopy(), rule, ConflictStatus.NEEDS_REVIEW, false);
  }
}
