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

  Patients(TypedRecords records) {
    this.records = records;
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
