package se.nara.sdk;

import java.time.Clock;
import java.util.ArrayList;
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
  private final NaraClient client;
  private final Clock clock;

  Plans(TypedRecords records, NaraClient client, Clock clock) {
    this.records = records;
    this.client = client;
    this.clock = clock;
  }

  /** One plan, or null. */
  public Plan plan(String planId) {
    return records.get(EntityType.PLAN, planId);
  }

  /**
   * Signs the plan as the current user, with the device time, and records the versions of its goals
   * and actions the signer sees now: the server names any that another tablet changed in the
   * meantime for a team leader to check, so the signature never silently covers what its signer
   * did not see. A signed plan is immutable; later changes to it become a linked new version.
   *
   * @throws IllegalArgumentException if the plan is not on this device or is already signed
   */
  public Plan sign(String planId) {
    Plan plan = plan(planId);
    if (plan == null) {
      throw new IllegalArgumentException("no plan " + planId + " on this device");
    }
    if (plan.signedAt() != null) {
      throw new IllegalArgumentException("the plan is already signed");
    }
    List<String> seen = new ArrayList<>();
    for (PlanGoal g : goals(planId)) {
      seen.add(g.id() + "@" + g.version());
    }
    for (PlanAction a : actions(planId)) {
      seen.add(a.id() + "@" + a.version());
    }
    Plan signed =
        plan.toBuilder()
            .signedBy(client.requireSession().staffId())
            .signedAt(clock.instant())
            .seenPartVersions(seen)
            .build();
    records.update(EntityType.PLAN, planId, signed);
    return plan(planId);
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
