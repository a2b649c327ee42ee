package se.nara.server.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.nara.sdk.protocol.EntityType;

/**
 * What kind of value each field holds, per entity type: the table the conflict rules read. A
 * field not named here is a clinical value: a concurrent clash on it always needs a person.
 */
public final class FieldPolicy {
  private FieldPolicy() {}

  /** Free text where both versions are kept, each attributed (anteckningar). */
  private static final Set<String> FREE_TEXT =
      Set.of("note", "patientOwnGoals", "immediateAction", "measure");

  /** Fields where nothing clinical rides on the value: last change wins, the other is kept. */
  private static final Map<EntityType, Set<String>> PLAIN =
      Map.of(
          EntityType.VISIT, Set.of("plannedStart", "plannedEnd"),
          EntityType.PLAN_ACTION, Set.of("dueDate"),
          EntityType.PLAN_GOAL, Set.of("targetDate"),
          EntityType.PLAN, Set.of("followUpDate"),
          EntityType.CHECKLIST_ITEM, Set.of("sortOrder"),
          EntityType.CARE_EPISODE, Set.of("ward", "hospital"),
          EntityType.MEDICATION_LIST, Set.of("documentDate"));

  /**
   * A medication line's order: what is given (drug, strength, form), how much, how and how often,
   * and whether and from when to when it is given. These fields are one prescription decision: a
   * stop with another nurse's new dose, or a restart with a new dose, is a combination neither
   * prescriber made, so a concurrent change to any of them by another device, while this device
   * changes any of them, is one clash for a person (DOMAIN rule 5).
   */
  static final Set<String> MEDICATION_ORDER =
      set("status", "startDate", "stopDate", "drugName", "nplId", "substance", "strength", "form", "dose",
          "dosageText", "route", "frequency", "asNeeded", "doseDispensed");

  /** Who is responsible for a SIP action: the party (region or kommun) and its unit move together. */
  static final Set<String> SIP_ACTION_RESPONSIBILITY = set("responsible", "responsibleUnit");

  /** Who is responsible in a SIP: a change needs both huvudmän. */
  private static final Map<EntityType, Set<String>> SIP_RESPONSIBILITY =
      Map.of(
          EntityType.PLAN_ACTION, SIP_ACTION_RESPONSIBILITY,
          EntityType.PLAN, Set.of("overallResponsible"));

  /**
   * Fields that change together and are decided together (a state and who set it when): when
   * another device changed any field of a group after this device's base, and this device
   * changes any field of it, the whole group is one clash.
   */
  private static final Map<EntityType, List<Set<String>>> GROUPS =
      Map.of(
          EntityType.MEDICATION_LINE, List.of(MEDICATION_ORDER),
          EntityType.PLAN_ACTION, List.of(SIP_ACTION_RESPONSIBILITY),
          EntityType.CHECKLIST_ITEM,
              List.of(set("state", "confirmedBy", "confirmedAt", "reopenReason")),
          EntityType.DISCREPANCY, List.of(set("resolution", "resolvedBy", "resolvedAt")),
          EntityType.MEDICATION_CHECK, List.of(set("status", "completedAt", "seenLineVersions")),
          EntityType.DISCHARGE_CHECKLIST, List.of(set("status", "seenItemVersions")),
          // a reason for moving back belongs to that move: it never lands without it
          EntityType.DEVIATION, List.of(set("status", "statusReason")));

  /**
   * SVU times come from the messages of the hospital's systems, never from a tablet clock; so does
   * the flag the server derives from them.
   */
  static final Set<String> SVU_TIMES =
      Set.of("inskrivenAt", "insatsbehovBedomtAt", "inskrivningsmeddelandeLate", "inskrivningsmeddelandeAt", "beraknadUtskrivningAt", "utskrivningsklarAt",
          "ejLangreUtskrivningsklarAt", "utskrivenAt", "sipKallelseAt", "sipHeldAt",
          "sipNeededAt", "sipNotNeededAt");

  /** Review fields are set by a team leader's review on the server, never by a device. */
  static final Set<String> REVIEW_FIELDS =
      Set.of("reviewState", "reviewedBy", "reviewedAt", "reviewedVersion", "reviewNote");

  /** Fields a device may never write, with the reason it is told. */
  public static String serverOnlyReason(EntityType type, String field) {
    if (type == EntityType.CARE_EPISODE && (SVU_TIMES.contains(field) || field.equals("status"))) {
      return "SVU times and status come from the SVU messages, not from a tablet";
    }
    if (type == EntityType.VISIT && REVIEW_FIELDS.contains(field)) {
      return "review fields are set by a team leader's review";
    }
    if ((type == EntityType.VISIT || type == EntityType.PLAN) && field.equals("amendsId")) {
      return "amendments are linked by the server";
    }
    return null;
  }

  /** Whether a clash on the field keeps both texts. */
  static boolean isFreeText(String field) {
    return FREE_TEXT.contains(field);
  }

  /** Whether a clash on the field may resolve automatically. */
  static boolean isPlain(EntityType type, String field) {
    return PLAIN.getOrDefault(type, Collections.emptySet()).contains(field);
  }

  /** Whether the field says who is responsible in a SIP. */
  static boolean isSipResponsibility(EntityType type, String field) {
    return SIP_RESPONSIBILITY.getOrDefault(type, Collections.emptySet()).contains(field);
  }

  /**
   * Splits the touched fields into decision groups: fields of one group (a checklist item's
   * state with its confirmer and time) are decided together, every other field alone.
   */
  static List<Set<String>> groupsOf(EntityType type, Set<String> touched) {
    List<Set<String>> groups = new ArrayList<>();
    Set<String> rest = new LinkedHashSet<>(touched);
    for (Set<String> group : GROUPS.getOrDefault(type, Collections.emptyList())) {
      Set<String> hit = new LinkedHashSet<>(group);
      hit.retainAll(touched);
      if (!hit.isEmpty()) {
        groups.add(group);
        rest.removeAll(group);
      }
    }
    for (String field : rest) {
      groups.add(Set.of(field));
    }
    return groups;
  }

  private static Set<String> set(String... fields) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(fields)));
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }
}
