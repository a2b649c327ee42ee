package se.nara.server.rules;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import se.nara.sdk.model.ConflictStatus;
import se.nara.sdk.protocol.EntityType;

/**
 * The clinical merge rules (DOMAIN.md section (b)), applied when a device's change was made on
 * an older version than the server's. Pure: the same input always gives the same outcome.
 *
 * <p>Fields the two sides changed disjointly merge. Where both changed the same thing to
 * different values, the rule for that kind of value decides, and the value that did not win is
 * always kept in a conflict record; nothing is dropped silently.
 */
public final class ConflictRules {
  /** Rule names as recorded in conflict records and listed in docs/conflicts.md. */
  public static final String RULE_CLINICAL = "clinical value: a concurrent change needs a person's decision";
  public static final String RULE_PLAIN = "plain field: the latest change wins, the other value is kept";
  public static final String RULE_TEXT = "free text: both texts are kept, with attribution";
  public static final String RULE_SIP = "SIP responsibility: a change of responsible party needs both region and kommun";
  public static final String RULE_DONE_BEATS_STALE = "checklist: a confirmed done beats a stale unchecked";
  public static final String RULE_REOPEN_UNSEEN = "checklist: reopening needs the device to have seen the confirmation";
  public static final String RULE_MISSING_AND_DONE = "checklist: missing and done at once keeps missing and flags the item";
  public static final String RULE_SAME_STATE = "checklist: both confirmed the same state, the first confirmation stands";
  public static final String RULE_STOP_STAYS = "medication: a stopped line never turns active again because of a stale device";
  public static final String RULE_MEDICATION = "medication: no last-writer-wins on drug, dose, frequency, route, start or stop";
  public static final String RULE_RESOLUTION = "discrepancy: a recorded resolution is never overwritten";
  public static final String RULE_DEVIATION_FORWARD = "deviation: status only moves forward, the furthest status wins";

  private ConflictRules() {}

  /** Decides one update. */
  public static MergeOutcome merge(MergeInput in) {
    JsonObject apply = new JsonObject();
    List<ConflictDraft> conflicts = new ArrayList<>();
    for (Set<String> group : FieldPolicy.groupsOf(in.type(), in.incoming().keySet())) {
      Set<String> differing = new LinkedHashSet<>();
      for (String field : group) {
        if (in.incoming().has(field) && !valueOf(in.current(), field).equals(in.incoming().get(field))) {
          differing.add(field);
        }
      }
      if (differing.isEmpty()) {
        continue;
      }
      // A group is decided together: another device's change to any of its fields meets this
      // device's change to any of them (a stop meets a new dose), not only the same field.
      Set<String> concurrent = new LinkedHashSet<>(group);
      concurrent.retainAll(in.changedByOthers());
      if (concurrent.isEmpty()) {
        for (String field : differing) {
          apply.add(field, in.incoming().get(field));
        }
        continue;
      }
      // The whole group is decided together; fields the device left alone keep the server's value.
      JsonObject server = new JsonObject();
      JsonObject device = new JsonObject();
      for (String field : group) {
        server.add(field, valueOf(in.current(), field));
        device.add(field, in.incoming().has(field) ? in.incoming().get(field) : valueOf(in.current(), field));
      }
      Decision d = decide(in, group, server, device);
      for (String field : group) {
        JsonElement result = d.result.get(field);
        if (!valueOf(in.current(), field).equals(result)) {
          apply.add(field, result);
        }
      }
      // The conflict names the fields the device changed and the group's fields the others
      // changed, so the reviewer sees what met what (and who wrote the value that stands).
      Set<String> shown = new LinkedHashSet<>(differing);
      shown.addAll(concurrent);
      JsonObject serverValues = new JsonObject();
      JsonObject deviceValues = new JsonObject();
      JsonObject resultValues = new JsonObject();
      for (String field : shown) {
        serverValues.add(field, server.get(field));
        deviceValues.add(field, device.get(field));
        resultValues.add(field, d.result.get(field));
      }
      boolean landed = deviceValues.equals(resultValues);
      conflicts.add(new ConflictDraft(shown, serverValues, deviceValues, resultValues, d.rule, d.status, landed));
    }
    return new MergeOutcome(apply, conflicts, !in.changedByOthers().isEmpty());
  }

  private record Decision(JsonObject result, String rule, ConflictStatus status) {}

  private static Decision decide(MergeInput in, Set<String> group, JsonObject server, JsonObject device) {
    EntityType type = in.type();
    if (type == EntityType.CHECKLIST_ITEM && group.contains("state")) {
      return checklistState(server, device);
    }
    if (type == EntityType.MEDICATION_LINE && group.equals(FieldPolicy.MEDICATION_ORDER)) {
      // The line's order stands whole as the server has it: never a mix of two people's orders
      // (a stop with another's new dose). A stopped line stays stopped.
      String s = text(server, "status");
      String d = text(device, "status");
      if (isStopped(s) && !isStopped(d)) {
        return new Decision(server, RULE_STOP_STAYS, ConflictStatus.NEEDS_REVIEW);
      }
      return new Decision(server, RULE_MEDICATION, ConflictStatus.NEEDS_REVIEW);
    }
    if (type == EntityType.DISCREPANCY && group.contains("resolution")) {
      return new Decision(server, RULE_RESOLUTION, ConflictStatus.NEEDS_REVIEW);
    }
    if (type == EntityType.DEVIATION && group.contains("status")) {
      int s = deviationRank(text(server, "status"));
      int d = deviationRank(text(device, "status"));
      return new Decision(d > s ? device : server, RULE_DEVIATION_FORWARD, ConflictStatus.AUTO_RESOLVED);
    }
    String field = group.iterator().next();
    if (group.stream().anyMatch(f -> FieldPolicy.isSipResponsibility(type, f))) {
      return new Decision(server, RULE_SIP, ConflictStatus.NEEDS_REVIEW);
    }
    if (group.size() == 1 && FieldPolicy.isFreeText(field)) {
      JsonObject merged = new JsonObject();
      merged.add(field, new JsonPrimitive(mergeText(text(server, field), text(device, field), in)));
      return new Decision(merged, RULE_TEXT, ConflictStatus.AUTO_RESOLVED);
    }
    if (group.size() == 1 && FieldPolicy.isPlain(type, field)) {
      return new Decision(device, RULE_PLAIN, ConflictStatus.AUTO_RESOLVED);
    }
    return new Decision(server, RULE_CLINICAL, ConflictStatus.NEEDS_REVIEW);
  }

  private static Decision checklistState(JsonObject server, JsonObject device) {
    String s = text(server, "state");
    String d = text(device, "state");
    boolean missingAndDone =
        ("MISSING".equals(s) && "DONE".equals(d)) || ("DONE".equals(s) && "MISSING".equals(d));
    if (missingAndDone) {
      return new Decision("MISSING".equals(d) ? device : server, RULE_MISSING_AND_DONE, ConflictStatus.NEEDS_REVIEW);
    }
    if ("DONE".equals(s) && (d == null || "UNCHECKED".equals(d))) {
      return new Decision(server, RULE_DONE_BEATS_STALE, ConflictStatus.AUTO_RESOLVED);
    }
    if ("DONE".equals(s) && "REOPENED".equals(d)) {
      return new Decision(server, RULE_REOPEN_UNSEEN, ConflictStatus.NEEDS_REVIEW);
    }
    if (s != null && s.equals(d)) {
      return new Decision(server, RULE_SAME_STATE, ConflictStatus.AUTO_RESOLVED);
    }
    return new Decision(server, RULE_CLINICAL, ConflictStatus.NEEDS_REVIEW);
  }

  /**
   * The time in a merged note's attribution: staff in Skåne read Swedish local time, as everywhere
   * else they see times, not UTC.
   */
  private static final java.time.ZoneId NOTE_ZONE = java.time.ZoneId.of("Europe/Stockholm");
  private static final java.time.format.DateTimeFormatter NOTE_TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /**
   * A device time as staff read it. In the hour the clocks go back it happens twice, so the
   * attribution then says which of the two (sommartid or normaltid).
   */
  static String noteTime(java.time.Instant t) {
    java.time.ZonedDateTime local = t.atZone(NOTE_ZONE);
    String text = NOTE_TIME.format(local);
    if (NOTE_ZONE.getRules().getValidOffsets(local.toLocalDateTime()).size() > 1) {
      text += NOTE_ZONE.getRules().isDaylightSavings(t) ? " sommartid" : " normaltid";
    }
    return text;
  }

  /** Both texts, the server's first, the device's attributed to its author and (Swedish local) time. */
  static String mergeText(String server, String device, MergeInput in) {
    if (server == null || server.isEmpty()) {
      return device == null ? "" : device;
    }
    if (device == null || device.isEmpty() || server.contains(device)) {
      return server;
    }
    String who = in.deviceAuthor() == null ? "okänd" : in.deviceAuthor();
    String when = in.deviceTime() == null ? "" : ", " + noteTime(in.deviceTime());
    return server + "\n\n[Samtidig anteckning av " + who + when + "]\n" + device;
  }

  static boolean isStopped(String lineStatus) {
    return "STOPPED".equals(lineStatus) || "COMPLETED".equals(lineStatus) || "ENTERED_IN_ERROR".equals(lineStatus);
  }

  static int deviationRank(String status) {
    if (status == null) {
      return -1;
    }
    switch (status) {
      case "REGISTERED":
        return 0;
      case "INVESTIGATING":
        return 1;
      case "ACTIONED":
        return 2;
      case "CLOSED":
        return 3;
      default:
        return -1;
    }
  }

  static JsonElement valueOf(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null ? JsonNull.INSTANCE : value;
  }

  static String text(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
