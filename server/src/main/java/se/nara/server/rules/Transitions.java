package se.nara.server.rules;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Set;
import se.nara.sdk.protocol.EntityType;

/**
 * Changes that are never allowed, stale or not: reverting a confirmed checklist item without
 * reopening it, rewriting a recorded discrepancy or its final resolution, moving a deviation
 * backwards without a reason. Pure.
 */
public final class Transitions {
  private static final Set<String> DISCREPANCY_IMMUTABLE = Set.of("checkId", "lineIds", "type", "patientId");
  private static final Set<String> DEVIATION_IMMUTABLE = Set.of("description", "reportedBy", "reportedAt", "patientId");

  private Transitions() {}

  /**
   * Checks the change from {@code before} (null for a create) to {@code after}; returns why it
   * is not allowed, or null when it is.
   */
  public static String violation(EntityType type, JsonObject before, JsonObject after) {
    return violation(type, before, after, false);
  }

  /**
   * The same check for a team leader's decision of a conflict: there a discrepancy's recorded
   * resolution may be replaced by the one the conflict kept, since that is the human review
   * DOMAIN rule 1 asks for and the conflict record keeps the value replaced.
   */
  public static String violationOnReview(EntityType type, JsonObject before, JsonObject after) {
    return violation(type, before, after, true);
  }

  private static String violation(EntityType type, JsonObject before, JsonObject after, boolean review) {
    switch (type) {
      case CHECKLIST_ITEM:
        return checklistItem(before, after);
      case DISCREPANCY:
        return discrepancy(before, after, review);
      case DEVIATION:
        return deviation(before, after);
      case MEDICATION_CHECK:
        return medicationCheck(before, after);
      case MEDICATION_LINE_CHECK:
        return before == null ? null : "a recorded line check is not changed; mark it entered-in-error and record a new one";
      default:
        return null;
    }
  }

  private static String checklistItem(JsonObject before, JsonObject after) {
    String to = ConflictRules.text(after, "state");
    if ("REOPENED".equals(to)) {
      String reason = ConflictRules.text(after, "reopenReason");
      if (reason == null || reason.trim().isEmpty()) {
        return "reopening a checklist item needs a reason (reopenReason)";
      }
    }
    if (before == null) {
      return null;
    }
    String from = ConflictRules.text(before, "state");
    boolean confirmed = "DONE".equals(from) || "NOT_APPLICABLE".equals(from) || "MISSING".equals(from);
    if (confirmed && (to == null || "UNCHECKED".equals(to))) {
      return "a confirmed item is not unchecked; reopen it (REOPENED) with a reason";
    }
    return null;
  }

  private static String discrepancy(JsonObject before, JsonObject after, boolean review) {
    if (before == null) {
      return null;
    }
    for (String field : DISCREPANCY_IMMUTABLE) {
      if (changed(before, after, field)) {
        return "a recorded discrepancy keeps its " + field + "; record a new discrepancy instead";
      }
    }
    String fromIntent = ConflictRules.text(before, "intent");
    if (changed(before, after, "intent") && fromIntent != null && !"UNCLEAR".equals(fromIntent)) {
      return "the intent of a discrepancy is changed only while it is UNCLEAR";
    }
    String fromResolution = ConflictRules.text(before, "resolution");
    String toResolution = ConflictRules.text(after, "resolution");
    if (fromResolution != null && !"OPEN".equals(fromResolution)
        && (toResolution == null || "OPEN".equals(toResolution))) {
      return "a resolved discrepancy is not reopened by editing; record a new discrepancy";
    }
    // DOMAIN rule 1: resolutions are append-only. Escalation is a step on the way, so an escalated
    // discrepancy moves on to the prescriber's resolution; a final one is never overwritten.
    if (!review && fromResolution != null && !"OPEN".equals(fromResolution) && !"ESCALATED".equals(fromResolution)
        && changed(before, after, "resolution")) {
      return "a recorded resolution (" + fromResolution + ") is not overwritten; mark the discrepancy entered-in-error"
          + " and record a new one";
    }
    return null;
  }

  /**
   * DOMAIN rule 4: a completed medication check (avstämning, klar) is attested by the nurse who
   * completed it and is not edited in place; a later check is a new one, and the completed one
   * stays readable as it was.
   */
  private static String medicationCheck(JsonObject before, JsonObject after) {
    if (before == null || !"COMPLETE".equals(ConflictRules.text(before, "status"))) {
      return null;
    }
    java.util.Set<String> fields = new java.util.TreeSet<>(before.keySet());
    fields.addAll(after.keySet());
    for (String field : fields) {
      if (changed(before, after, field)) {
        return "a completed medication check is not changed (" + field + "); start a new check";
      }
    }
    return null;
  }

  private static String deviation(JsonObject before, JsonObject after) {
    if (before == null) {
      return null;
    }
    for (String field : DEVIATION_IMMUTABLE) {
      if (changed(before, after, field)) {
        return "a reported deviation keeps its " + field + " (deviations are append-only)";
      }
    }
    int from = ConflictRules.deviationRank(ConflictRules.text(before, "status"));
    int to = ConflictRules.deviationRank(ConflictRules.text(after, "status"));
    if (to < from) {
      // DOMAIN rule 11: forward only, unless a reason is recorded with this very move (a reason
      // left from an earlier move back does not cover the next one).
      String reason = ConflictRules.text(after, "statusReason");
      if (reason == null || reason.trim().isEmpty() || !changed(before, after, "statusReason")) {
        return "a deviation's status only moves back with a reason given for this move (statusReason)";
      }
    }
    return null;
  }

  private static boolean changed(JsonObject before, JsonObject after, String field) {
    JsonElement a = ConflictRules.valueOf(before, field);
    JsonElement b = ConflictRules.valueOf(after, field);
    return !a.equals(b);
  }
}
