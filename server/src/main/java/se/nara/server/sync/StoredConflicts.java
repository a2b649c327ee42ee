package se.nara.server.sync;

import com.google.gson.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nara.sdk.model.ConflictRecord;
import se.nara.server.store.StoredRecord;

/**
 * Reads stored conflict records for the services that list or decide them. A row that does not
 * decode (written before its values were checked, or damaged) is left out with a warning naming
 * it, so one bad row never takes down a team leader's whole review queue or fleet view.
 */
public final class StoredConflicts {
  private static final Logger LOG = LoggerFactory.getLogger(StoredConflicts.class);

  private StoredConflicts() {}

  /** The conflict in {@code row}, or null (logged at WARN) when it cannot be read. */
  public static ConflictRecord readOrNull(StoredRecord row) {
    try {
      JsonObject data = row.data().deepCopy();
      data.addProperty("version", row.version());
      ConflictRecord c = se.nara.sdk.protocol.Json.fromData(data, ConflictRecord.class);
      if (c.entityType() == null || c.entityId() == null || c.status() == null || c.fields() == null
          || c.deviceValue() == null || c.serverValue() == null) {
        throw new IllegalStateException("entityType, entityId, status, fields, serverValue or deviceValue missing");
      }
      return c;
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage());
      LOG.warn("conflict record {} (patient {}, version {}) cannot be read and is left out: {}",
          row.id(), row.patientId(), row.version(), why.length() > 200 ? why.substring(0, 200) + "…" : why);
      return null;
    }
  }
}
