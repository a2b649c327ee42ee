package se.nara.sdk.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to an {@link EmergencyAccessRequest}: the patient's records as the server holds them
 * now, for reading. They are not part of the device's sync: nothing here enters its local store
 * or outbox, and the read was logged before the answer left the server.
 */
public final class EmergencyAccessResponse {
  private final String patientId;
  private final Instant openedAt;
  private final List<SyncRecord> records;

  /** Creates a response. */
  public EmergencyAccessResponse(String patientId, Instant openedAt, List<SyncRecord> records) {
    this.patientId = patientId;
    this.openedAt = openedAt;
    this.records = Collections.unmodifiableList(new ArrayList<>(records));
  }

  /** The patient's id. */
  public String patientId() {
    return patientId;
  }

  /** Server time of the access, as logged. */
  public Instant openedAt() {
    return openedAt;
  }

  /** The patient's records (the patient record itself included), in commit order. */
  public List<SyncRecord> records() {
    return records == null ? Collections.<SyncRecord>emptyList() : Collections.unmodifiableList(records);
  }
}
