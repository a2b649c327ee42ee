package se.nara.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.ChecklistItem;
import se.nara.sdk.model.ConflictRecord;
import se.nara.sdk.model.Deviation;
import se.nara.sdk.model.DischargeChecklist;
import se.nara.sdk.model.MedicationCheck;
import se.nara.sdk.model.MedicationLine;
import se.nara.sdk.model.MedicationList;
import se.nara.sdk.model.Patient;
import se.nara.sdk.model.Plan;
import se.nara.sdk.model.PlanAction;
import se.nara.sdk.model.PlanGoal;

/**
 * Everything a patient screen shows, read in one go: the SVU case, the plan, the discharge
 * checklist, the medication lists with the state of their checks, deviations and open conflicts.
 */
public final class PatientOverview {
  private final Patient patient;
  private final List<CareEpisode> episodes;
  private final List<Plan> plans;
  private final Map<String, List<PlanGoal>> goals;
  private final Map<String, List<PlanAction>> actions;
  private final List<DischargeChecklist> checklists;
  private final Map<String, List<ChecklistItem>> items;
  private final List<MedicationList> medicationLists;
  private final Map<String, List<MedicationLine>> lines;
  private final List<MedicationCheck> checks;
  private final List<Deviation> deviations;
  private final List<ConflictRecord> openConflicts;

  PatientOverview(
      Patient patient,
      List<CareEpisode> episodes,
      List<Plan> plans,
      Map<String, List<PlanGoal>> goals,
      Map<String, List<PlanAction>> actions,
      List<DischargeChecklist> checklists,
      Map<String, List<ChecklistItem>> items,
      List<MedicationList> medicationLists,
      Map<String, List<MedicationLine>> lines,
      List<MedicationCheck> checks,
      List<Deviation> deviations,
      List<ConflictRecord> openConflicts) {
    this.patient = patient;
    this.episodes = episodes;
    this.plans = plans;
    this.goals = goals;
    this.actions = actions;
    this.checklists = checklists;
    this.items = items;
    this.medicationLists = medicationLists;
    this.lines = lines;
    this.checks = checks;
    this.deviations = deviations;
    this.openConflicts = openConflicts;
  }

  /** The patient. */
  public Patient patient() {
    return patient;
  }

  /** The current SVU case (newest), or null. */
  public CareEpisode currentEpisode() {
    return episodes.isEmpty() ? null : episodes.get(0);
  }

  /** All SVU cases, newest first. */
  public List<CareEpisode> episodes() {
    return episodes;
  }

  /** Plans (SIP, patientkontrakt). */
  public List<Plan> plans() {
    return plans;
  }

  /** Goals of a plan. */
  public List<PlanGoal> goals(String planId) {
    return orEmpty(goals.get(planId));
  }

  /** Actions of a plan. */
  public List<PlanAction> actions(String planId) {
    return orEmpty(actions.get(planId));
  }

  /** Discharge checklists. */
  public List<DischargeChecklist> checklists() {
    return checklists;
  }

  /** Items of a checklist. */
  public List<ChecklistItem> items(String checklistId) {
    return orEmpty(items.get(checklistId));
  }

  /** Medication lists, one per source. */
  public List<MedicationList> medicationLists() {
    return medicationLists;
  }

  /** Lines of a medication list. */
  public List<MedicationLine> lines(String listId) {
    return orEmpty(lines.get(listId));
  }

  /** Medication checks, with their status (open discrepancies or complete). */
  public List<MedicationCheck> medicationChecks() {
    return checks;
  }

  /** Deviations (avvikelser). */
  public List<Deviation> deviations() {
    return deviations;
  }

  /** Conflicts on this patient's records that still need review. */
  public List<ConflictRecord> openConflicts() {
    return openConflicts;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? Collections.<T>emptyList() : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
