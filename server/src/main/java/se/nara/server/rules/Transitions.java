package se.nara.server.rules;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Set;
import se.nara.sdk.protocol.EntityType;

/**
 * Changes that are never allowed, stale or not: reverting a confirmed checklist item without
 * reopening it, rewriting a recorded discrepancy, moving a deviation backwards. Pure.
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
    switch (type) {
      case CHECKLIST_ITEM:
        return checklistItem(before, after);
      case DISCREPANCY:
        return discrepancy(before, after);
      case DEVIATION:
        return deviation(before, after);
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

  private static String discrepancy(JsonObject before, JsonObject after) {
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
      return "a deviation's status only moves forward";
    }
    return null;
  }

  private static boolean changed(JsonObject before, JsonObject after, String field) {
    JsonElement a = ConflictRules.valueOf(before, field);
    JsonElement b = ConflictRules.valueOf(after, field);
    return !a.equals(b);
  }
}
