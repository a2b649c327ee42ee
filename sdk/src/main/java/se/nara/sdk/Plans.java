package se.nara.sdk;

import java.util.Comparator;
import java.util.List;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.PlanGoal;
import se.nara.sdk.protocol.EntityType;

/** Plans (SIP, patientkontrakt) with their goals and actions. */
public final class Plans {
  private final TypedRecords records;

  Plans(TypedRecords records) {
    this.records = records;
  }

  /** The patient's plans. */
  public List<Plan> forPatient(String patientId) {
    return records.byPatient(EntityType.PLAN, patientId, Comparator.comparing(Plan::id));
  }

  /** A plan's goals (mål). */
  public List<PlanGoal> goals(String planId) {
    return records.byParent(EntityType.PLAN_GOAL, planId, Comparator.comparing(PlanGoal::id));
  }

  /** A plan's actions (insatser), by due date. */
  public List<PlanAction> actions(String planId) {
    return records.byParent(
        EntityType.PLAN_ACTION,
        planId,
        Comparator.comparing(PlanAction::dueDate, Comparator.nullsLast(Comparator.<java.time.LocalDate>naturalOrder()))
            .thenComparing(PlanAction::id));
  }

  /** One goal, or null. */
  public PlanGoal goal(String goalId) {
    return records.get(EntityType.PLAN_GOAL, goalId);
  }

  /** One action, or null. */
  public PlanAction action(String actionId) {
    return records.get(EntityType.PLAN_ACTION, actionId);
  }

  /**
   * Saves a changed action (build it with {@code action.toBuilder()}). Only the fields that
   * differ from the copy that was read (its {@code version}) travel, with that version as the
   * base, so another device's change to other fields merges cleanly, even one that arrived after
   * the action was read.
   *
   * @throws StaleRecordException if the copy was read more than one pulled version ago; read it
   *     again and make the change on the current copy
   */
  public void updateAction(PlanAction changed) {
    records.update(EntityType.PLAN_ACTION, changed.id(), changed);
  }
}
