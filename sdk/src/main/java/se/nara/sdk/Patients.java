package se.nara.sdk;

import java.util.Comparator;
import java.util.List;
import se.nara.sdk.internal.store.TypedRecords;
import se.nara.sdk.model.CareEpisode;
import se.nara.sdk.model.Patient;
import se.nara.sdk.protocol.EntityType;

/** The patients in the care of the signed-in user's teams, as synced to this device. */
public final class Patients {
  private final TypedRecords records;
  private final NaraClient client;

  Patients(TypedRecords records, NaraClient client) {
    this.records = records;
    this.client = client;
  }

  /**
   * Everything a patient screen shows, in one call: SVU case, plan with goals and actions,
   * discharge checklist with items, medication lists with lines and checks, deviations and
   * open conflicts. Null if the patient is not on this device.
   */
  public PatientOverview overview(String patientId) {
    Patient patient = get(patientId);
    if (patient == null) {
      return null;
    }
    java.util.List<se.nara.sdk.model.Plan> plans = client.plans().forPatient(patientId);
    java.util.Map<String, List<se.nara.sdk.model.PlanGoal>> goals = new java.util.HashMap<>();
    java.util.Map<String, List<se.nara.sdk.model.PlanAction>> actions = new java.util.HashMap<>();
    for (se.nara.sdk.model.Plan plan : plans) {
      goals.put(plan.id(), client.plans().goals(plan.id()));
      actions.put(plan.id(), client.plans().actions(plan.id()));
    }
    List<se.nara.sdk.model.DischargeChecklist> checklists = client.checklists().forPatient(patientId);
    java.util.Map<String, List<se.nara.sdk.model.ChecklistItem>> items = new java.util.HashMap<>();
    for (se.nara.sdk.model.DischargeChecklist c : checklists) {
      items.put(c.id(), client.checklists().items(c.id()));
    }
    List<se.nara.sdk.model.MedicationList> lists = client.medications().lists(patientId);
    java.util.Map<String, List<se.nara.sdk.model.MedicationLine>> lines = new java.util.HashMap<>();
    for (se.nara.sdk.model.MedicationList l : lists) {
      lines.put(l.id(), client.medications().lines(l.id()));
    }
    List<se.nara.sdk.model.ConflictRecord> open = new java.util.ArrayList<>();
    for (se.nara.sdk.model.ConflictRecord c : client.conflicts().forPatient(patientId)) {
      if (c.status() == se.nara.sdk.model.ConflictStatus.NEEDS_REVIEW) {
        open.add(c);
      }
    }
    return new PatientOverview(
        patient, episodes(patientId), plans, goals, actions, checklists, items, lists, lines,
        client.medications().checks(patientId), client.checklists().deviations(patientId), open);
  }

  /** My team's patients, sorted by name. */
  public List<Patient> all() {
    return records.byPatient(
        EntityType.PATIENT, null, Comparator.comparing(Patient::name, Comparator.nullsLast(String::compareTo)));
  }

  /** One patient, or null if it is not on this device. */
  public Patient get(String patientId) {
    return records.get(EntityType.PATIENT, patientId);
  }

  /** The patient's care episodes (SVU cases), newest inskrivning first. */
  public List<CareEpisode> episodes(String patientId) {
    return records.byPatient(
        EntityType.CARE_EPISODE,
        patientId,
        Comparator.comparing(
                CareEpisode::inskrivningsmeddelandeAt, Comparator.nullsLast(Comparator.<java.time.Instant>naturalOrder()))
            .reversed());
  }
}
