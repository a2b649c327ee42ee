package se.nara.sdk;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import se.nara.sdk.model.Patient;
import se.nara.sdk.protocol.EmergencyAccessResponse;
import se.nara.sdk.protocol.EntityType;
import se.nara.sdk.protocol.Json;
import se.nara.sdk.protocol.SyncRecord;

/**
 * What a nödåtkomst returned: one patient's records as the server held them at {@link
 * #openedAt()}, for reading now. It lives only in memory. It is not in the local store, is not
 * kept up to date by sync, and cannot be edited; writing for the patient needs a care relationship.
 * Show it as nödåtkomst (e.g. a red banner with the time), and let it go when the screen closes.
 */
public final class EmergencyView {
  private final String patientId;
  private final Instant openedAt;
  private final Patient patient;
  private final List<Object> records;

  private EmergencyView(String patientId, Instant openedAt, Patient patient, List<Object> records) {
    this.patientId = patientId;
    this.openedAt = openedAt;
    this.patient = patient;
    this.records = records;
  }

  /**
   * Decodes the server's answer. Records marked entered-in-error are left out, as in every list;
   * records of a type this SDK version does not know are skipped (a newer server may send more).
   */
  static EmergencyView of(EmergencyAccessResponse response) {
    Patient patient = null;
    List<Object> records = new ArrayList<>();
    for (SyncRecord r : response.records()) {
      EntityType type = EntityType.fromWireName(r.type());
      JsonObject data = r.data();
      if (type == null || r.tombstone() || data == null) {
        continue;
      }
      data = data.deepCopy();
      data.addProperty("id", r.id());
      data.addProperty("version", r.version());
      Object model = Json.fromData(data, type.modelClass());
      if (model instanceof Patient) {
        patient = (Patient) model;
      } else {
        records.add(model);
      }
    }
    return new EmergencyView(response.patientId(), response.openedAt(), patient, Collections.unmodifiableList(records));
  }

  /** The patient's id. */
  public String patientId() {
    return patientId;
  }

  /** When the server granted the access and logged it. */
  public Instant openedAt() {
    return openedAt;
  }

  /** The patient (a protected identity's address is not included). */
  public Patient patient() {
    return patient;
  }

  /**
   * The patient's records of one model class, in the order the server last changed them, e.g.
   * {@code recordsOf(MedicationLine.class)} for the medication lines.
   */
  public <T> List<T> recordsOf(Class<T> modelClass) {
    List<T> out = new ArrayList<>();
    for (Object record : records) {
      if (modelClass.isInstance(record)) {
        out.add(modelClass.cast(record));
      }
    }
    return Collections.unmodifiableList(out);
  }
}
