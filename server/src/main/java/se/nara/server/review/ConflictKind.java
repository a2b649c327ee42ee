package se.nara.server.review;

/** What a conflict is about, for filtering and ordering the queue (medication first). */
public enum ConflictKind {
  /** Läkemedel: lines, checks, discrepancies. */
  MEDICATION,
  /** Utskrivningschecklista. */
  CHECKLIST,
  /** SIP / plan. */
  PLAN,
  /** Besök. */
  VISIT,
  /** Everything else. */
  OTHER;

  /** The kind of a conflict on an entity of this wire type. */
  public static ConflictKind of(String entityType) {
    switch (entityType) {
      case "medication_line":
      case "medication_list":
      case "medication_check":
      case "medication_line_check":
      case "discrepancy":
        return MEDICATION;
      case "checklist_item":
      case "discharge_checklist":
        return CHECKLIST;
      case "plan":
      case "plan_goal":
      case "plan_action":
        return PLAN;
      case "visit":
        return VISIT;
      default:
        return OTHER;
    }
  }
}
